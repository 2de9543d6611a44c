// DOCEO vote-results file (PV-{term}-{date}-VOT_{lang}.xml, facts sheet §9.4): every vote of
// the day (roll call, electronic, show of hands) with outcome and, when counted, the tallies.
// Only the term-10 layout (root <file>) is read; the older table layout and the reference
// project's synthetic <PV.VoteResult> are refused with DoceoParseError.
import { z } from 'zod';
import { DoceoParseError } from './errors.ts';
import { asNode, attr, child, children, createParser, datePart, intAttr, parseDocument, textOrNull, type XmlNode } from './xml.ts';

export const VotingResultSchema = z.enum(['ADOPTED', 'REJECTED', 'LAPSED', 'WITHDRAWN']);
export type VotingResult = z.infer<typeof VotingResultSchema>;

export const ResultTypeSchema = z.enum(['ROLL_CALL', 'ELECTRONICAL', 'RAISE_HAND']);
export type ResultType = z.infer<typeof ResultTypeSchema>;

const count = z.number().int().nonnegative().nullable();

export const VoteResultVotingSchema = z.object({
  /** = RCV `Identifier` for roll calls. */
  votingId: z.string().nullable(),
  /** `AMENDMENT` or `TITLE_BLOCK` (a heading, not a vote). */
  type: z.string().nullable(),
  /** Null when absent or not one of the known codes. */
  result: VotingResultSchema.nullable(),
  resultType: ResultTypeSchema.nullable(),
  /** Counts are only present on counted (roll-call / electronic) votes. */
  for: count,
  against: count,
  abstain: count,
  voters: count,
  rollCall: z.boolean(),
  title: z.string().nullable(),
  /** For roll calls, the same text as the RCV description. */
  label: z.string().nullable(),
  /** `amendmentSubject`, e.g. "§ 3" or "Provisional agreement". */
  subject: z.string().nullable(),
  amendmentNumber: z.string().nullable(),
  /** Group code or "committee". */
  amendmentAuthor: z.string().nullable(),
  /** `voteTimestamp` as given (ISO date-time with offset). */
  timestamp: z.string().nullable(),
});
export type VoteResultVoting = z.infer<typeof VoteResultVotingSchema>;

export const VoteResultItemSchema = z.object({
  /** = RCV `DlvId` = ODP `notation_dlvId`. */
  dlvId: z.string().nullable(),
  /** `REPORT`, `RESOLUTION`, `PROPOSAL` or `INFO` (others kept as given). */
  type: z.string().nullable(),
  /** An `INFO` entry: a note, not a vote; its votings are always empty. */
  info: z.boolean(),
  title: z.string().nullable(),
  /** e.g. "Report: Jacek Protas (A10-0066/2025)". */
  label: z.string().nullable(),
  /** Rapporteur surname in capitals. */
  author: z.string().nullable(),
  /** As given, e.g. "Committee: Committee on Budgets" (French files: "Commission: …"). */
  committee: z.string().nullable(),
  /** Document labels, e.g. `A10-0066/2025`. */
  documents: z.array(z.string()),
  votings: z.array(VoteResultVotingSchema),
});
export type VoteResultItem = z.infer<typeof VoteResultItemSchema>;

export const VoteResultDaySchema = z.object({
  /** `EN` or `FR`: an `_EN` URL may serve the French file when the English one is late. */
  language: z.string().nullable(),
  /** Sitting date, YYYY-MM-DD (the file's offset dropped). */
  date: z.string().nullable(),
  items: z.array(VoteResultItemSchema),
});
export type VoteResultDay = z.infer<typeof VoteResultDaySchema>;

const parser = createParser({ repeating: ['sitting', 'vote', 'voting', 'document'] });

/** Parses one VOT file. Throws DoceoParseError when it is not a complete term-10 VOT document. */
export function parseVoteResults(xml: string): VoteResultDay {
  const root = parseDocument(parser, xml, 'file', 'VOT');
  const sittings = children(root, 'sitting').map(asNode);
  // <file> is a generic name; the <sitting> element is what makes it a vote-results file.
  if (sittings.length === 0) throw new DoceoParseError('VOT', 'wrong_document', '<file> has no <sitting> element');
  const items = sittings.flatMap((s) => children(asNode(child(s, 'votes')), 'vote').map((v) => readItem(asNode(v))));
  return {
    language: attr(root, 'language'),
    date: datePart(attr(sittings[0], 'date')),
    items,
  };
}

function readItem(node: XmlNode): VoteResultItem {
  const type = attr(node, 'type');
  const info = type === 'INFO';
  return {
    dlvId: attr(node, 'dlvId'),
    type,
    info,
    title: textOrNull(child(node, 'title')),
    label: textOrNull(child(node, 'label')),
    author: attr(node, 'author'),
    committee: attr(node, 'committee'),
    documents: children(asNode(child(node, 'documents')), 'document')
      .map((d) => attr(d, 'documentNumber'))
      .filter((n): n is string => n !== null),
    votings: info ? [] : children(asNode(child(node, 'votings')), 'voting').map((v) => readVoting(asNode(v))),
  };
}

function readVoting(node: XmlNode): VoteResultVoting {
  const resultType = oneOf(ResultTypeSchema.options, attr(node, 'resultType'));
  const label = child(node, 'label');
  return {
    votingId: attr(node, 'votingId'),
    type: attr(node, 'type'),
    result: oneOf(VotingResultSchema.options, attr(node, 'result')),
    resultType,
    for: intAttr(node, 'numberFavor'),
    against: intAttr(node, 'numberAgainst'),
    abstain: intAttr(node, 'numberAbstention'),
    voters: intAttr(node, 'votersCount'),
    // Any of the three roll-call markers will do; they normally come together.
    rollCall: resultType === 'ROLL_CALL' || child(node, 'rcv') !== undefined || attr(label, 'status') === 'rcv',
    title: textOrNull(child(node, 'title')),
    label: textOrNull(label),
    subject: textOrNull(child(node, 'amendmentSubject')),
    amendmentNumber: textOrNull(child(node, 'amendmentNumber')),
    amendmentAuthor: textOrNull(child(node, 'amendmentAuthor')),
    timestamp: attr(node, 'voteTimestamp'),
  };
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  const upper = value?.toUpperCase();
  return (allowed as readonly string[]).includes(upper ?? '') ? (upper as T) : null;
}
