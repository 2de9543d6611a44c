import fc from 'fast-check';

/** Strings a client might send: real ids in every accepted form, near misses and hostile ones. */
const PLAUSIBLE = [
  '1294', 'MEP-1294', 'person/1294', '124936', '0', '-1', '99999999999', 'ENVI', 'envi', '7913', 'AFCO', 'MTG-PL-2024-04-24', 'MTG-PL-2025-03-12',
  'MTG-PL-2024-13-45', '2024-2006', '2024/2006(REG)', '2024/0001(COD)', 'A-10-2024-0001', 'A10-0001/2024', 'TA-9-2024-0315', 'E-10-2024-001357',
  '2025-03-12', '2025-02-30', '1999-01-01', '2100-12-31', 'BE', 'DE', 'XX', 'S&D', 'EPP', 'Greens/EFA', 'en', 'fr', 'zz', 'written', 'meps',
  '../../etc/passwd', '..%2F..%2F', 'person/1294?x=1#y', '1294/../../admin', 'http://evil.example/', '%00', '\u0000', 'ÄÖÜ', '🙂', ' ', '',
];

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string };

const anyJson = fc.jsonValue({ maxDepth: 2 });

function valueFor(s: Schema): fc.Arbitrary<unknown> {
  const wrong = anyJson;
  if (s.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: wrong });
  switch (s.type) {
    case 'string': {
      const strings = [fc.constantFrom(...PLAUSIBLE), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 })];
      if (s.pattern) strings.push(fc.stringMatching(new RegExp(s.pattern)));
      return fc.oneof({ weight: 5, arbitrary: fc.oneof(...strings) }, { weight: 1, arbitrary: wrong });
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? -1e6;
      const hi = s.maximum ?? 1e6;
      const n = s.type === 'integer' ? fc.integer({ min: Math.ceil(lo) - 2, max: Math.floor(hi) + 2 }) : fc.double({ min: lo - 2, max: hi + 2, noNaN: true });
      return fc.oneof({ weight: 5, arbitrary: n }, { weight: 1, arbitrary: fc.constantFrom(1.5, -0, Number.MAX_SAFE_INTEGER, '12') }, { weight: 1, arbitrary: wrong });
    }
    case 'boolean':
      return fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrong });
    case 'array':
      return fc.oneof({ weight: 5, arbitrary: fc.array(s.items ? valueFor(s.items) : anyJson, { maxLength: 5 }) }, { weight: 1, arbitrary: wrong });
    default:
      return wrong;
  }
}

/**
 * Arguments for a tool from its advertised input schema: mostly well-typed
 * values (real, near-miss and hostile strings), sometimes a wrong type, a
 * missing required field or an unknown key.
 */
export function argumentsFor(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const fields = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v)]));
  const shaped = fc.record(fields, { requiredKeys: (schema.required ?? []).filter((k) => k in fields) });
  const loose = fc.record(fields, { requiredKeys: [] });
  const extra = fc.tuple(shaped, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyJson, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 2, arbitrary: loose }, { weight: 1, arbitrary: extra }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 }) }) as fc.Arbitrary<Record<string, unknown>>;
}
