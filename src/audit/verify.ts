import { type Entry, GENESIS, macValid } from './chain.ts';

export type Problem = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'malformed' | 'truncated';

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; line: number; seq: number | null; problem: Problem; message: string };

/**
 * Checks an audit file and names the FIRST line that is out of order with the
 * chain. Lines are read in order; a line is accepted when its MAC verifies,
 * its seq is the next expected one (0 first) and its prev is the MAC of the
 * line accepted before it (GENESIS first). `entries` counts the accepted
 * lines, i.e. the prefix that verifies.
 *
 * The first line that is not accepted is classified:
 *
 * malformed — not JSON, or not an object with seq (integer ≥ 0), ts, type,
 *   prev and mac (strings). A blank line in the middle counts as malformed.
 * truncated — the last line has no newline and is not JSON: a crash in the
 *   middle of a write. Only reported when every complete line verifies.
 *
 * MAC does not verify (only the key holder can make valid MACs):
 *   inserted — its MAC repeats an accepted line's (an altered copy); or
 *     the next line's prev is the MAC accepted before this one, so the chain
 *     runs around this line (a forged line, whatever MAC it carries); or,
 *     with no next line to tell, its seq repeats an earlier one.
 *   edited — otherwise: it sits where an entry belongs (typically the next
 *     line's prev is its own MAC), so content, seq, prev or mac were changed.
 *     A forged line appended after the real last one looks the same and is
 *     reported as edited too.
 *
 * MAC verifies but seq/prev do not continue the chain (a genuine entry in
 * the wrong place):
 *   inserted — the same MAC appears on another line (a copy).
 *   reordered — its prev is the MAC of a LATER line: it was moved up, or
 *     something before it was moved down (seq went backwards/forwards).
 *   deleted — its seq is ahead of the expected one and what it links to is
 *     not in the file; `seq` names the first missing entry.
 *   inserted — anything else (a genuine entry from another chain).
 *
 * Not detectable from the file alone: removing entries from the END (the
 * remaining prefix is a valid chain) or replacing the whole file. Anchor the
 * last seq/MAC elsewhere if that matters.
 *
 * MACs cover the parsed content, not the bytes: reformatting a line (spaces,
 * key order, "1.0" for "1") changes nothing that is verified.
 */
export function verifyAudit(text: string, key: Buffer): VerifyResult {
  const lines = text.split('\n');
  let partial = lines.pop()!; // what follows the last newline: '' when the file ends cleanly
  if (partial !== '' && isJson(partial)) {
    lines.push(partial); // a complete entry missing only its newline is checked like any other
    partial = '';
  }

  const cache: (Parsed | undefined)[] = [];
  const at = (i: number): Parsed => (cache[i] ??= parse(lines[i]!));
  const entryAt = (i: number): Entry | undefined => {
    if (i >= lines.length) return undefined;
    const p = at(i);
    return 'entry' in p ? p.entry : undefined;
  };
  /** The first line after i (1-based number) whose entry satisfies `test`. */
  const laterLine = (i: number, test: (e: Entry) => boolean): number | undefined => {
    for (let j = i + 1; j < lines.length; j++) {
      const e = entryAt(j);
      if (e && test(e)) return j + 1;
    }
    return undefined;
  };

  let expected = 0;
  let prev = GENESIS;
  let prevLine = 0;
  const seen = new Map<string, number>(); // mac → line it was accepted on

  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const p = at(i);
    const fail = (problem: Problem, seq: number | null, message: string): VerifyResult =>
      ({ ok: false, entries: expected, line, seq, problem, message });
    if (!('entry' in p)) return fail('malformed', p.seq, p.why);
    const e = p.entry;
    const after = prevLine === 0 ? 'the start of the file' : `line ${prevLine}`;

    if (!macValid(e, key)) {
      const copyOf = seen.get(e.mac);
      if (copyOf !== undefined) return fail('inserted', e.seq, `the MAC does not verify and repeats the MAC of line ${copyOf}`);
      const next = entryAt(i + 1);
      if (next?.prev === e.mac) return fail('edited', e.seq, 'the MAC does not match its content');
      if (next?.prev === prev) return fail('inserted', e.seq, `forged line: the MAC does not verify and the next line links past it to ${after}`);
      if (e.seq < expected) return fail('inserted', e.seq, `forged line: the MAC does not verify and seq ${e.seq} repeats an earlier entry`);
      return fail('edited', e.seq, 'the MAC does not match its content');
    }

    if (e.seq === expected && e.prev === prev) {
      seen.set(e.mac, line);
      prev = e.mac;
      prevLine = line;
      expected++;
      continue;
    }

    const copyOf = seen.get(e.mac) ?? laterLine(i, (x) => x.mac === e.mac);
    if (copyOf !== undefined) return fail('inserted', e.seq, `a copy of the entry on line ${copyOf}`);
    const linksTo = laterLine(i, (x) => x.mac === e.prev);
    if (linksTo !== undefined) {
      return fail('reordered', e.seq, `seq ${expected} belongs here, but this entry (seq ${e.seq}) follows the entry on line ${linksTo}`);
    }
    if (e.seq > expected) {
      const n = e.seq - expected;
      const range = n === 1 ? `seq ${expected} is` : `seq ${expected}–${e.seq - 1} are`;
      return fail('deleted', expected, `${range} missing: this line holds seq ${e.seq} and links to an entry not in the file`);
    }
    return fail('inserted', e.seq, `a genuine entry that does not continue the chain after ${after} (seq ${e.seq}, expected ${expected})`);
  }

  if (partial !== '') {
    return { ok: false, entries: expected, line: lines.length + 1, seq: null, problem: 'truncated', message: 'the last line is incomplete (a crash in the middle of a write?)' };
  }
  return { ok: true, entries: expected };
}

type Parsed = { entry: Entry } | { why: string; seq: number | null };

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

function parse(text: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { why: text.trim() === '' ? 'an empty line' : 'not JSON', seq: null };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { why: 'not a JSON object', seq: null };
  const o = v as Record<string, unknown>;
  const seq = Number.isSafeInteger(o.seq) && (o.seq as number) >= 0 ? (o.seq as number) : null;
  if (seq === null) return { why: 'no valid seq', seq: null };
  for (const k of ['ts', 'type', 'prev', 'mac']) {
    if (typeof o[k] !== 'string') return { why: `no valid ${k}`, seq };
  }
  return { entry: o as Entry };
}
