// Reading link arrays that point at documents and procedures. Links are
// relative JSON-LD ids (`eli/dl/doc/A-9-2024-0163`), sometimes deeper
// (`…/en/pdf`) or embedded records; domain objects carry the bare local id.
import { idsOf } from './jsonld.ts';

/** `eli/dl/doc/A-9-2024-0163` (or `…/A-9-2024-0163/en/pdf`, or a bare id) → `A-9-2024-0163`. */
export function docIdOfLink(link: string): string | null {
  const rest = link.startsWith('eli/dl/doc/') ? link.slice('eli/dl/doc/'.length) : link.includes('/') ? null : link;
  const id = rest?.split('/')[0] ?? '';
  return /^[A-Z0-9][A-Za-z0-9-]*$/.test(id) ? id : null;
}

/** Distinct document ids linked from any of the given field values. */
export function docIdsOf(...values: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    for (const link of idsOf(v)) {
      const id = docIdOfLink(link);
      if (id !== null) out.add(id);
    }
  }
  return [...out];
}

/** Distinct procedure ids (API form `2024-2006`) among `eli/dl/proc/…` links. */
export function procedureIdsOf(...values: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    for (const link of idsOf(v)) {
      const m = /^eli\/dl\/proc\/(\d{4}-\d{4}[A-Z]?)$/.exec(link);
      if (m) out.add(m[1]);
    }
  }
  return [...out];
}
