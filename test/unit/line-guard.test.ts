import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idOf, LineGuard } from '../../src/server/line-guard.ts';

async function through(limit: number, chunks: Buffer[]) {
  const dropped: Array<{ head: string; bytes: number }> = [];
  const guard = new LineGuard(limit, (head, bytes) => dropped.push({ head, bytes }));
  const out: Buffer[] = [];
  guard.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((r) => guard.on('end', r));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  return { text: Buffer.concat(out).toString('utf8'), dropped };
}

describe('LineGuard', () => {
  it('passes short lines through whole and drops long ones, however the input is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/\n/g, '')), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }), async (lines, cuts) => {
        const limit = 21; // bytes, newline included
        const input = Buffer.from(lines.map((l) => `${l}\n`).join(''));
        const chunks: Buffer[] = [];
        for (let at = 0, i = 0; at < input.length; i++) {
          const n = cuts[i % cuts.length]!;
          chunks.push(input.subarray(at, at + n));
          at += n;
        }
        const { text, dropped } = await through(limit, chunks);
        expect(text).toBe(lines.filter((l) => l.length + 1 <= limit).map((l) => `${l}\n`).join(''));
        expect(dropped.map((d) => d.bytes)).toEqual(lines.filter((l) => l.length + 1 > limit).map((l) => l.length + 1));
      }),
    );
  });

  it('passes a last line without a newline', async () => {
    expect((await through(100, [Buffer.from('a\nb')])).text).toBe('a\nb');
  });

  it('finds the id at the head of a dropped message', () => {
    expect(idOf('{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"x":"')).toBe(17);
    expect(idOf('{"id": "r-\\"1"')).toBe('r-"1');
    expect(idOf('{"jsonrpc":"2.0","method":"x"')).toBeNull();
  });
});
