import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Entry, GENESIS, seal } from '../../src/audit/chain.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import { KEY, OTHER_KEY, joined, linesOf, tempDir, writeTrail, removeTempDirs } from './helpers.ts';

let lines: string[];
beforeAll(() => {
  lines = linesOf(writeTrail(tempDir(), 20));
});

const verify = (ls: string[]) => verifyAudit(joined(ls), KEY);
const parsed = (i: number) => JSON.parse(lines[i]!) as Entry;
/** Lines with the 1-based line n replaced. */
const replaced = (n: number, text: string) => lines.map((l, i) => (i === n - 1 ? text : l));
/** Lines with `from` changed to `to` on line n (which must contain it, so no edit is a silent no-op). */
const edited = (n: number, from: string, to: string) => {
  expect(lines[n - 1]).toContain(from);
  return replaced(n, lines[n - 1]!.replace(from, to));
};

afterAll(removeTempDirs);

describe('verifyAudit', () => {
  it('accepts an untouched trail', () => {
    expect(lines).toHaveLength(20);
    expect(verify(lines)).toEqual({ ok: true, entries: 20 });
    expect(verifyAudit('', KEY)).toEqual({ ok: true, entries: 0 });
  });

  it('names an edited value (one byte of a principal)', () => {
    const r = verify(edited(8, '"principal":"dave"', '"principal":"davf"'));
    expect(r).toMatchObject({ ok: false, problem: 'edited', line: 8, seq: 7, entries: 7 });
  });

  it('names an edited last entry, an edited seq and an edited MAC', () => {
    expect(verify(edited(20, 'search_meps', 'search_mePs'))).toMatchObject({ problem: 'edited', line: 20, seq: 19 });
    expect(verify(edited(5, '"seq":4,', '"seq":40,'))).toMatchObject({ problem: 'edited', line: 5, seq: 40 });
    const mac = parsed(4).mac;
    const flipped = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
    expect(verify(edited(5, mac, flipped))).toMatchObject({ problem: 'edited', line: 5, seq: 4 });
  });

  it('reports the whole file as edited under the wrong key', () => {
    expect(verifyAudit(joined(lines), OTHER_KEY)).toMatchObject({ ok: false, problem: 'edited', line: 1, seq: 0, entries: 0 });
  });

  it('names a deleted line by the seq that is missing', () => {
    const r = verify(lines.filter((_, i) => i !== 5));
    expect(r).toMatchObject({ ok: false, problem: 'deleted', line: 6, seq: 5, entries: 5 });
    if (!r.ok) expect(r.message).toMatch(/^seq 5 is missing/);
    expect(verify(lines.slice(1))).toMatchObject({ problem: 'deleted', line: 1, seq: 0 });
    const several = verify([...lines.slice(0, 5), ...lines.slice(8)]);
    expect(several).toMatchObject({ problem: 'deleted', line: 6, seq: 5 });
    if (!several.ok) expect(several.message).toMatch(/^seq 5–7 are missing/);
  });

  it('names swapped and moved lines as reordered', () => {
    const swapped = [...lines];
    [swapped[7], swapped[8]] = [swapped[8]!, swapped[7]!];
    const r = verify(swapped);
    expect(r).toMatchObject({ ok: false, problem: 'reordered', line: 8, seq: 8, entries: 7 });
    if (!r.ok) expect(r.message).toContain('line 9');

    const moved = [...lines.slice(0, 2), ...lines.slice(3), lines[2]!];
    expect(verify(moved)).toMatchObject({ problem: 'reordered', line: 3, seq: 3 });
    expect(verify([lines[1]!, lines[0]!, ...lines.slice(2)])).toMatchObject({ problem: 'reordered', line: 1, seq: 1 });
  });

  it('names a forged line with a made-up MAC as inserted', () => {
    const forged = JSON.stringify({ ...parsed(9), principal: 'mallory', mac: 'ab'.repeat(32) });
    const r = verify([...lines.slice(0, 10), forged, ...lines.slice(10)]);
    expect(r).toMatchObject({ ok: false, problem: 'inserted', line: 11, seq: 9, entries: 10 });
    expect(verify([forged, ...lines])).toMatchObject({ problem: 'inserted', line: 1 });
    const unshaped = JSON.stringify({ ...parsed(9), seq: 10, mac: 'not-a-mac' });
    expect(verify([...lines.slice(0, 10), unshaped, ...lines.slice(10)])).toMatchObject({ problem: 'inserted', line: 11, seq: 10 });
  });

  it('names a line sealed with the wrong key as inserted, even when seq and prev fit', () => {
    const { mac: _mac, ...rest } = parsed(10);
    const forged = JSON.stringify(seal({ ...rest, principal: 'mallory', prev: parsed(9).mac }, OTHER_KEY));
    expect(verify([...lines.slice(0, 10), forged, ...lines.slice(10)])).toMatchObject({ problem: 'inserted', line: 11, seq: 10 });
  });

  it('tells a forged line after the last one by its seq; with a fitting seq it reads as an edit', () => {
    const forged = (seq: number) => JSON.stringify({ ...parsed(19), seq, principal: 'mallory', prev: parsed(19).mac, mac: 'cd'.repeat(32) });
    expect(verify([...lines, forged(19)])).toMatchObject({ problem: 'inserted', line: 21, seq: 19, entries: 20 });
    // Nothing follows it, so nothing tells this apart from an edit of a real last entry.
    expect(verify([...lines, forged(20)])).toMatchObject({ problem: 'edited', line: 21, seq: 20, entries: 20 });
  });

  it('names a replayed genuine line as inserted', () => {
    expect(verify([...lines.slice(0, 12), lines[3]!, ...lines.slice(12)])).toMatchObject({ problem: 'inserted', line: 13, seq: 3 });
    expect(verify([...lines.slice(0, 4), lines[15]!, ...lines.slice(4)])).toMatchObject({ problem: 'inserted', line: 5, seq: 15 });
  });

  it('reports a torn last line as truncated and counts the complete entries', () => {
    const text = `${joined(lines.slice(0, 19))}${lines[19]!.slice(0, 40)}`;
    expect(verifyAudit(text, KEY)).toMatchObject({ ok: false, problem: 'truncated', line: 20, seq: null, entries: 19 });
  });

  it('accepts a complete last entry that only lacks its newline', () => {
    expect(verifyAudit(lines.join('\n'), KEY)).toEqual({ ok: true, entries: 20 });
  });

  it('reports broken lines in the middle as malformed', () => {
    expect(verify(replaced(5, lines[4]!.slice(0, 30)))).toMatchObject({ problem: 'malformed', line: 5, seq: null });
    expect(verify(replaced(5, ''))).toMatchObject({ problem: 'malformed', line: 5 });
    const noPrev = JSON.stringify({ ...parsed(4), prev: undefined });
    expect(verify(replaced(5, noPrev))).toMatchObject({ problem: 'malformed', line: 5, seq: 4 });
    expect(verify(replaced(5, '[1,2]'))).toMatchObject({ problem: 'malformed', line: 5 });
  });

  it('reports the first problem when there are several', () => {
    const ls = edited(3, '"carol"', '"caroL"').filter((_, i) => i !== 10);
    expect(verify(ls)).toMatchObject({ problem: 'edited', line: 3 });
  });

  it('starts a chain at genesis', () => {
    expect(parsed(0)).toMatchObject({ seq: 0, prev: GENESIS });
    expect(parsed(1).prev).toBe(parsed(0).mac);
  });
});
