// DOCEO roll-call file (PV-{term}-{date}-RCV_{lang}.xml, facts sheet §9.2): every member's
// position on every roll-call vote of one sitting day. Pure and synchronous, so it can run in a
// worker thread; the output is plain data (structured-clone safe).
//
// Only the real layout (root <PV.RollCallVoteResults>) is accepted. The reference project's
// synthetic fixture (root <PV.RollCallVoteResult>, description outside the vote, invented
// attributes) is refused with DoceoParseError: reading it "tolerantly" would give votes without
// descriptions or PersIds, i.e. data that looks valid but is not.
import { z } from 'zod';
import { DoceoParseError } from './errors.ts';
import { asNode, attr, child, children, createParser, datePart, intAttr, mixedText, parseDocument, textOf, textOrNull, type XmlNode } from './xml.ts';

export const PositionSchema = z.enum(['for', 'against', 'abstain']);
export type Position = z.infer<typeof PositionSchema>;

export const RollCallIntentionSchema = z.object({
  /** ODP person id (`person/{persId}`): the join key. Absent in some older files. */
  persId: z.string().nullable(),
  /** Legacy vote-system id: never join it to ODP. */
  mepId: z.string().nullable(),
  /** As printed: surname, or "Surname Given" when two members share it. */
  name: z.string(),
  position: PositionSchema,
});
export type RollCallIntention = z.infer<typeof RollCallIntentionSchema>;

export const RollCallPositionSchema = RollCallIntentionSchema.extend({
  /** Political group code as in the file: `PPE`, `S&D`, `Verts/ALE`, `The Left`… */
  group: z.string(),
});
export type RollCallPosition = z.infer<typeof RollCallPositionSchema>;

const count = z.number().int().nonnegative();

export const RollCallSchema = z.object({
  /** = VOT `votingId` = ODP decision `notation_votingId`. */
  votingId: z.string(),
  /** Agenda item: = VOT `vote/@dlvId` = ODP `notation_dlvId` (2024+ files only). */
  dlvId: z.string().nullable(),
  /** The vote's `Date` attribute as given: "YYYY-MM-DD HH:MM:SS" (older files: date only). */
  time: z.string().nullable(),
  description: z.string(),
  /** Leading document label such as `A10-0006/2025` or `RC-B9-0331/2023`. */
  documentRef: z.string().nullable(),
  /** Title of the agenda item from the file's `VoteTitles` (by DlvId). */
  itemTitle: z.string().nullable(),
  /** The sections' `Number` attributes (a missing section counts 0). */
  tallies: z.object({ for: count, against: count, abstain: count }),
  positions: z.array(RollCallPositionSchema),
  /** Corrections and voting intentions announced afterwards; not counted in the tallies. */
  intentions: z.array(RollCallIntentionSchema),
  /** Every stated `Number` equals the members listed in its section. */
  consistent: z.boolean(),
});
export type RollCall = z.infer<typeof RollCallSchema>;

export const RollCallDaySchema = z.object({
  sittingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sittingIdentifier: z.string().nullable(),
  /** Minutes reference, e.g. `P10_PV(2025)03-11`. */
  reference: z.string().nullable(),
  /** In document order, which is voting order. */
  votes: z.array(RollCallSchema),
});
export type RollCallDay = z.infer<typeof RollCallDaySchema>;

const ROOT = 'PV.RollCallVoteResults';
const VOTE = 'RollCallVote.Result';
const DESCRIPTION = 'RollCallVote.Description.Text';
const DESCRIPTION_RAW = 'DescriptionText';
const GROUP_LIST = 'Result.PoliticalGroup.List';
const MEMBER = 'PoliticalGroup.Member.Name';
const INTENTION_MEMBER = 'Member.Name';

const SECTIONS: readonly (readonly [string, Position])[] = [
  ['Result.For', 'for'],
  ['Result.Against', 'against'],
  ['Result.Abstention', 'abstain'],
];
const INTENTION_SECTIONS: readonly (readonly [string, Position])[] = [
  ['Intentions.Result.For', 'for'],
  ['Intentions.Result.Against', 'against'],
  ['Intentions.Result.Abstention', 'abstain'],
];

