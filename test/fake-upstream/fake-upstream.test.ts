/** Tests of the fake EP upstream itself: shapes, paging, filters, DOCEO consistency, faults, counts, control plane. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Faults } from './faults.ts';
import { FIXTURE, FAKE_TODAY } from './fixtures.ts';
import { generateVotes } from './generate.ts';
import { CONTEXT, startFakeUpstream, type FakeUpstream } from './server.ts';
import { loadVocabularies } from './fixtures/vocabularies.ts';

type Item = Record<string, any>;

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream({ seed: 42 });
});
afterAll(() => fake.close());
afterEach(() => fake.faults.clear());

const get = (path: string, init: RequestInit = {}) =>
  fetch(new URL(path, fake.baseUrl), { ...init, headers: { accept: 'application/ld+json', ...(init.headers as Record<string, string>) } });

/** GET a JSON-LD route and check the §3.1 envelope; returns `data`. */
async function data(path: string): Promise<Item[]> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/ld+json');
  const body = await res.json();
  expect(body['@context']).toEqual(CONTEXT);
  expect(Array.isArray(body.data)).toBe(true);
  return body.data;
}
const one = async (path: string) => {
  const d = await data(path);
  expect(d).toHaveLength(1);
  return d[0];
};
const status = async (path: string, init?: RequestInit) => (await get(path, init)).status;

