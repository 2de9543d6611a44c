import { describe, expect, it } from 'vitest';
import { buildOrgLookup } from '../../src/ep/committee.ts';
import { DocumentSchema, documentFromRecord } from '../../src/ep/document.ts';
import type { JsonRecord } from '../../src/ep/jsonld.ts';
import { amendmentListItem, plenaryDocument } from './fixtures.ts';

const orgs = buildOrgLookup([{ id: 'org/6587', identifier: '6587', label: 'AFCO', prefLabel: { en: 'Committee on Constitutional Affairs' }, temporal: { startDate: '2024-07-16' } }], { asOf: '2025-01-01' });

describe('documents', () => {
  it('reads the plenary report record', () => {
    const d = documentFromRecord(plenaryDocument, { orgs });
    expect(d).toEqual({
      id: 'A-9-2024-0163', label: 'A9-0163/2024', family: 'plenary-documents',
      type: 'EP plenary report', typeCode: 'REPORT_PLENARY', date: '2024-04-04',
      title: "REPORT on amendments to Parliament's Rules of Procedure", term: 9,
      creators: [{ kind: 'organisation', id: 'AFCO', name: 'Committee on Constitutional Affairs' }],
      participants: [{ role: 'Rapporteur', roleCode: 'RAPPORTEUR', mepId: '197435', organisation: 'AFCO', group: null, date: null }],
      procedureId: '2024-2006', publicRegister: 'P9_A(2024)0163', epNumber: 'PE759.748',
      files: [{ language: 'en', format: 'PDF', url: 'https://data.europarl.europa.eu/distribution/reds_iPlRp/A-9-2024-0163/A-9-2024-0163_en.pdf' }],
    });
    expect(DocumentSchema.parse(d)).toEqual(d);
  });
  it('picks files and title of the requested language, falling back to English', () => {
    const fr: JsonRecord = {
      id: 'eli/dl/doc/A-9-2024-0163/fr', type: 'Expression',
      language: 'http://publications.europa.eu/resource/authority/language/FRA',
      title: { fr: 'Rapport sur les modifications' },
      is_embodied_by: [
        { id: 'eli/dl/doc/A-9-2024-0163/fr/pdf', is_exemplified_by: 'distribution/x/A-9-2024-0163_fr.pdf', format: 'http://publications.europa.eu/resource/authority/file-type/PDF' },
        { id: 'eli/dl/doc/A-9-2024-0163/fr/docx', is_exemplified_by: 'distribution/x/A-9-2024-0163_fr.docx', format: 'http://publications.europa.eu/resource/authority/file-type/DOCX' },
      ],
    };
    const { title_dcterms: _t, ...noWorkTitle } = plenaryDocument;
    const rec = { ...noWorkTitle, is_realized_by: [...(plenaryDocument.is_realized_by as JsonRecord[]), fr] };
    const d = documentFromRecord(rec, { lang: 'fr' })!;
    expect(d.title).toBe('Rapport sur les modifications');
    expect(d.files.map((f) => `${f.language}:${f.format}`)).toEqual(['fr:PDF', 'fr:DOCX']);
    const de = documentFromRecord(rec, { lang: 'de' })!;
    expect(de.title).toBe('Report on amendments');
    expect(de.files.map((f) => f.language)).toEqual(['en']);
  });
  it('reads minimal list items and other families', () => {
    expect(documentFromRecord(amendmentListItem)).toMatchObject({
      id: 'A-10-0034-0034-AM-001-001', label: 'A-10-0034-0034-AM-001-001', family: 'documents',
      type: "EP's list of amendments", typeCode: 'AMENDMENT_LIST', date: null, title: null, files: [], creators: [],
    });
    expect(documentFromRecord({ id: 'eli/dl/doc/TA-9-2024-0315', type: 'Work' })).toMatchObject({ id: 'TA-9-2024-0315', label: 'T9-0315/2024', family: 'adopted-texts' });
    expect(documentFromRecord({ id: 'eli/dl/doc/AFCO-PA-745315', type: 'Work', creator: 'person/197435' })).toMatchObject({
      family: 'committee-documents', creators: [{ kind: 'person', id: '197435', name: null }],
    });
    expect(documentFromRecord({ type: 'Work' })).toBeNull();
  });
});
