import type { z } from 'zod';
import type { UpstreamRequest } from './environment.ts';

export type Role = 'reader' | 'analyst' | 'admin';
export type TtlKind = 'mep' | 'vote' | 'plenary' | 'document' | 'committee' | 'other';

/**
 * A handler is what a worker instance runs: the code that turns validated
 * parameters into an upstream request. Its module is imported lazily, which is
 * the instance's cold start.
 */
export interface HandlerModule {
  init?(): Promise<void>;
  upstream(params: Record<string, unknown>): UpstreamRequest;
}

/** One MCP tool as the pipeline sees it. */
export interface ToolDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  family: string;
  handler: string;
  requiredRole: Role;
  ttl: TtlKind;
  input: z.ZodType<P>;
  /** Identity of the upstream data these params need (shared across tools and pages). */
  dataKey(params: P): string;
  /** Identity of the finished result (data key plus view options such as page and language). */
  resultKey(params: P): string;
  transform(raw: unknown, params: P): unknown;
}

export type ToolRegistry = ReadonlyMap<string, ToolDefinition<any>>;
export type HandlerRegistry = Readonly<Record<string, () => Promise<HandlerModule>>>;
