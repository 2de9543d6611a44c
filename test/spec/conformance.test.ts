import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machines } from '../../machines/index.ts';
import { check, holds, seedEdges } from './conformance.ts';

describe('seed conformance', () => {
  for (const [name, machine] of Object.entries(machines)) {
    it(`${name} holds every seed state and transition`, () => {
      const r = check(name, machine);
      expect(r.missing).toEqual([]);
      expect(r.total).toBeGreaterThan(0);
    });
  }

  it('the six core machines hold all 110 seed transitions', () => {
    const core = ['connection', 'session', 'cache-entry', 'circuit-breaker', 'request-pipeline', 'worker'] as const;
    const total = core.reduce((n, name) => n + check(name, machines[name]).held, 0);
    expect(total).toBe(110);
  });

  it('the report workflow holds all 22 of its seed transitions', () => {
    expect(check('report-workflow', machines['report-workflow'])).toMatchObject({ held: 22, total: 22, missing: [] });
  });

  it('the check finds a missing transition', () => {
    const partial = setup({}).createMachine({ initial: 'closed', states: { closed: { on: { X: 'open' } }, open: {}, halfOpen: {} } });
    const edges = seedEdges('stateDiagram-v2\n[*] --> Closed: start\nClosed --> Open: fail\nOpen --> HalfOpen: wait\nnote right of Open\n  Open --> Closed\nend note');
    expect(edges).toHaveLength(3);
    expect(edges.map((e) => holds(partial, e))).toEqual([true, true, false]);
  });
});
