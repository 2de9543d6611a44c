import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../environment.ts';
import type { ReportPlan } from './input.ts';

/** A report's id: the same request (type, subject, period) always has the same id, so the latest copy wins. */
export function reportId(plan: ReportPlan): string {
  const what = JSON.stringify([plan.reportType, plan.subject, plan.period?.from ?? null, plan.period?.to ?? null]);
  return createHash('sha256').update(what).digest('hex').slice(0, 16);
}

export const reportKey = (id: string) => `report:${id}`;
export const reportUri = (id: string) => `ep://reports/${id}`;

/** A stored report, or null when there is none (never made, or expired). */
export async function storedReport(store: KeyValueStore, id: string): Promise<Record<string, unknown> | null> {
  if (!/^[0-9a-f]{16}$/.test(id)) return null;
  const got = (await store.get(reportKey(id))) as { value?: Record<string, unknown> } | undefined;
  return got?.value ?? null;
}
