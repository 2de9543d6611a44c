import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as domain from '../../src/ep/domain.ts';

// MCP tool outputSchemas must convert to JSON Schema objects.
describe('domain schemas as MCP outputSchemas', () => {
  const schemas = {
    Mep: domain.MepSchema, Committee: domain.CommitteeSchema, PlenarySitting: domain.PlenarySittingSchema,
    Vote: domain.VoteSchema, Document: domain.DocumentSchema, Question: domain.QuestionSchema,
    Procedure: domain.ProcedureSchema, 'page(Mep)': domain.page(domain.MepSchema),
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} converts to an object JSON Schema`, () => {
      const json = z.toJSONSchema(schema as z.ZodType, { io: 'output' }) as { type?: string; properties?: object };
      expect(json.type).toBe('object');
      expect(Object.keys(json.properties ?? {}).length).toBeGreaterThan(3);
    });
  }
});
