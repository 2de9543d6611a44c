/**
 * DOCEO plenary vote files in the real term-10 layout (facts sheet §9.2/§9.4): the RCV file with
 * every member's position and the VOT file with the day's tallies. Both come from the same vote
 * items as the ODP `decisions`, so PersId = person id and Identifier = notation_votingId.
 */
import { cetOffset, addDays } from './jsonld.ts';
import { committee } from './fixtures/bodies.ts';
import { TERM10_GROUPS, type GroupCode } from './fixtures/groups.ts';
import { groupOn, type Mep } from './fixtures/meps.ts';
import type { RollCall, VoteItem } from './fixtures/votes.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const GROUP_ORDER: GroupCode[] = [...TERM10_GROUPS, 'ID'];

export interface DoceoDay {
  date: string;
  term: number;
  items: readonly VoteItem[];
  meps: ReadonlyMap<string, Mep>;
  /** ordinal of the sitting, used for Sitting.Identifier */
  ordinal: number;
}

/** Surname as printed; members sharing a surname that day get "Surname Given", as DOCEO does. */
function namer(day: DoceoDay) {
  const voters = new Set(day.items.flatMap((i) => i.votings.flatMap((v) => [...v.favor, ...v.against, ...v.abstention, ...v.intendedFavor, ...v.intendedAgainst, ...v.intendedAbstention])));
  const counts = new Map<string, number>();
  for (const id of voters) {
    const m = day.meps.get(id);
    if (m) counts.set(m.familyName, (counts.get(m.familyName) ?? 0) + 1);
  }
  return (m: Mep) => ((counts.get(m.familyName) ?? 0) > 1 ? `${m.familyName} ${m.givenName}` : m.familyName);
}

