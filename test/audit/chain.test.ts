import { describe, expect, it } from 'vitest';
import { GENESIS, canonical, macValid, seal } from '../../src/audit/chain.ts';
import { KEY, OTHER_KEY } from './helpers.ts';

describe('chain', () => {
  it('serialises canonically: sorted keys at every depth, stable under a JSON round trip', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonical(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonical(b)).toBe(canonical(a));
    const odd = { when: new Date(0), gone: undefined, nan: NaN, list: [undefined], neg: -0 };
    expect(canonical(JSON.parse(JSON.stringify(odd)))).toBe(canonical(odd));
    expect(canonical(JSON.parse('{"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1}}');
    expect(() => canonical(undefined)).toThrow(TypeError);
  });

  it('seals with a MAC that covers every field, prev included', () => {
    const e = seal({ seq: 0, ts: '2024-01-01T00:00:00.000Z', type: 't', who: 'alice', prev: GENESIS }, KEY);
    expect(e.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(macValid(e, KEY)).toBe(true);
    expect(macValid(JSON.parse(JSON.stringify(e)), KEY)).toBe(true);
    expect(macValid(e, OTHER_KEY)).toBe(false);
    expect(macValid({ ...e, who: 'alicf' }, KEY)).toBe(false);
    expect(macValid({ ...e, prev: 'x' }, KEY)).toBe(false);
    expect(macValid({ ...e, mac: `${e.mac}zz` }, KEY)).toBe(false);
    expect(Object.keys(e)).toEqual(['seq', 'ts', 'type', 'who', 'prev', 'mac']);
  });
});
