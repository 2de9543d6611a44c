// The EP domain layer in one import: clean objects (with zod schemas for MCP
// `outputSchema`s) built from upstream JSON-LD records. Pure; no I/O.
export * from './committee.ts';
export * from './document.ts';
export * from './mep.ts';
export * from './page.ts';
export * from './participant.ts';
export * from './procedure.ts';
export * from './question.ts';
export * from './sitting.ts';
export * from './vote.ts';
export type { OrgLabel, OrgLookup, TransformOptions } from './labels.ts';