// Built once per module (so once per worker); parsing is synchronous, so sharing it is safe.
const parser = createParser({
  repeating: [VOTE, GROUP_LIST, MEMBER, INTENTION_MEMBER, 'VoteTitle'],
  // Term-9 descriptions contain <a> links; keep the markup so the text stays in order.
  raw: { [DESCRIPTION]: DESCRIPTION_RAW },
});

/** Parses one RCV file. Throws DoceoParseError when it is not a complete RCV document. */
export function parseRollCalls(xml: string): RollCallDay {
  const root = parseDocument(parser, xml, ROOT, 'RCV');
  const titles = voteTitles(root);
  const votes = children(root, VOTE).map((node, index) => readVote(asNode(node), index, titles));
  const sittingDate = datePart(attr(root, 'Sitting.Date')) ?? datePart(votes[0]?.time ?? null);
  if (sittingDate === null) throw new DoceoParseError('RCV', 'missing_field', 'no Sitting.Date on <PV.RollCallVoteResults>');
  return {
    sittingDate,
    sittingIdentifier: attr(root, 'Sitting.Identifier'),
    reference: attr(root, 'EP.Reference'),
    votes,
  };
}

function readVote(node: XmlNode, index: number, titles: ReadonlyMap<string, string>): RollCall {
  const votingId = attr(node, 'Identifier');
  if (votingId === null) throw new DoceoParseError('RCV', 'missing_field', `roll-call vote #${index + 1} has no Identifier`);
  const dlvId = attr(node, 'DlvId');
  const description = mixedText(child(node, DESCRIPTION_RAW), 'RCV', `the description of vote ${votingId}`);

  const tallies = { for: 0, against: 0, abstain: 0 };
  const positions: RollCallPosition[] = [];
  let consistent = true;
  for (const [tag, position] of SECTIONS) {
    const section = child(node, tag);
    if (section === undefined) continue;
    const before = positions.length;
    for (const list of children(asNode(section), GROUP_LIST)) {
      const group = attr(list, 'Identifier') ?? '';
      for (const m of children(asNode(list), MEMBER)) positions.push({ ...member(m, position), group });
    }
    const listed = positions.length - before;
    // Without a Number there is nothing to contradict: count what is listed.
    const stated = intAttr(section, 'Number');
    tallies[position] = stated ?? listed;
    if (stated !== null && stated !== listed) consistent = false;
  }

  const intentions: RollCallIntention[] = [];
  for (const block of children(node, 'Intentions')) {
    for (const [tag, position] of INTENTION_SECTIONS) {
      for (const section of children(asNode(block), tag)) {
        const s = asNode(section);
        for (const m of [...children(s, INTENTION_MEMBER), ...children(s, MEMBER)]) intentions.push(member(m, position));
      }
    }
  }

  return {
    votingId,
    dlvId,
    time: attr(node, 'Date'),
    description,
    documentRef: documentRefOf(description),
    itemTitle: dlvId === null ? null : titles.get(dlvId) ?? null,
    tallies,
    positions,
    intentions,
    consistent,
  };
}

function member(node: unknown, position: Position): RollCallIntention {
  return { persId: attr(node, 'PersId'), mepId: attr(node, 'MepId'), name: textOf(node), position };
}

function voteTitles(root: XmlNode): Map<string, string> {
  const titles = new Map<string, string>();
  for (const block of children(root, 'VoteTitles')) {
    for (const t of children(asNode(block), 'VoteTitle')) {
      const dlvId = attr(t, 'DlvId');
      const title = textOrNull(t);
      if (dlvId !== null && title !== null) titles.set(dlvId, title);
    }
  }
  return titles;
}

/** `A10-0006/2025`, `B9-0123/2023`, `RC-B9-0331/2023`, `C10-0001/2024`… */
const DOCUMENT_LABEL = /^(?:RC-?)?[A-Z]{1,2}\d{1,2}-\d{4}\/\d{4}(?![\w/])/;

/** The first token of a description when it is a document label (the separator may be `–` or `-`). */
export function documentRefOf(description: string): string | null {
  return DOCUMENT_LABEL.exec(description)?.[0] ?? null;
}
