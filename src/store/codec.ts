import { defaultDeserialize } from '@keyv/serialize';
import type { KeyvOptions } from 'keyv';
import { noteSize } from '../sizes.ts';

/** Marks rows written with the native codec below. */
export const CODEC_MARK = 'j:';
const MARK = CODEC_MARK;

/**
 * How rows are written to the store: native JSON, marked. Keyv's default
 * serialiser walks values in JavaScript to escape Buffers, and its reader
 * parses with a reviver: 4× and 7× slower than JSON.stringify / JSON.parse on
 * a 335 KB sitting's decisions, and all of it blocks the event loop. Stored
 * values are plain JSON (bodies, snapshots, counters).
 */
export const storeCodec: Required<Pick<KeyvOptions, 'serialize' | 'deserialize'>> = {
  serialize: (data) => MARK + JSON.stringify(data),
  // Rows from before the native codec are still read, by Keyv's own reader.
  deserialize: (text) => {
    const row = text.startsWith(MARK) ? JSON.parse(text.slice(MARK.length)) : defaultDeserialize(text);
    // A data row ({ value: { value, fetchedAt, ... } }): its body weighs about the row's text.
    noteSize((row as { value?: { value?: unknown } } | undefined)?.value?.value, text.length);
    return row;
  },
};
