import { describe, expect, it } from 'vitest';
import { ABSENT, ABSTAIN, AGAINST, checkMatrix, encodeMatrix, FOR } from '../../src/analytics/index.ts';
import { members } from './build.ts';

describe('encodeMatrix', () => {
  it('codes positions by member, sorts votes by date, and counts ids it does not know', () => {
    const ms = members(['A', 'B', 'A']);
    const { matrix, unmatched, buffer } = encodeMatrix(ms, [
      { id: 'late', date: '2025-02-01', title: null, positions: [{ mepId: 'm0', position: 'against' }, { mepId: 'nobody', position: 'for' }] },
      { id: 'early', date: '2025-01-01', title: 'T', positions: [{ mepId: 'm2', position: 'abstain' }, { mepId: 'm1', position: 'for' }] },
    ]);
    expect(matrix.votes.map((v) => v.id)).toEqual(['early', 'late']);
    expect([...matrix.votes[0]!.positions]).toEqual([ABSENT, FOR, ABSTAIN]);
    expect([...matrix.votes[1]!.positions]).toEqual([AGAINST, ABSENT, ABSENT]);
    expect(unmatched).toBe(1);
    // One buffer behind every vote, so a matrix can be transferred in one piece.
    expect(matrix.votes.every((v) => v.positions.buffer === buffer)).toBe(true);
    expect(buffer.byteLength).toBe(6);
    expect(() => checkMatrix(matrix)).not.toThrow();
  });

  it('checkMatrix names the vote with a wrong length, code or date', () => {
    const ms = members(['A', 'A']);
    expect(() => checkMatrix({ members: ms, votes: [{ id: 'x', date: '2025-01-01', title: null, positions: new Uint8Array(3) }] })).toThrow(/vote x: 3 positions for 2 members/);
    expect(() => checkMatrix({ members: ms, votes: [{ id: 'y', date: '2025-01-01', title: null, positions: Uint8Array.of(1, 9) }] })).toThrow(/vote y: unknown position code 9/);
    expect(() => checkMatrix({ members: ms, votes: [{ id: 'z', date: '1/1/2025', title: null, positions: new Uint8Array(2) }] })).toThrow(/vote z: date/);
  });

  it('survives structured cloning (what a worker thread receives)', () => {
    const { matrix } = encodeMatrix(members(['A']), [{ id: 'v', date: '2025-01-01', title: null, positions: [{ mepId: 'm0', position: 'for' }] }]);
    const copy = structuredClone(matrix);
    expect(copy.votes[0]!.positions).toBeInstanceOf(Uint8Array);
    expect([...copy.votes[0]!.positions]).toEqual([FOR]);
  });
});
