import { defaultSerialize } from '@keyv/serialize';
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { storeCodec } from '../../src/store/codec.ts';

describe('store codec', () => {
  const row = { value: { value: { id: '1294', label: ':colon first', n: 3, list: [1, null, 'x'] }, fetchedAt: 5, ttlMs: 10 }, expires: 99 };

  it('writes native JSON, marked, and reads it back', () => {
    const text = storeCodec.serialize(row) as string;
    expect(text.startsWith('j:')).toBe(true);
    expect(JSON.parse(text.slice(2))).toEqual(row);
    expect(storeCodec.deserialize(text)).toEqual(row);
  });

  it('still reads rows written by Keyv\'s own serialiser, escapes included', () => {
    const old = defaultSerialize(row);
    expect(old.startsWith('j:')).toBe(false);
    expect(storeCodec.deserialize(old)).toEqual(row);
  });

  it('a Keyv with it stores and reads values, and reads rows an older Keyv stored', async () => {
    const map = new Map<string, unknown>();
    const older = new Keyv({ store: map });
    await older.set('a', { label: ':x' });
    const keyv = new Keyv({ store: map, ...storeCodec });
    await keyv.set('b', { label: ':y', at: 1 });
    expect(await keyv.get('a')).toEqual({ label: ':x' });
    expect(await keyv.get('b')).toEqual({ label: ':y', at: 1 });
    expect(String([...map.values()].at(-1)).startsWith('j:')).toBe(true);
  });
});
