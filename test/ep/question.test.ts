import { describe, expect, it } from 'vitest';
import { QuestionSchema, questionFromRecord } from '../../src/ep/question.ts';
import { questionItem } from './fixtures.ts';

describe('parliamentary questions', () => {
  it('reads the written question with its answer', () => {
    const q = questionFromRecord(questionItem);
    expect(q).toEqual({
      id: 'E-10-2024-001357', label: 'E-001357/2024', type: 'written', typeCode: 'QUESTION_WRITTEN',
      date: '2024-07-16',
      title: 'Suspension of the EU-Israel Association Agreement and recognition of the State of Palestine',
      subtitle: 'Question for written answer E-001357/2024 - to the Council - Rule 144 - João Oliveira (The Left)',
      term: 10, authorMepIds: ['257083'],
      addressee: { id: 'CS', name: 'Council of the European Union' },
      answered: true, answerId: 'E-10-2024-001357-ASW', answerDate: '2025-02-26',
    });
    expect(QuestionSchema.parse(q)).toEqual(q);
  });
  it('is pending without inverse_answers_to; other work types map to their kind', () => {
    const { inverse_answers_to: _a, ...pending } = questionItem;
    expect(questionFromRecord(pending)).toMatchObject({ answered: false, answerId: null, answerDate: null });
    expect(questionFromRecord({ ...pending, work_type: 'def/ep-document-types/QUESTION_ORAL', identifier: 'O-10-2025-000012' }))
      .toMatchObject({ type: 'oral', label: 'O-000012/2025' });
    expect(questionFromRecord({ ...pending, work_type: 'def/ep-document-types/SOMETHING_NEW' })?.type).toBe('other');
  });
  it('accepts an answer given as a bare link, and authors from participations only', () => {
    const q = questionFromRecord({
      id: 'eli/dl/doc/E-10-2024-000001', type: 'Work',
      workHadParticipation: [{ had_participant_person: 'person/1294', participation_role: 'def/ep-roles/AUTHOR' }],
      inverse_answers_to: 'eli/dl/doc/E-10-2024-000001-ASW',
    })!;
    expect(q).toMatchObject({ id: 'E-10-2024-000001', authorMepIds: ['1294'], answered: true, answerId: 'E-10-2024-000001-ASW', answerDate: null, addressee: null });
  });
});
