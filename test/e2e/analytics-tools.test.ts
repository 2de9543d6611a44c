import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { call, startServer, text, type Running } from './harness.ts';

let fake: FakeUpstream;
let server: Running;
beforeAll(async () => {
  fake = await startFakeUpstream();
  server = await startServer(fake);
}, 30_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/** Term 10 up to the fake's today: 40 sitting days, three of them only in DOCEO so far. */
const TERM10 = { dateFrom: '2024-07-16', dateTo: '2025-07-10' };

async function ok(name: string, args: Record<string, unknown>) {
  const r = await call(server.client, name, args);
  expect(r.isError, text(r)).toBeFalsy();
  const s = r.structuredContent as any;
  expect(s.methodology.length).toBeGreaterThan(100);
  expect(['high', 'medium', 'low']).toContain(s.confidence);
  expect(Array.isArray(s.warnings)).toBe(true);
  return { r, s };
}

async function refused(name: string, args: Record<string, unknown>, field: RegExp) {
  const r = await call(server.client, name, args);
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(field);
}

/** Roll calls of the fake's data set on the sittings an answer read. */
function rollCallsOn(sittings: string[]) {
  return sittings.flatMap((s) => fake.dataset.voteItemsByDate.get(s.slice('MTG-PL-'.length)) ?? []).flatMap((i) => i.votings);
}

describe('roll-call intelligence tools over stdio', () => {
  it('analyze_voting_patterns counts exactly the positions the data set holds', async () => {
    const { s } = await ok('analyze_voting_patterns', { mepId: FIXTURE.meps.diRupo, ...TERM10 });
    const calls = rollCallsOn(s.coverage.sittings);
    const id = FIXTURE.meps.diRupo;
    expect(s.rollCallVotes).toBe(calls.length);
    expect(s.positions).toEqual({ for: calls.filter((c) => c.favor.includes(id)).length, against: calls.filter((c) => c.against.includes(id)).length, abstain: calls.filter((c) => c.abstention.includes(id)).length });
    expect(s.present).toBe(s.positions.for + s.positions.against + s.positions.abstain);
    expect(s.attendanceRate).toBeCloseTo(s.present / s.rollCallVotes, 4);
    expect(s.coverage.fromDoceo).toBe(3);
    expect(s.groupAlignment.compared).toBeGreaterThan(0);
    expect(s.defections).toHaveLength(Math.min(20, s.groupAlignment.compared - s.groupAlignment.aligned));
    expect(s.crossParty.votes).toBeLessThanOrEqual(s.defections.length);
    expect(s.topics.reduce((n: number, t: any) => n + t.votes, 0)).toBe(s.rollCallVotes);
    expect(s.topics.some((t: any) => t.topic !== 'other')).toBe(true);
    expect(s.byMonth.reduce((n: number, m: any) => n + m.present, 0)).toBe(s.present);
    expect(s.agreementWithGroups.find((g: any) => g.group === 'S&D').rate).toBe(s.groupAlignment.rate);
  });

  it('analyze_coalition_dynamics reports cohesion, defections and pairs for the groups asked', async () => {
    const { r, s } = await ok('analyze_coalition_dynamics', { groupIds: ['EPP', 'Greens/EFA', 'S&D'], ...TERM10, minimumCohesion: 0.6 });
    expect(s.groups.map((g: any) => g.group)).toEqual(['PPE', 'S&D', 'Verts/ALE']);
    for (const g of s.groups) {
      expect(g.agreementIndex).toBeGreaterThan(0);
      expect(g.agreementIndex).toBeLessThanOrEqual(1);
      expect(g.cohesive).toBe(g.agreementIndex >= 0.6);
      expect(g.defectionRate).toBeCloseTo(g.defections / g.compared, 4);
    }
    expect(s.pairs.map((x: any) => `${x.a}-${x.b}`).sort()).toEqual(['PPE-S&D', 'PPE-Verts/ALE', 'S&D-Verts/ALE']);
    const calls = rollCallsOn(s.coverage.sittings);
    expect(s.coverage.rollCalls).toBe(calls.length);
    expect(s.winningCoalitions.decided).toBe(calls.filter((c) => c.favor.length !== c.against.length).length);
    expect(text(r)).toMatch(/^Cohesion \(Agreement Index\) over \d+ roll calls: PPE/);
  });

  it('map_political_network returns JSON and matching GraphML, bounded by maxEdges', async () => {
    const { r, s } = await ok('map_political_network', { ...TERM10, maxEdges: 40 });
    expect(s.nodes.length).toBe(s.stats.nodesReturned);
    expect(s.edges.length).toBe(40);
    expect(s.stats.truncated).toBe(true);
    expect(s.limits.maxEdges).toBe(5000);
    expect(s.communities.length).toBeGreaterThan(1);
    expect(s.modularity).toBeGreaterThan(0.3);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(s.graphml);
    expect(doc.graphml.graph.node).toHaveLength(s.nodes.length);
    expect(doc.graphml.graph.edge).toHaveLength(40);
    expect(JSON.stringify(r).length).toBeLessThan(256 * 1024);

    const ego = (await ok('map_political_network', { ...TERM10, mepId: FIXTURE.meps.hofmeister, depth: 1, format: 'json' })).s;
    expect(ego.nodes.map((n: any) => n.id)).toContain(FIXTURE.meps.hofmeister);
    expect(ego.nodes.length).toBeLessThan(s.nodes.length);
    expect(ego.graphml).toBeNull();
    const only = (await ok('map_political_network', { ...TERM10, format: 'graphml' })).s;
    expect(only.nodes).toEqual([]);
    expect(only.graphml).toMatch(/^<\?xml/);
  });

  it('detect_voting_anomalies finds spikes in the house and narrows to one MEP', async () => {
    const { s } = await ok('detect_voting_anomalies', { ...TERM10, sensitivity: 'high' });
    expect(s.scope).toMatchObject({ kind: 'house', found: true });
    expect(s.thresholds).toMatchObject({ zThreshold: 1.5, shiftThreshold: 0.1 });
    expect(s.abstentionSpikes.length).toBeGreaterThan(0);
    expect(s.abstentionSpikes.every((x: any) => x.z >= 1.5 && x.abstained >= 2)).toBe(true);
    expect(s.defectors.every((d: any) => d.flagged && d.z >= 1.5)).toBe(true);
    const one = (await ok('detect_voting_anomalies', { ...TERM10, mepId: FIXTURE.meps.diRupo, limit: 5 })).s;
    expect(one.scope).toEqual({ kind: 'member', id: FIXTURE.meps.diRupo, members: 1, found: true });
    expect(one.defectors.map((d: any) => d.id)).toEqual([FIXTURE.meps.diRupo]);
    expect(one.brokenLines.every((b: any) => b.memberId === FIXTURE.meps.diRupo)).toBe(true);
    const group = (await ok('detect_voting_anomalies', { ...TERM10, groupId: 'Renew' })).s;
    expect(group.scope).toMatchObject({ kind: 'group', id: 'Renew' });
  });

  it('generate_political_risk_assessment rates the indicators and says it in plain words', async () => {
    const { r, s } = await ok('generate_political_risk_assessment', TERM10);
    expect(s.summary).toMatch(/^Overall political risk is (low|medium|high), judged on \d+ roll-call votes\./);
    expect(text(r)).toContain(s.summary);
    expect(s.indicators.map((i: any) => i.name)).toEqual(['effectiveNumberOfParties', 'groupsForMajority', 'meanCohesion', 'cohesionTrendPerMonth', 'dominantCoalitionShare', 'closeVoteShare', 'defectionRate']);
    expect(s.fragmentation.totalSeats).toBe(FIXTURE.currentMepCount);
    const shares = s.fragmentation.seats.filter((x: any) => x.group !== 'NI');
    const total = shares.reduce((a: number, x: any) => a + x.seats, 0);
    expect(s.fragmentation.effectiveNumberOfParties).toBeCloseTo(1 / shares.reduce((a: number, x: any) => a + (x.seats / total) ** 2, 0), 2);
    const de = (await ok('generate_political_risk_assessment', { ...TERM10, country: 'DE', sensitivity: 'high' })).s;
    expect(de.scope.country).toBe('DE');
    expect(de.scope.members).toBeGreaterThan(0);
    expect(de.fragmentation.totalSeats).toBe(de.scope.members);
  });

  it('assess_mep_influence scores four documented dimensions', async () => {
    const { s } = await ok('assess_mep_influence', { mepId: FIXTURE.meps.hofmeister, ...TERM10 });
    expect(s.mep).toMatchObject({ id: FIXTURE.meps.hofmeister, group: 'PPE' });
    expect(s.dimensions.map((d: any) => d.name)).toEqual(['votingActivity', 'legislativeOutput', 'committeeRoles', 'networkCentrality']);
    expect(s.dimensions.every((d: any) => d.meaning.length > 40 && d.weight === 0.25)).toBe(true);
    const roles = s.dimensions.find((d: any) => d.name === 'committeeRoles');
    // ENVI chair (1) and ITRE substitute (0.1), capped at 1.
    expect(roles.details).toMatchObject({ seats: 2, points: 1.1, roles: 'ENVI CHAIR, ITRE MEMBER_SUBSTITUTE' });
    expect(roles.score).toBe(1);
    const known = s.dimensions.filter((d: any) => d.score !== null);
    expect(s.score).toBeCloseTo((100 * known.reduce((a: number, d: any) => a + d.score, 0)) / known.length, 0);
  });

  it('refuses bad input naming the field, and unknown MEPs as not found', async () => {
    await refused('analyze_coalition_dynamics', { sittingIds: ['MTG-PL-2025-02-30'] }, /sittingIds/);
    await refused('analyze_coalition_dynamics', { groupIds: ['Whigs'] }, /groupIds/);
    await refused('analyze_coalition_dynamics', { minimumCohesion: 2 }, /minimumCohesion/);
    await refused('generate_political_risk_assessment', { dateFrom: '2025-05-01', dateTo: '2025-01-01' }, /dateFrom.*dateTo/);
    await refused('generate_political_risk_assessment', { sittingIds: ['MTG-PL-2025-03-12'], dateFrom: '2025-01-01' }, /sittingIds or dateFrom/);
    await refused('map_political_network', { mepId: '12/../34' }, /mepId/);
    await refused('map_political_network', { maxEdges: 5001 }, /maxEdges/);
    await refused('detect_voting_anomalies', { mepId: '1294', groupId: 'EPP' }, /mepId or groupId/);
    await refused('detect_voting_anomalies', { sensitivity: 'extreme' }, /sensitivity/);
    await refused('generate_political_risk_assessment', { country: 'XX' }, /country/);
    await refused('assess_mep_influence', { mepId: '9999999', ...TERM10 }, /not_found|no MEP/);
    await refused('analyze_voting_patterns', { mepId: '1294', extra: 1 }, /extra/);
  });
});