describe('envelope and shapes', () => {
  it('meps: list, show-current and detail with memberships', async () => {
    const list = await data('meps?limit=3');
    expect(list[0]).toMatchObject({ id: `person/${FIXTURE.historicalMep}`, type: 'Person', identifier: '1' });
    expect(list[0]).not.toHaveProperty('api:country-of-representation');

    const current = await data('meps/show-current?limit=100');
    expect(current).toHaveLength(FIXTURE.currentMepCount);
    const diRupo = current.find((m) => m.identifier === FIXTURE.meps.diRupo)!;
    expect(diRupo).toMatchObject({ label: 'Elio DI RUPO', sortLabel: 'DIRUPO', 'api:country-of-representation': 'BE', 'api:political-group': 'S&D' });

    const detail = await one(`meps/${FIXTURE.meps.diRupo}`);
    const memberships = detail.hasMembership as Item[];
    const mandate = memberships.find((m) => m.organization === 'org/ep-10')!;
    expect(mandate).toMatchObject({ role: 'def/ep-roles/MEMBER_PARLIAMENT', represents: ['http://publications.europa.eu/resource/authority/country/BEL'] });
    expect(mandate.memberDuring.endDate).toBeUndefined();
    expect(memberships.find((m) => m.membershipClassification === 'def/ep-entities/EU_POLITICAL_GROUP' && !m.memberDuring.endDate)?.organization).toBe('org/S-D');
    expect(memberships.find((m) => m.organization === `org/${FIXTURE.committees.AFET}`)).toMatchObject({
      role: 'def/ep-roles/MEMBER', membershipClassification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING',
    });
    const chair = await one(`meps/${FIXTURE.meps.hofmeister}`);
    expect((chair.hasMembership as Item[]).find((m) => m.organization === `org/${FIXTURE.committees.ENVI}`)?.role).toBe('def/ep-roles/CHAIR');
  });

  it('corporate bodies: committees with real ids, groups, show-current, language maps', async () => {
    const envi = await one(`corporate-bodies/${FIXTURE.committees.ENVI}`);
    expect(envi).toMatchObject({ id: 'org/7913', label: 'ENVI', classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING' });
    expect(envi.prefLabel).toMatchObject({ en: 'Committee on the Environment, Climate and Food Safety' });
    expect(Object.keys(envi.prefLabel)).toEqual(['en', 'fr']);
    expect(Object.keys(envi.altLabel)).toEqual(['en', 'fr']);
    expect(envi.temporal.startDate).toBe('2024-07-19');
    const current = await data('corporate-bodies/show-current?limit=100');
    expect(current.filter((b) => b.classification === 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING')).toHaveLength(22);
    expect(current.filter((b) => b.classification === 'def/ep-entities/EU_POLITICAL_GROUP').map((b) => b.id)).toEqual(
      ['org/PPE', 'org/S-D', 'org/PFE', 'org/ECR', 'org/RENEW', 'org/VERTS-ALE', 'org/THE-LEFT', 'org/ESN', 'org/NI'],
    );
    expect(await one('corporate-bodies/S-D')).toMatchObject({ label: 'S&D', classification: 'def/ep-entities/EU_POLITICAL_GROUP' });
    const fr = await one(`corporate-bodies/${FIXTURE.committees.ENVI}?language=fr`);
    expect(Object.keys(fr.prefLabel)).toEqual(['fr']);
  });

  it('corporate-bodies/ECON resolves to the historical body (Q13)', async () => {
    const econ = await one('corporate-bodies/ECON');
    expect(econ).toMatchObject({ id: 'org/1', isVersionOf: 'org/ECON', temporal: { startDate: '1989-07-26', endDate: '1992-01-14' } });
    expect((await one(`corporate-bodies/${FIXTURE.committees.ECON}`)).temporal.endDate).toBeUndefined();
  });

  it('meetings: list with typed dates (Q12), detail and sub-resources', async () => {
    const sittings = await data('meetings?year=2025&limit=100');
    expect(sittings.every((s) => s.activity_id.startsWith('MTG-PL-2025-'))).toBe(true);
    expect(sittings.some((s) => typeof s['eli-dl:activity_date'] === 'object' && s['eli-dl:activity_date'].type === 'xsd:dateTime')).toBe(true);
    expect(sittings.some((s) => typeof s.activity_date === 'string')).toBe(true);
    expect(new Set(sittings.map((s) => s.hasLocality.split('/').at(-1)))).toEqual(new Set(['FRA_SXB', 'BEL_BRU']));

    const id = FIXTURE.sittings.withDecisions;
    expect(await one(`meetings/${id}`)).toMatchObject({ activity_id: id, had_activity_type: 'def/ep-activities/PLENARY_SITTING', parliamentary_term: 'org/ep-10' });
    const activities = await data(`meetings/${id}/activities`);
    expect(activities.map((a) => a.had_activity_type)).toContain('def/ep-activities/PLENARY_VOTE');
    const foreseen = await data(`meetings/${id}/foreseen-activities`);
    expect(foreseen[0]).toMatchObject({ type: 'ForeseenActivity', documented_by_a_realization_of: [`eli/dl/doc/OJQ-10-2025-03-12`] });

    const results = await data(`meetings/${id}/vote-results`);
    expect(results.map((r) => r.notation_dlvId)).toEqual(['960223', '960234']);
    expect(results[0]).toMatchObject({ activity_id: `${id}-VOT-ITM-960223`, based_on_a_realization_of: [`eli/dl/doc/${FIXTURE.documents.report}`] });
    expect(foreseen.map((f) => f.id)).toContain(results[0].executed[0]);
  });

  it('decisions: voters are fixture MEPs and tallies match the lists', async () => {
    const decisions = await data(`meetings/${FIXTURE.sittings.withDecisions}/decisions`);
    expect(decisions.map((d) => d.notation_votingId)).toEqual(FIXTURE.sittings.votingIds);
    for (const d of decisions) {
      expect(d.number_of_votes_favor).toBe(d.had_voter_favor.length);
      expect(d.number_of_votes_against).toBe(d.had_voter_against.length);
      expect(d.number_of_votes_abstention).toBe(d.had_voter_abstention.length);
      const voters = [...d.had_voter_favor, ...d.had_voter_against, ...d.had_voter_abstention];
      expect(new Set(voters).size).toBe(voters.length);
      for (const v of voters) expect(fake.dataset.mepById.has(v.replace('person/', ''))).toBe(true);
      expect(d.decision_method).toBe('def/ep-decision-methods/VOTE_ELECTRONIC_ROLLCALL');
    }
    expect(decisions[1].decided_on_a_realization_of).toEqual([`eli/dl/doc/${FIXTURE.documents.report}`]);
    const term9 = await data(`meetings/${FIXTURE.sittings.term9}/decisions`);
    expect(term9.find((d) => d.notation_votingId === '168834')).toMatchObject({ had_decision_outcome: 'def/ep-decision-outcomes/ADOPTED', decided_on_a_realization_of: ['eli/dl/doc/A-9-2024-0163'] });
  });

  it('ODP lag (Q10) and sittings without votes answer empty lists', async () => {
    expect(await status(`meetings/${FIXTURE.sittings.lagged}/decisions`)).toBe(204);
    expect(await status(`meetings/${FIXTURE.sittings.lagged}/vote-results`)).toBe(204);
    expect(await status(`meetings/${FIXTURE.sittings.withoutVotes}/decisions`)).toBe(204);
  });

  it('procedures: list oldest first, detail, events', async () => {
    const list = await data('procedures?limit=3');
    expect(list[0]).toMatchObject({ id: 'eli/dl/proc/1972-0003', type: 'Process', process_id: '1972-0003', label: '1972/0003(COD)' });
    const p = await one(`procedures/${FIXTURE.procedures.cod}`);
    expect(p).toMatchObject({ label: '2024/0166(COD)', process_type: 'def/ep-procedure-types/COD', current_stage: 'http://publications.europa.eu/resource/authority/procedure-phase/RDG1' });
    expect(p.process_title.en).toBe('Critical Medicines Act');
    expect(p.created_a_realization_of).toContain(`eli/dl/doc/${FIXTURE.documents.report}`);
    const rapporteur = (p.had_participation as Item[]).find((x) => x.participation_role === 'def/ep-roles/RAPPORTEUR')!;
    expect(fake.dataset.mepById.has(rapporteur.had_participant_person[0].replace('person/', ''))).toBe(true);
    const events = await data(`procedures/${FIXTURE.procedures.cod}/events`);
    expect(events.map((e) => e.activity_id)).toEqual((p.consists_of as Item[]).map((e) => e.activity_id));
    expect(events.map((e) => e.activity_id)).toContain('MTG-PL-2025-03-12-VOT-ITM-960223');
    expect(await one(`procedures/${FIXTURE.procedures.cod}/events/${events[0].activity_id}`)).toEqual(events[0]);
    const reg = await one(`procedures/${FIXTURE.procedures.reg}`);
    expect(reg.created_a_realization_of).toEqual(expect.arrayContaining(['eli/dl/doc/AFCO-PR-759748', 'eli/dl/doc/A-9-2024-0163', 'eli/dl/doc/TA-9-2024-0315']));
  });

  it('documents: FRBR records linked to procedures', async () => {
    const a = await one(`plenary-documents/${FIXTURE.documents.report}`);
    expect(a).toMatchObject({ label: 'A10-0014/2025', work_type: 'def/ep-document-types/REPORT_PLENARY', inverse_created_a_realization_of: [`eli/dl/proc/${FIXTURE.procedures.cod}`] });
    expect(a.is_realized_by[0]).toMatchObject({ type: 'Expression', title: { en: expect.any(String) } });
    expect(a.is_realized_by[0].is_embodied_by[0].type).toBe('Manifestation');
    expect(await one(`adopted-texts/${FIXTURE.documents.adoptedText}`)).toMatchObject({ work_type: 'def/ep-document-types/TEXT_ADOPTED' });
    expect(await one(`committee-documents/${FIXTURE.documents.committeeDraft}`)).toMatchObject({ work_type: 'def/ep-document-types/REPORT_PARLIAMENTARY_COMMITTEE_DRAFT' });
    expect(await one(`plenary-session-documents/${FIXTURE.documents.minutes}`)).toMatchObject({ work_type: 'def/ep-document-types/MINUTES_PLENARY' });
    expect(await one(`documents/${FIXTURE.documents.motion}`)).toMatchObject({ label: 'B10-0049/2025' });
    // Indexed but empty (Q9): in the list, but the record has no content.
    const pending = await one(`adopted-texts/${FIXTURE.documents.pendingAdoptedText}`);
    expect(Object.keys(pending)).toEqual(['id', 'type', 'identifier']);
    const rc = (await data('plenary-documents?work-type=RESOLUTION_MOTION_JOINT&year=2025&limit=1'))[0];
    expect(rc.label).toMatch(/^RC-B10-\d{4}\/\d{4}$/);
  });

  it('parliamentary questions, speeches, events, declarations, external documents', async () => {
    const q = await one(`parliamentary-questions/${FIXTURE.questions.answered}`);
    expect(q).toMatchObject({ creator: [`person/${FIXTURE.meps.oliveira}`], work_type: 'def/ep-document-types/QUESTION_WRITTEN' });
    expect(q.inverse_answers_to[0]).toMatchObject({ id: `eli/dl/doc/${FIXTURE.questions.answered}-ASW`, document_date: '2025-02-26' });
    expect((await one(`parliamentary-questions/${FIXTURE.questions.unanswered}`)).inverse_answers_to).toBeUndefined();
    expect((q.workHadParticipation as Item[]).map((p) => p.participation_role)).toEqual(['def/ep-roles/AUTHOR', 'def/ep-roles/ADDRESSEE']);

    const res = await get(`speeches?person-id=${FIXTURE.meps.diRupo}&limit=2`);
    const body = await res.json();
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((s: Item) => s.had_participant_person[0] === `person/${FIXTURE.meps.diRupo}`)).toBe(true);
    expect(body.searchResults.hits).toHaveLength(body.data.length);
    expect(body.meta.total).toBeGreaterThanOrEqual(body.data.length);
    expect(await one(`speeches/${FIXTURE.speech}`)).toMatchObject({ activity_id: FIXTURE.speech });

    const meetings = await data('events?activity-type=COMMITTEE_MEETING&limit=100');
    expect(meetings.length).toBeGreaterThan(0);
    expect(meetings.every((e) => e.had_activity_type === 'def/ep-activities/COMMITTEE_MEETING')).toBe(true);
    expect((await data(`meps-declarations?person-id=${FIXTURE.meps.diRupo}`)).map((d) => d.identifier.slice(0, 3)).sort()).toEqual(['DCI', 'DPI']);
    expect(await one('external-documents/SP-2022-180-TA-9-2022-0053')).toMatchObject({ work_type: 'def/ep-document-types/ACT_FOLLOWUP' });
  });

  it('controlled vocabularies are the recorded bodies, verbatim (§7 item 9)', async () => {
    const recorded = loadVocabularies();
    expect(await data('controlled-vocabularies')).toEqual(recorded.list);
    const res = await get('controlled-vocabularies/ep-roles');
    expect(await res.json()).toEqual(recorded.bodies.get('ep-roles'));
    expect(await status('controlled-vocabularies/feed')).toBe(204);
  });
});

describe('FIXTURE ids', () => {
  it('every advertised id resolves with the advertised properties', async () => {
    const groupOf = async (id: string) => (await data(`meps/show-current?limit=100`)).find((m) => m.identifier === id)?.['api:political-group'];
    expect(await groupOf(FIXTURE.meps.goerens)).toBe('Renew');
    expect(await groupOf(FIXTURE.meps.roussel)).toBe('Verts/ALE');
    for (const id of Object.values(FIXTURE.meps)) expect(await status(`meps/${id}`)).toBe(200);
    const seats = async (id: string) => ((await one(`meps/${id}`)).hasMembership as Item[])
      .filter((m) => String(m.membershipClassification).includes('COMMITTEE') && !m.memberDuring.endDate)
      .map((m) => `${m.organization}:${String(m.role).split('/').at(-1)}`);
    expect(await seats(FIXTURE.meps.verstraeten)).toEqual(['org/7913:MEMBER', 'org/6582:MEMBER_SUBSTITUTE']);
    expect(await seats(FIXTURE.meps.roussel)).toEqual(['org/7913:CHAIR_VICE', 'org/7912:MEMBER']);
    expect(await seats(FIXTURE.meps.reinhardt)).toEqual(['org/6587:CHAIR', 'org/6586:MEMBER_SUBSTITUTE']);
    for (const [abbr, id] of Object.entries(FIXTURE.committees)) expect((await one(`corporate-bodies/${id}`)).label).toBe(abbr);
    expect((await one(`meetings/${FIXTURE.sittings.brussels}`)).hasLocality).toMatch(/BEL_BRU$/);
    expect(await one(`procedures/${FIXTURE.procedures.pending}`)).toMatchObject({ consists_of: [{ had_activity_type: 'def/ep-activities/REFERRAL' }] });
    for (const [key, id] of Object.entries(FIXTURE.documents)) expect(await status(`documents/${id}`), key).toBe(200);
    for (const id of Object.values(FIXTURE.questions)) expect(await status(`parliamentary-questions/${id}`)).toBe(200);
    expect((await one(`parliamentary-questions/${FIXTURE.questions.oral}`)).work_type).toBe('def/ep-document-types/QUESTION_ORAL');
    expect(await status(`procedures/${FIXTURE.procedures.oldest}`)).toBe(200);
  });
});

describe('paging, filters, 404s, 406', () => {
  it('slices with offset/limit (default 50) and answers 204 past the end', async () => {
    const total = fake.dataset.meps.length;
    expect(await data('meps')).toHaveLength(50);
    expect(await data('meps?offset=50')).toHaveLength(total - 50);
    expect((await data('meps?offset=2&limit=2')).map((m) => m.identifier)).toEqual(fake.dataset.meps.slice(2, 4).map((m) => m.id));
    const past = await get(`meps?offset=${total}&limit=10`);
    expect(past.status).toBe(204);
    expect(await past.text()).toBe('');
  });

  it('past-the-end can be switched to 200 with a zero-byte body', async () => {
    fake.faults.set({ pastEnd: 'emptyBody200' }, { path: 'meps' });
    const res = await get('meps?offset=5000');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
    expect(await status('meetings?offset=5000')).toBe(204);
  });

  it('filters with comma-separated lists', async () => {
    const beFr = await data('meps/show-current?country-of-representation=BE,FR&limit=100');
    expect(new Set(beFr.map((m) => m['api:country-of-representation']))).toEqual(new Set(['BE', 'FR']));
    const sd = await data('meps/show-current?political-group=S-D&limit=100');
    expect(sd.length).toBeGreaterThan(3);
    expect(sd.every((m) => m['api:political-group'] === 'S&D')).toBe(true);
    expect(await data('meps/show-current?political-group=S%26D&limit=100')).toEqual(sd);
    // The group switcher counts as NI before 2025-02-01 and ESN after.
    const before = await data(`meps/show-current?mandate-date=2024-12-01&political-group=NI&limit=100`);
    expect(before.map((m) => m.identifier)).toContain(FIXTURE.groupSwitcher);
    expect((await data(`meps/show-current?political-group=ESN&limit=100`)).map((m) => m.identifier)).toContain(FIXTURE.groupSwitcher);
    expect((await data(`meps/show-current?mandate-date=2024-12-01&limit=100`)).map((m) => m.identifier)).toContain(FIXTURE.outgoingMep);
    expect((await data('meps/show-outgoing')).map((m) => m.identifier)).toEqual([FIXTURE.outgoingMep]);
    expect((await data('meps/show-incoming')).map((m) => m.identifier)).toEqual([FIXTURE.incomingMep]);
    expect((await data('meps/show-homonyms?parliamentary-term=10')).map((m) => m.identifier).sort()).toEqual([...FIXTURE.homonyms].sort());
    expect((await data('meps?parliamentary-term=9&limit=100')).map((m) => m.identifier)).toContain(FIXTURE.meps.diRupo);

    expect((await data('meetings?year=2024&limit=100')).every((s) => s.activity_id.startsWith('MTG-PL-2024'))).toBe(true);
    const qs = await data('parliamentary-questions?work-type=QUESTION_ORAL&year=2025');
    expect(qs.length).toBeGreaterThan(0);
    expect(qs.every((x) => x.work_type.endsWith('QUESTION_ORAL') && x.identifier.includes('-2025-'))).toBe(true);
    expect((await data('plenary-documents?year=2024&work-type=REPORT_PLENARY,RESOLUTION_MOTION_JOINT&limit=100')).every((d) => /^(A|RC)-\d+-2024-/.test(d.identifier))).toBe(true);
    expect((await data('adopted-texts?year=2024&limit=100')).every((d) => d.identifier.includes('-2024-'))).toBe(true);
    expect((await data('procedures?process-type=RSP&limit=100')).every((p) => p.process_type.endsWith('/RSP'))).toBe(true);
    expect(await data('corporate-bodies?body-classification=EU_POLITICAL_GROUP')).toHaveLength(10);
    expect((await data('committee-documents?committee=SANT&limit=100')).every((d) => d.identifier.startsWith('SANT-'))).toBe(true);
    const range = await data('speeches?sitting-date=2024-10-08&sitting-date-end=2024-10-09&limit=100');
    expect(range.every((s) => s.activity_date >= '2024-10-08' && s.activity_date <= '2024-10-09')).toBe(true);
    expect((await data('speeches?sitting-date=2024-10-08&limit=100')).every((s) => s.activity_date === '2024-10-08')).toBe(true);
  });

  it('ignores date-from/date-to on meetings and unknown parameters (Q7)', async () => {
    const all = await data('meetings?year=2025&limit=100');
    expect(await data('meetings?year=2025&limit=100&date-from=2025-06-01&date-to=2025-06-30')).toEqual(all);
    expect(await data('meps?country-code=BE&committee=ENVI&status=current&limit=100')).toEqual(await data('meps?limit=100'));
  });

  it('404 with an empty body for unknown ids, bad id shapes and unsupported paths', async () => {
    for (const path of [
      'meps/999999', 'meps/person-1294', 'procedures/2024-99', 'procedures/2099-0001', 'meetings/MTG-PL-2025-03-09', 'meetings/2025-03-12/decisions',
      'corporate-bodies/envi', 'plenary-documents/A-10-2099-0001', 'parliamentary-questions/E-10-2024-999999', 'controlled-vocabularies/ep-nothing',
      `procedures/${FIXTURE.procedures.oldest}/events`, 'plenary-session-documents-items', `meetings/${FIXTURE.sittings.withDecisions}/plenary-session-documents`, 'no-such-route',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toBe('');
    }
    expect((await data('plenary-session-documents-items?sitting-date=2025-03-12')).length).toBeGreaterThan(0);
  });

  it('406 only for an explicit request for another format', async () => {
    expect(await status('meps/1294?format=application/ld+json')).toBe(200);
    expect(await status('meps/1294?format=application%2Fld%2Bjson')).toBe(200);
    expect(await status('meps/1294', { headers: { accept: '*/*' } })).toBe(200);
    expect(await status('meps/1294?format=text/turtle')).toBe(406);
    expect(await status('meps/1294', { headers: { accept: 'application/rdf+xml' } })).toBe(406);
  });
});

/** Minimal readers for the RCV/VOT files (attribute order as written by the fake and by DOCEO). */
function rcvVotes(xml: string) {
  return [...xml.matchAll(/<RollCallVote\.Result Identifier="(\d+)" DlvId="(\d+)"[^>]*>([\s\S]*?)<\/RollCallVote\.Result>/g)].map((m) => {
    const section = (tag: string) => {
      const s = m[3].match(new RegExp(`<${tag} Number="(\\d+)">([\\s\\S]*?)</${tag}>`))!;
      return { number: Number(s[1]), ids: [...s[2].matchAll(/PersId="(\d+)"/g)].map((x) => x[1]) };
    };
    return { identifier: m[1], dlvId: m[2], favor: section('Result.For'), against: section('Result.Against'), abstention: section('Result.Abstention') };
  });
}
const doceo = (file: string) => fetch(new URL(`document/${file}`, fake.doceoUrl));

describe('DOCEO XML', () => {
  it('RCV is consistent with the ODP decisions (PersId, Identifier, DlvId, counts)', async () => {
    const res = await doceo('PV-10-2025-03-12-RCV_EN.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const xml = await res.text();
    expect(xml).toContain('<PV.RollCallVoteResults');
    expect(xml).toContain('<PoliticalGroup.Member.Name  MepId=');
    const votes = rcvVotes(xml);
    const decisions = await data(`meetings/${FIXTURE.sittings.withDecisions}/decisions`);
    expect(votes.map((v) => v.identifier)).toEqual(decisions.map((d) => d.notation_votingId));
    for (const [i, v] of votes.entries()) {
      const d = decisions[i];
      const ids = (list: string[]) => list.map((p) => p.replace('person/', '')).sort();
      expect(v.favor.ids.sort()).toEqual(ids(d.had_voter_favor));
      expect(v.against.ids.sort()).toEqual(ids(d.had_voter_against));
      expect(v.abstention.ids.sort()).toEqual(ids(d.had_voter_abstention));
      expect(v.favor.number).toBe(v.favor.ids.length);
      expect(v.against.number).toBe(d.number_of_votes_against);
    }
    const results = await data(`meetings/${FIXTURE.sittings.withDecisions}/vote-results`);
    expect(new Set(votes.map((v) => v.dlvId))).toEqual(new Set(results.map((r) => r.notation_dlvId)));
    expect(xml).toContain('Identifier="S&amp;D"');
  });

  it('VOT tallies match the RCV for roll-call votings', async () => {
    const rcv = rcvVotes(await (await doceo('PV-10-2025-03-12-RCV_EN.xml')).text());
    const vot = await (await doceo('PV-10-2025-03-12-VOT_EN.xml')).text();
    expect(vot).toMatch(/^<\?xml[^>]*\?>\n<file language="EN"/);
    for (const v of rcv) {
      const voting = vot.match(new RegExp(`<voting [^>]*votingId="${v.identifier}"[^>]*>`))![0];
      expect(voting).toContain('resultType="ROLL_CALL"');
      expect(voting).toContain(`numberFavor="${v.favor.number}" numberAgainst="${v.against.number}" numberAbstention="${v.abstention.number}"`);
    }
    expect(vot).toContain('resultType="RAISE_HAND"');
    expect(vot).toContain('type="INFO"');
  });

  it('term 9 file carries the facts-sheet ids; lagged days have files; other days 404', async () => {
    const term9 = rcvVotes(await (await doceo('PV-9-2024-04-24-RCV_EN.xml')).text());
    expect(term9.find((v) => v.identifier === '168834')?.dlvId).toBe('946131');
    expect((await doceo('PV-10-2025-07-08-RCV_EN.xml')).status).toBe(200);
    expect((await doceo('PV-10-2025-03-10-RCV_EN.xml')).status).toBe(404); // Monday, no votes
    expect((await doceo('PV-10-2025-03-15-RCV_EN.xml')).status).toBe(404); // no sitting
    expect((await doceo('PV-9-2025-03-12-RCV_EN.xml')).status).toBe(404); // wrong term
  });

  it('homonyms are printed "Surname Given"', async () => {
    const xml = await (await doceo('PV-10-2025-03-12-RCV_EN.xml')).text();
    expect(xml).toMatch(/PersId="(256901|257186)">Schmidt (Anna|Peter)</);
  });

  it('doceoFrench serves the French VOT under the EN name (§9.4)', async () => {
    fake.faults.set({ doceoFrench: true }, { path: '/doceo/' });
    const xml = await (await doceo('PV-10-2025-03-12-VOT_EN.xml')).text();
    expect(xml).toContain('<file language="FR"');
    expect(xml).toContain('Règlement sur les médicaments critiques');
  });
});

describe('faults', () => {
  it('latencyMs delays the answer', async () => {
    fake.faults.set({ latencyMs: 80 });
    const t0 = Date.now();
    expect(await status('meps/1294')).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
  });

  it('errorRate 1 answers 500/502/503; 0.5 mixes, deterministically per seed', async () => {
    fake.faults.set({ errorRate: 1 });
    for (let i = 0; i < 5; i++) expect([500, 502, 503]).toContain(await status('meps/1294'));
    const run = (f: Faults) => Array.from({ length: 30 }, () => {
      const a = f.decide('/api/v2/meps').action;
      return a.kind === 'status' ? a.status : 200;
    });
    const a = new Faults(7);
    const b = new Faults(7);
    a.set({ errorRate: 0.5 });
    b.set({ errorRate: 0.5 });
    const seq = run(a);
    expect(seq).toEqual(run(b));
    expect(seq).toContain(200);
    expect(seq.some((s) => s >= 500)).toBe(true);
  });

  it('status override: 429 with Retry-After, 403, 404, 500', async () => {
    fake.faults.set({ status: 429, retryAfterSeconds: 7 });
    const res = await get('meps/1294');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    for (const s of [403, 404, 500]) {
      fake.faults.clear();
      fake.faults.set({ status: s });
      expect(await status('meps/1294')).toBe(s);
    }
  });

  it('reset destroys the socket without a response', async () => {
    fake.faults.set({ reset: true });
    await expect(get('meps/1294')).rejects.toThrow();
  });

  it('truncated sends valid JSON cut in half', async () => {
    const full = await (await get('meps/1294')).text();
    fake.faults.set({ truncated: true });
    const res = await get('meps/1294');
    expect(res.status).toBe(200);
    const cut = await res.text();
    expect(cut).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(cut)).toThrow();
  });

  it('garbage answers an HTML page as text/html', async () => {
    fake.faults.set({ garbage: true });
    const res = await get('meps/1294');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('empty204, emptyBody200 and errorInBody (Q1–Q3)', async () => {
    fake.faults.set({ empty204: true });
    expect(await status('meps/1294')).toBe(204);
    fake.faults.clear();
    fake.faults.set({ emptyBody200: true });
    const empty = await get('meps/1294');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
    fake.faults.clear();
    fake.faults.set({ errorInBody: true });
    const err = await get('procedures/feed');
    expect(err.status).toBe(200);
    expect(await err.json()).toEqual({ error: expect.stringMatching(/^502 Bad Gateway from POST /) });
  });

  it('outage: 503 HTML by default, or resets', async () => {
    fake.faults.set({ outage: true });
    const res = await get('meetings');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect((await doceo('PV-10-2025-03-12-RCV_EN.xml')).status).toBe(503);
    fake.faults.set({ outage: 'reset' });
    await expect(get('meetings')).rejects.toThrow();
  });

  it('hang never answers until the client aborts', async () => {
    fake.faults.set({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    await expect(get('meps/1294', { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('rules are scoped by path prefix or RegExp, can expire after N requests, and clear()', async () => {
    fake.faults.set({ status: 500 }, { path: 'meps/show-current' });
    fake.faults.set({ status: 502 }, { path: /\/decisions$/ });
    expect(await status('meps/show-current')).toBe(500);
    expect(await status('meps/1294')).toBe(200);
    expect(await status(`meetings/${FIXTURE.sittings.withDecisions}/decisions`)).toBe(502);
    expect(await status(`meetings/${FIXTURE.sittings.withDecisions}/vote-results`)).toBe(200);
    fake.faults.clear();
    expect(await status('meps/show-current')).toBe(200);
    fake.faults.set({ status: 503, times: 2 }, { path: 'meetings' });
    expect([await status('meetings'), await status('meetings'), await status('meetings')]).toEqual([503, 503, 200]);
  });

  it('rateLimit answers 429 with Retry-After once the per-endpoint window is full', async () => {
    fake.faults.set({ rateLimit: { max: 2, windowMs: 60_000 }, retryAfterSeconds: 30 });
    expect(await status('meps/1294')).toBe(200);
    expect(await status('meps/840')).toBe(200);
    const third = await get('meps/124936');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(await status('meetings')).toBe(200); // another endpoint has its own window
  });

  it('rateLimit with blockMs keeps refusing (403 burst block) until the block ends', () => {
    const f = new Faults(1);
    f.set({ rateLimit: { max: 1, windowMs: 10, status: 403, blockMs: 1000 } });
    const at = (t: number) => f.decide('/api/v2/meps/1294', t).action;
    expect(at(0).kind).toBe('pass');
    expect(at(1)).toEqual({ kind: 'status', status: 403, retryAfter: undefined });
    expect(at(500).kind).toBe('status'); // window long over, still blocked
    expect(at(1001).kind).toBe('pass');
  });

  it('jitterMs adds a seeded random delay', () => {
    const delays = (seed: number) => {
      const f = new Faults(seed);
      f.set({ latencyMs: 10, jitterMs: 20 });
      return Array.from({ length: 5 }, () => f.decide('/api/v2/meps').delayMs);
    };
    expect(delays(3)).toEqual(delays(3));
    expect(delays(3).every((d) => d >= 10 && d < 30)).toBe(true);
    expect(new Set(delays(3)).size).toBeGreaterThan(1);
  });

  it('noContentType, oversizeBytes and feed modes', async () => {
    fake.faults.set({ noContentType: true });
    const bare = await get('meps/1294');
    expect(bare.headers.get('content-type')).toBeNull();
    expect((await bare.json()).data[0].identifier).toBe('1294');
    fake.faults.clear();
    fake.faults.set({ oversizeBytes: 200_000 });
    const big = await get('meps/1294');
    expect(Number(big.headers.get('content-length'))).toBe(200_000);
    expect((await big.json()).data).toHaveLength(1);
    fake.faults.clear();
    expect(await status('meps/feed')).toBe(204); // no membership changed in the last week
    expect((await data('meps/feed?timeframe=custom&start-date=2025-01-01')).map((m) => m.identifier)).toContain(FIXTURE.incomingMep);
    expect((await data('procedures/feed')).every((p) => p.process_id.startsWith('2025-'))).toBe(true);
    fake.faults.set({ feed: 'stale' }, { path: /\/feed$/ });
    expect((await data('procedures/feed'))[0].process_id).toBe('1972-0003');
    fake.faults.set({ feed: '404' }, { path: /\/feed$/ });
    expect(await status('meps/feed')).toBe(404);
    fake.faults.set({ feed: 'census' }, { path: /\/feed$/ });
    expect(await data('meps/feed?timeframe=today')).toHaveLength(fake.dataset.meps.length);
  });
});

describe('counts and control plane', () => {
  it('counts every request by path, faulted ones included', async () => {
    fake.resetCounts();
    await get('meps/1294');
    await get('meps/1294?format=application/ld+json');
    await get('meetings?year=2025');
    fake.faults.set({ status: 503 });
    await get('meetings');
    await doceo('PV-10-2025-03-12-RCV_EN.xml');
    expect(fake.counts()).toEqual({
      total: 5,
      byPath: { '/api/v2/meps/1294': 2, '/api/v2/meetings': 2, '/doceo/document/PV-10-2025-03-12-RCV_EN.xml': 1 },
    });
    fake.resetCounts();
    expect(fake.counts()).toEqual({ total: 0, byPath: {} });
  });

  it('drives faults and counts over HTTP', async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${fake.port}/__control/${path}`, { method: body === undefined && path === 'counts' ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    await control('reset-counts', {});
    expect((await control('faults', { status: 429, retryAfterSeconds: 3, path: 'meps' })).status).toBe(200);
    expect((await control('faults', { status: 500, pathRegex: '^/api/v2/meetings/[^/]+/decisions$' })).status).toBe(200);
    const limited = await get('meps/show-current');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect(await status(`meetings/${FIXTURE.sittings.withDecisions}/decisions`)).toBe(500);
    expect(await status('meetings')).toBe(200);
    expect(await (await control('counts')).json()).toEqual({
      total: 3,
      byPath: { '/api/v2/meps/show-current': 1, [`/api/v2/meetings/${FIXTURE.sittings.withDecisions}/decisions`]: 1, '/api/v2/meetings': 1 },
    });
    await control('clear', {});
    expect(await status('meps/show-current')).toBe(200);
    await control('reset-counts', {});
    expect(fake.counts().total).toBe(0);
  });

  it('main.ts prints one JSON line and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', () => reject(new Error('exited early')));
    });
    expect(line.trim().split('\n')).toHaveLength(1);
    const info = JSON.parse(line) as { baseUrl: string; doceoUrl: string; port: number };
    expect(info.baseUrl).toBe(`http://127.0.0.1:${info.port}/api/v2/`);
    expect(info.doceoUrl).toBe(`http://127.0.0.1:${info.port}/doceo/`);
    expect((await fetch(`${info.baseUrl}meps/1294`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 10_000);
});

describe('volume generator', () => {
  it('is deterministic per seed and only uses its own members', () => {
    const a = generateVotes({ meps: 60, votes: 25, seed: 5 });
    const b = generateVotes({ meps: 60, votes: 25, seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.meps).toHaveLength(60);
    expect(a.votes).toHaveLength(25);
    const ids = new Set(a.meps.map((m) => m.id));
    for (const v of a.votes) for (const id of [...v.favor, ...v.against, ...v.abstention]) expect(ids.has(id)).toBe(true);
    expect(JSON.stringify(generateVotes({ meps: 60, votes: 25, seed: 6 }))).not.toBe(JSON.stringify(a));
  });

  it('the server serves a large house and its votes consistently', async () => {
    const big = await startFakeUpstream({ large: { meps: 150, votes: 40 }, seed: 3 });
    try {
      const current = await (await fetch(`${big.baseUrl}meps/show-current?limit=1000`)).json();
      expect(current.data).toHaveLength(150);
      const generatedDay = big.dataset.legislation.voteItems.length; // fixture items are untouched
      expect(generatedDay).toBe(fake.dataset.legislation.voteItems.length);
      const decisions = (await (await fetch(`${big.baseUrl}meetings/MTG-PL-2024-09-17/decisions`)).json()).data as Item[];
      const xml = await (await fetch(`${big.doceoUrl}document/PV-10-2024-09-17-RCV_EN.xml`)).text();
      expect(rcvVotes(xml).map((v) => v.identifier)).toEqual(decisions.map((d) => d.notation_votingId));
      expect(decisions.some((d) => d.notation_votingId.startsWith('18'))).toBe(true);
      expect(decisions.map((d) => d.activity_order)).toEqual(decisions.map((_, i) => i + 1));
    } finally {
      await big.close();
    }
  });

  it('FAKE_TODAY keeps answers independent of the wall clock', () => {
    expect(FAKE_TODAY).toBe('2025-07-11');
  });
});
