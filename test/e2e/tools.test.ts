import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUpstream } from '../fake-upstream/server.ts';
import { startFakeUpstream } from '../fake-upstream/server.ts';
import { call, readJson, startServer, text, type Running } from './harness.ts';

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

describe('every tool over stdio against the fake EP API', () => {
  const ADMIN = ['invalidate_cache', 'reset_breaker', 'unlock_principal', 'list_sessions'];
  it('lists the sixteen data tools and four admin tools, with explicit annotations and output schemas', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['analyze_coalition_dynamics', 'analyze_voting_patterns', 'assess_mep_influence', 'detect_voting_anomalies', 'generate_political_risk_assessment', 'generate_report', 'map_political_network', 'get_committee_info', 'get_mep_details', 'get_meps', 'get_parliamentary_questions', 'get_plenary_sessions', 'get_server_health', 'get_voting_records', 'search_documents', 'track_legislation', ...ADMIN].sort(),
    );
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(!['invalidate_cache', 'reset_breaker', 'unlock_principal'].includes(t.name));
      expect(t.annotations?.destructiveHint, t.name).toBe(false);
      expect(typeof t.annotations?.openWorldHint, t.name).toBe('boolean');
      expect(t.outputSchema, t.name).toBeDefined();
    }
  });

  const cases: Array<[string, Record<string, unknown>, (s: any) => void]> = [
    ['get_meps', { country: 'DE', limit: 2 }, (s) => {
      expect(s.items).toHaveLength(2);
      expect(s.items.every((m: any) => m.country === 'DE')).toBe(true);
      expect(s.total).toBeGreaterThan(2);
      expect(s.nextOffset).toBe(2);
    }],
    ['get_meps', { group: 'EPP', committee: 'ENVI' }, (s) => {
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items.every((m: any) => m.politicalGroup.code === 'PPE' && m.committees.some((c: any) => c.abbreviation === 'ENVI'))).toBe(true);
    }],
    ['get_mep_details', { id: 'person/1294' }, (s) => {
      expect(s).toMatchObject({ id: '1294', name: 'Elio DI RUPO', country: 'BE', active: true, detailed: true });
      expect(s.politicalGroup.code).toBe('S&D');
    }],
    ['get_plenary_sessions', { year: 2024, location: 'Strasbourg', limit: 5 }, (s) => {
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items.every((x: any) => x.location === 'Strasbourg' && x.date.startsWith('2024'))).toBe(true);
    }],
    ['get_voting_records', { dateFrom: '2024-01-01', dateTo: '2024-12-31', limit: 5 }, (s) => {
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items[0].tallies).toBeTruthy();
    }],
    ['search_documents', { docId: 'A9-0163/2024' }, (s) => {
      expect(s.items[0]).toMatchObject({ id: 'A-9-2024-0163' });
      expect(s.items[0].title).toMatch(/Rules of Procedure/);
    }],
    ['search_documents', { year: 2024, keyword: 'Gaza' }, (s) => {
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items.every((d: any) => /gaza/i.test(d.title))).toBe(true);
      expect(s.coverage.scanned).toBeGreaterThan(0);
    }],
    ['get_committee_info', { id: 'ENVI' }, (s) => {
      expect(s.committees[0]).toMatchObject({ abbreviation: 'ENVI', id: '7913' });
    }],
    ['get_committee_info', { showCurrent: true }, (s) => {
      expect(s.committees.length).toBeGreaterThan(15);
    }],
    ['get_parliamentary_questions', { year: 2024, status: 'ANSWERED' }, (s) => {
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items.every((q: any) => q.answered)).toBe(true);
    }],
    ['analyze_voting_patterns', { mepId: '1294', dateFrom: '2024-01-01', dateTo: '2024-12-31' }, (s) => {
      expect(s.rollCallVotes).toBeGreaterThan(0);
      expect(s.methodology).toMatch(/Roll-call/);
      expect(['high', 'medium', 'low']).toContain(s.confidence);
    }],
    ['analyze_voting_patterns', { mepId: '1294', dateFrom: '2025-07-07', dateTo: '2025-07-10' }, (s) => {
      // Open Data has no roll calls for these sittings yet (publication lag): DOCEO's files fill in.
      expect(s.rollCallVotes).toBeGreaterThan(0);
      expect(s.present).toBeGreaterThan(0);
      expect(s.warnings.join(' ')).toMatch(/read from DOCEO roll-call files/);
    }],
    ['track_legislation', { procedureId: '2024/2006(REG)' }, (s) => {
      expect(s).toMatchObject({ id: '2024-2006', reference: '2024/2006(REG)' });
      expect(s.events.length).toBeGreaterThan(0);
    }],
    ['generate_report', { reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024 }, (s) => {
      expect(s.markdown).toMatch(/^# Activity of Elio DI RUPO/);
    }],
    ['generate_report', { reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2024-04-24' }, (s) => {
      expect(s.facts.votes).toBeGreaterThanOrEqual(0);
    }],
    ['get_server_health', {}, (s) => {
      expect(s.status).toBe('ok');
    }],
  ];
  for (const [tool, args, check] of cases) {
    it(`${tool} ${JSON.stringify(args)}`, async () => {
      const r = await call(server.client, tool, args);
      expect(r.isError, text(r)).toBeFalsy();
      expect(text(r).length).toBeGreaterThan(0);
      check(r.structuredContent);
    });
  }

  it('says in _meta whether an answer came from cache', async () => {
    const first = await call(server.client, 'get_mep_details', { id: '257114' });
    const second = await call(server.client, 'get_mep_details', { id: '257114' });
    expect(first._meta?.cache.status).toBe('miss');
    expect(second._meta?.cache.status).toBe('hit');
    expect(second._meta?.degraded).toBe(false);
  });

  it('answers bad input with isError naming the field, and keeps serving', async () => {
    const unknownKey = await call(server.client, 'get_meps', { countri: 'DE' });
    expect(unknownKey.isError).toBe(true);
    expect(text(unknownKey)).toMatch(/countri/);
    const badId = await call(server.client, 'get_mep_details', { id: '1294/../../admin' });
    expect(badId.isError).toBe(true);
    expect(text(badId)).toMatch(/\bid\b/);
    const badLimit = await call(server.client, 'get_meps', { limit: 1000 });
    expect(text(badLimit)).toMatch(/limit/);
    const notFound = await call(server.client, 'get_mep_details', { id: '9999999' });
    expect(notFound.isError).toBe(true);
    expect(text(notFound)).toMatch(/not_found|404/);
    expect((await call(server.client, 'get_mep_details', { id: '1294' })).isError).toBeFalsy();
  });

  it('admin tools work for the stdio owner', async () => {
    await call(server.client, 'get_mep_details', { id: '840' });
    const inv = await call(server.client, 'invalidate_cache', { prefix: 'data:meps:meps/840' });
    expect(inv.isError).toBeFalsy();
    // The L1 data entry goes, and with it every finished result; the L2 row is hidden by the marker.
    expect((inv.structuredContent as any).l1).toBeGreaterThanOrEqual(2);
    const again = await call(server.client, 'get_mep_details', { id: '840' });
    expect(again.isError).toBeFalsy();
    expect(again._meta?.cache.status).toBe('miss');
    const reset = await call(server.client, 'reset_breaker', { family: 'meps' });
    expect(reset.structuredContent).toEqual({ family: 'meps', state: 'closed' });
    const unlock = await call(server.client, 'unlock_principal', { principal: 'nobody' });
    expect(unlock.structuredContent).toEqual({ principal: 'nobody', unlocked: false });
    const sessions = await call(server.client, 'list_sessions');
    expect(Array.isArray((sessions.structuredContent as any).sessions)).toBe(true);
    expect((await call(server.client, 'reset_breaker', { family: 'nope' })).isError).toBe(true);
  });

  it('serves system://status, ep:// resources and the prompts', async () => {
    const status = await readJson(server.client, 'system://status');
    expect(status.breakers.meps.state).toBe('closed');
    expect(status.connections.stdio.transport).toBe('stdio');
    expect(status.cache.entries).toBeGreaterThan(0);
    expect(status.upstreamBudget.meps.used).toBeGreaterThan(0);
    expect(status.upstreamBudget.meps.of).toBe(500);
    expect(status.largestShard.workers).toBeGreaterThan(0);
    const templates = (await server.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['ep://meps/{id}', 'ep://committees/{id}', 'ep://plenary-sessions/{id}', 'ep://procedures/{id}']));
    const mep = await readJson(server.client, 'ep://meps/1294');
    expect(mep.name).toBe('Elio DI RUPO');
    const proc = await readJson(server.client, 'ep://procedures/2024-2006');
    expect(proc.reference).toBe('2024/2006(REG)');
    const prompts = (await server.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(['mep_briefing', 'committee_activity_report', 'legislation_status']));
    const p = await server.client.getPrompt({ name: 'mep_briefing', arguments: { mepId: '1294' } });
    expect((p.messages[0]!.content as { text: string }).text).toMatch(/get_mep_details/);
  });
});
