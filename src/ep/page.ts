// The pagination envelope every list tool returns. Upstream has no total
// count (facts sheet §2.3), so `total` is only set when the whole set was
// seen (e.g. after local filtering), and `nextOffset` says whether to go on.
import { z } from 'zod';

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1),
    total: z.number().int().min(0).optional(),
    /** Offset of the next page, or null when this is the last one. */
    nextOffset: z.number().int().min(0).nullable(),
  });
}

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  total?: number;
  nextOffset: number | null;
}

/**
 * A page of upstream results. Without `total`, a full page (items.length ≥
 * limit) is taken to mean there may be more, as upstream gives no count.
 */
export function makePage<T>(items: T[], offset: number, limit: number, total?: number): Page<T> {
  const end = offset + items.length;
  const more = total !== undefined ? end < total : items.length >= limit;
  return { items, offset, limit, ...(total !== undefined ? { total } : {}), nextOffset: more ? end : null };
}

/** Slice an already complete (e.g. locally filtered) list into a page with a known total. */
export function pageOf<T>(all: T[], offset: number, limit: number): Page<T> {
  return makePage(all.slice(offset, offset + limit), offset, limit, all.length);
}
