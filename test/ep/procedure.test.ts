import { describe, expect, it } from 'vitest';
import { ProcedureSchema, procedureFromRecord } from '../../src/ep/procedure.ts';
import { procedureDetail, procedureListItem } from './fixtures.ts';

describe('procedures', () => {
  it('reads the 2024/2006(REG) detail record', () => {
    const p = procedureFromRecord(procedureDetail)!;
    expect(p).toMatchObject({
      id: '2024-2006', reference: '2024/2006(REG)', type: 'REG', typeName: "Parliament's Rules of Procedure",
      title: 'Amendments to Parliament’s Rules of Procedure',
      currentStage: { code: 'RDG1', name: 'First reading' },
      documents: ['AFCO-PR-759748', 'A-9-2024-0163', 'TA-9-2024-0315'],
    });
    expect(p.events).toEqual([
      { id: '2024-2006-ANPRO-2024-04-10', date: '2024-04-10', type: 'Referral', typeCode: 'REFERRAL', stage: 'RDG1', documents: [] },
      { id: 'MTG-PL-2024-04-24-VOT-ITM-946131', date: '2024-04-24', type: 'Plenary vote results', typeCode: 'PLENARY_VOTE_RESULTS', stage: null, documents: ['A-9-2024-0163', 'PV-9-2024-04-24-VOT-ITM-001'] },
      { id: '2024-2006-DEC-DCPL-2024-04-24', date: '2024-04-24', type: 'Decision by Parliament', typeCode: 'DEC-DCPL', stage: 'RDG1', documents: ['TA-9-2024-0315'] },
    ]);
    expect(p.participants).toEqual([
      { role: 'Parliamentary committee responsible', roleCode: 'COMMITTEE_LEAD', mepId: null, organisation: 'AFCO', group: null, date: null },
      { role: 'Rapporteur', roleCode: 'RAPPORTEUR', mepId: '197435', organisation: 'AFCO', group: 'S&D', date: '2024-02-29' },
    ]);
    expect(p.summary).toEqual({
      eventCount: 3, firstEventDate: '2024-04-10', lastEventDate: '2024-04-24', lastEventType: 'Decision by Parliament',
      plenaryDecisionDate: '2024-04-24', adoptedTexts: ['TA-9-2024-0315'], leadCommittee: 'AFCO', rapporteurMepIds: ['197435'],
    });
    expect(ProcedureSchema.parse(p)).toEqual(p);
  });
  it('reads list items and events given only as ids', () => {
    expect(procedureFromRecord(procedureListItem)).toMatchObject({
      id: '1972-0003', reference: '1972/0003(COD)', type: 'COD', typeName: 'Ordinary legislative procedure',
      title: null, currentStage: null, events: [], participants: [], documents: [],
      summary: { eventCount: 0, plenaryDecisionDate: null, leadCommittee: null },
    });
    const p = procedureFromRecord({ process_id: '2024-0001', consists_of: ['eli/dl/event/2024-0001-MEET-TRI2-2024-11-05', 'eli/dl/event/2024-0001-DEPOT-2024-10-01'] })!;
    expect(p.reference).toBe('2024/0001');
    expect(p.events.map((e) => [e.date, e.type])).toEqual([['2024-10-01', 'Tabled for plenary'], ['2024-11-05', 'Trilogue']]);
    expect(procedureFromRecord({ process_id: '2024-0001/../x' })).toBeNull();
  });
});