export function rcvXml(day: DoceoDay): string {
  const name = namer(day);
  const member = (id: string, tag: string, twoSpaces: boolean) => {
    const m = day.meps.get(id);
    if (!m) return '';
    return `<${tag}${twoSpaces ? '  ' : ' '}MepId="${m.mepId}" PersId="${m.id}">${esc(name(m))}</${tag}>`;
  };
  const section = (tag: string, ids: readonly string[], date: string) => {
    const byGroup = new Map<GroupCode, Mep[]>();
    for (const id of ids) {
      const m = day.meps.get(id);
      if (!m) continue;
      const g = groupOn(m, date) ?? 'NI';
      byGroup.set(g, [...(byGroup.get(g) ?? []), m]);
    }
    const lists = GROUP_ORDER.filter((g) => byGroup.has(g)).map((g) => {
      const members = byGroup.get(g)!.sort((a, b) => name(a).localeCompare(name(b)));
      return `<Result.PoliticalGroup.List Identifier="${esc(g)}">${members.map((m) => member(m.id, 'PoliticalGroup.Member.Name', true)).join('')}</Result.PoliticalGroup.List>`;
    });
    return `<${tag} Number="${ids.length}">${lists.join('')}</${tag}>`;
  };
  const intentions = (v: RollCall) => {
    const parts = ([['For', v.intendedFavor], ['Against', v.intendedAgainst], ['Abstention', v.intendedAbstention]] as const)
      .filter(([, ids]) => ids.length > 0)
      .map(([k, ids]) => `<Intentions.Result.${k}>${ids.map((id) => member(id, 'Member.Name', false)).join('')}</Intentions.Result.${k}>`);
    return parts.length > 0 ? `<Intentions Code="100">${parts.join('')}</Intentions>` : '';
  };
  const results = day.items.flatMap((i) => i.votings).sort((a, b) => a.time.localeCompare(b.time)).map((v) =>
    `<RollCallVote.Result Identifier="${v.votingId}" DlvId="${v.dlvId}" Date="${v.date} ${v.time}">` +
    `<RollCallVote.Description.Text>${esc(v.description)}</RollCallVote.Description.Text>` +
    section('Result.For', v.favor, v.date) + section('Result.Against', v.against, v.date) + section('Result.Abstention', v.abstention, v.date) +
    intentions(v) + '</RollCallVote.Result>');
  const [y, mo, d] = day.date.split('-');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<PV.RollCallVoteResults xmlns:text="http://openoffice.org/2000/text" xmlns:table="http://openoffice.org/2000/table" xmlns:office="http://openoffice.org/2000/office" ` +
    `Sitting.Identifier="${9000 + day.ordinal}" Sitting.Date="${day.date}" EP.Reference="P${day.term}_PV(${y})${mo}-${d}" EP.Number="PE ${760 + (day.ordinal % 40)}.${String(100 + day.ordinal * 7).slice(-3)}" Document.Language="XL">` +
    '<RollCallVoteResults.PleaseNote><RollCallVoteResults.PleaseNote.Title><RollCallVoteResults.PleaseNote.Title.Content Language="EN">NOTICE</RollCallVoteResults.PleaseNote.Title.Content></RollCallVoteResults.PleaseNote.Title>' +
    '<RollCallVoteResults.PleaseNote.Text><RollCallVoteResults.PleaseNote.Text.Content Language="EN">Corrections and voting intentions are listed under code 100; they do not change the result. Symbols: + for, - against, 0 abstention.</RollCallVoteResults.PleaseNote.Text.Content></RollCallVoteResults.PleaseNote.Text></RollCallVoteResults.PleaseNote>' +
    '<RollCallVoteResults.Titles><RollCallVoteResults.Title.Text Language="EN">MINUTES<text:line-break/>Result of roll-call votes - Annex 2</RollCallVoteResults.Title.Text>' +
    '<RollCallVoteResults.Title.Text Language="FR">PROCÈS-VERBAL<text:line-break/>Résultat des votes par appel nominal - Annexe 2</RollCallVoteResults.Title.Text></RollCallVoteResults.Titles>' +
    results.join('') +
    `<VoteTitles>${day.items.map((i) => `<VoteTitle DlvId="${i.dlvId}">${esc(i.title.en)}</VoteTitle>`).join('')}</VoteTitles>` +
    '<Glossary><Term Code="100"><Text lang="EN">CORRECTIONS TO VOTES AND VOTING INTENTIONS</Text><Text lang="FR">CORRECTIONS ET INTENTIONS DE VOTE</Text></Term></Glossary>' +
    '</PV.RollCallVoteResults>';
}

const WHOLE_TYPES: Record<VoteItem['kind'], string> = { REPORT: 'REPORT', RESOLUTION: 'RESOLUTION' };

/** `french` serves the French file under the English name, as upstream does when EN is late (§9.4). */
export function votXml(day: DoceoDay, options: { french?: boolean } = {}): string {
  const fr = options.french === true;
  const offset = cetOffset(day.date);
  const ts = (time: string) => `${day.date}T${time}.000${offset}`;
  const votes = day.items.map((item, listIndex) => {
    const rapporteur = item.rapporteur ? day.meps.get(item.rapporteur) : undefined;
    const title = fr ? item.title.fr : item.title.en;
    const label = item.kind === 'REPORT'
      ? `${fr ? 'Rapport' : 'Report'}: ${rapporteur ? `${rapporteur.givenName} ${rapporteur.familyName}` : ''} (${item.doc?.label ?? ''})`
      : `${fr ? 'Propositions de résolution' : 'Motions for resolutions'}: ${item.doc?.label ?? ''}`;
    const rows = [
      ...item.votings.map((v) => ({ time: v.time, xml: (index: number) => rollCallVoting(v, index, ts) })),
      ...item.handVotes.map((h) => ({
        time: h.time,
        xml: (index: number) => `<voting type="AMENDMENT" votingId="${h.votingId}" listIndex="${index}" result="${h.outcome}" resultType="RAISE_HAND" voteTimestamp="${ts(h.time)}">` +
          `<title/><label/><amendmentSubject>${esc(h.subject)}</amendmentSubject><amendmentNumber>${h.amendmentNumber}</amendmentNumber><amendmentAuthor>${esc(h.amendmentAuthor)}</amendmentAuthor><observations status="verbatim"/></voting>`,
      })),
    ].sort((a, b) => a.time.localeCompare(b.time));
    const requester = item.votings.find((v) => v.amendmentAuthor && v.amendmentAuthor !== 'committee')?.amendmentAuthor;
    const remarks = requester
      ? `<remarks><remark><remarkRollCalls order="0"><title>${fr ? 'Demandes de vote par appel nominal' : 'Requests for roll-call votes'}</title><RemarkRollCallSeparated><politicalGroups><label>${esc(requester)}:</label>` +
        `<groups code="${esc(requester)}" startDate="2024-07-16T10:00:00.000+02:00" endDate="2099-12-31T23:59:59.000+01:00"/></politicalGroups><translation>Am ${item.votings[0].amendmentNumber ?? ''}</translation></RemarkRollCallSeparated></remarkRollCalls></remark></remarks>`
      : '<remarks><remark/></remarks>';
    const lead = item.committee ? committee(item.committee) : undefined;
    const committeeAttr = lead ? ` committee="${fr ? `Commission: ${esc(lead.fr)}` : `Committee: ${esc(lead.en)}`}"` : '';
    const authorAttr = rapporteur ? ` author="${esc(rapporteur.familyName.toUpperCase())}"` : '';
    return `<vote xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" listIndex="${listIndex}" dlvId="${item.dlvId}" indexSched="${item.agendaPoint}" type="${WHOLE_TYPES[item.kind]}"${authorAttr}${committeeAttr}>` +
      `<title>${esc(title)}</title><label>${esc(label)}</label><documentTitle xsi:nil="true"/>` +
      `<votings>${rows.map((r, i) => r.xml(i)).join('')}</votings>${remarks}` +
      `<documents>${item.doc ? `<document documentNumber="${esc(item.doc.label)}" documentType="${item.kind === 'REPORT' ? 'R' : item.doc.label.startsWith('RC') ? 'RC' : 'PR'}" documentOrder="0" source="SCHED"/>` : ''}</documents></vote>`;
  });
  const info = `<vote xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" listIndex="${day.items.length}" dlvId="${900000 + day.ordinal}" type="INFO"><title/><label>${fr ? 'Informations complémentaires' : 'Additional information'}</label><documentTitle xsi:nil="true"/><votings/>` +
    `<remarks><remark><remarkFreeTexts order="0"><title>${fr ? 'Divers' : 'Miscellaneous'}</title><remarkFreeText><translation>${fr ? 'Note libre, pas un vote.' : 'Free-text note, not a vote.'}</translation></remarkFreeText></remarkFreeTexts></remark></remarks><documents/></vote>`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<file language="${fr ? 'FR' : 'EN'}" date="${addDays(day.date, 1)}${offset}" version="2"><glossary/>` +
    `<sitting date="${day.date}${offset}" lastUpdate="${day.date}T18:44:12.640${offset}"><votes>${votes.join('')}${info}</votes></sitting></file>`;
}

function rollCallVoting(v: RollCall, index: number, ts: (time: string) => string): string {
  const amendmentSubject = v.subject.includes(' – Am ') ? v.subject.split(' – Am ')[0] : v.amendmentNumber ? '' : v.subject;
  const total = v.favor.length + v.against.length + v.abstention.length;
  return `<voting type="AMENDMENT" eugiId="Presiding Officer" votingId="${v.votingId}" listIndex="${index}" result="${v.outcome}" resultType="ROLL_CALL" ` +
    `numberFavor="${v.favor.length}" numberAgainst="${v.against.length}" numberAbstention="${v.abstention.length}" votersCount="${total}" voteTimestamp="${ts(v.time)}">` +
    `<title>${v.amendmentNumber ? '' : esc(v.subject)}</title><label status="rcv">${esc(v.description)}</label>` +
    `<amendmentSubject>${esc(amendmentSubject)}</amendmentSubject><amendmentNumber>${v.amendmentNumber ?? ''}</amendmentNumber><amendmentAuthor>${esc(v.amendmentAuthor ?? '')}</amendmentAuthor>` +
    `<rcv type="RCV"><value>RCV</value></rcv><observations status="verbatim">${v.favor.length}, ${v.against.length}, ${v.abstention.length}</observations></voting>`;
}
