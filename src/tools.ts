import type { z } from 'zod';
import type { Family } from './breakers.ts';

export type Role = 'reader' | 'analyst' | 'admin';
export type TtlKind = 'mep' | 'vote' | 'plenary' | 'document' | 'committee' | 'other';

/** One upstream resource a tool needs. Each is cached (L1 and L2) and coalesced on its own. */
export interface Source {
  family: Family;
  /** Path under the EP API base (or the DOCEO base for `doceo`). */
  path: string;
  query?: Record<string, string | number>;
  accept?: string;
  ttl: TtlKind;
  /** A 404 here means "nothing", not a failure. */
  optional?: boolean;
}

/** The store key of a source: path plus sorted query. */
export function sourceKey(s: Source): string {
  const q = Object.entries(s.query ?? {})
    // Code-unit order: keys are ASCII, and localeCompare costs an ICU collation per comparison.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${s.family}:${s.path}${q ? `?${q}` : ''}`;
}

/**
 * A handler is what a worker instance runs: it turns a source into the exact
 * upstream request, and/or runs CPU-heavy work in the instance's own thread.
 * Its module is imported lazily: the instance's cold start.
 */
export interface HandlerModule {
  init?(): Promise<void>;
  upstream?(params: Record<string, unknown>): import('./environment.ts').UpstreamRequest;
  thread?: import('./threads/stage.ts').ThreadStage;
}

/** One MCP tool as the pipeline and the server see it. */
export interface ToolDefinition<P extends Record<string, unknown> = Record<string, unknown>, R = unknown> {
  name: string;
  title: string;
  description: string;
  /** The breaker family that matters most for this tool. */
  family: Family;
  requiredRole: Role;
  /** How long a finished result stays fresh in L1. */
  ttl: TtlKind;
  input: z.ZodType<P>;
  output: z.ZodType<R>;
  /** What to fetch for these params. */
  sources(params: P): Source[];
  /** Set when a workflow actor (this machine key), not `sources`, gathers the data. */
  workflow?: string;
  /** A second stage, planned from the first stage's data (e.g. details of listed items). */
  expand?(params: P, first: unknown[]): Source[];
  /** A last stage, for what the first two did not give (e.g. a fresher source for missing data). */
  fallback?(params: P, sofar: unknown[]): Source[];
  /** Identity of the finished result. */
  resultKey(params: P): string;
  /** Raw data (one entry per source, first stage then second) into the result; may be async (analytics run through a seam that can use threads). */
  transform(raw: unknown[], params: P): R | Promise<R>;
  /** A short text rendering of the result. */
  render(result: R): string;
}

export type ToolRegistry = ReadonlyMap<string, ToolDefinition<any, any>>;
export type HandlerRegistry = Readonly<Record<string, () => Promise<HandlerModule>>>;
