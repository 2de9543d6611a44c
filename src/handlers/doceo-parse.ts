// Runs in the thread of a `doceo` worker instance: a DOCEO vote file's XML
// into plain data. Parsing a heavy sitting day takes hundreds of ms, which
// must not stall the main thread's event loop.
import { DoceoParseError } from '../doceo/errors.ts';
import { parseRollCalls, type RollCallDay } from '../doceo/rcv.ts';
import { parseVoteResults, type VoteResultDay } from '../doceo/vot.ts';

export interface DoceoJob {
  /** From the file name; null for a DOCEO file that is not vote XML (kept as it came). */
  kind: 'RCV' | 'VOT' | null;
  /** The body: a string, or UTF-8 bytes moved here from the main thread. */
  xml: unknown;
}

/** A file that is not the vote XML expected: what its readers warn about. */
export interface UnreadableDoceo {
  unreadable: { code: string; message: string };
}

const utf8 = new TextDecoder();

export function run({ kind, xml }: DoceoJob): RollCallDay | VoteResultDay | UnreadableDoceo | string | null {
  const text = xml instanceof Uint8Array ? utf8.decode(xml) : xml;
  if (typeof text !== 'string' || text.trim() === '') return null;
  if (kind === null) return text;
  try {
    return kind === 'RCV' ? parseRollCalls(text) : parseVoteResults(text);
  } catch (e) {
    if (e instanceof DoceoParseError) return { unreadable: { code: e.code, message: e.message } };
    throw e;
  }
}
