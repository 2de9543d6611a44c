import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { type Entry, GENESIS, canonical, macValid, seal } from './chain.ts';

export interface AuditTrailOptions {
  file: string;
  key: Buffer;
  logger?: Logger;
  /** For tests; defaults to the system time. */
  now?: () => Date;
}

/** Names an entry's own fields; a caller's field may not shadow them. */
const RESERVED = new Set(['seq', 'ts', 'type', 'prev', 'mac']);

/**
 * An append-only, hash-chained audit file (see chain.ts, verify.ts).
 * One writer per file: the chain head lives in this object, so two
 * processes appending to the same file would fork the chain.
 */
export class AuditTrail {
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly key: Buffer,
    private readonly now: () => Date,
    private size: number,
    private nextSeq: number,
    private prev: string,
  ) {}

  static open({ file, key, logger, now = () => new Date() }: AuditTrailOptions): AuditTrail {
    mkdirSync(dirname(file), { recursive: true });
    const head = recoverHead(file, key, logger);
    // 'a': every write lands at the end whatever else happens to the offset.
    const fd = openSync(file, 'a', 0o600);
    logger?.debug({ file, nextSeq: head.nextSeq }, 'audit trail open');
    return new AuditTrail(fd, key, now, head.size, head.nextSeq, head.prev);
  }

  /** The seq the next entry will get. */
  get seq(): number {
    return this.nextSeq;
  }

  /**
   * Seals and writes one entry (fields redacted) before returning: once this
   * returns the line is with the OS, so a crash of this process loses at most
   * the entry being written. No fsync per entry (close() does one): a power
   * cut can still lose what the OS had not flushed.
   */
  append(type: string, fields: Record<string, unknown> = {}): Entry {
    if (this.closed) throw new Error('audit trail is closed');
    for (const k of Object.keys(fields)) {
      if (RESERVED.has(k)) throw new Error(`audit field '${k}' is reserved`);
    }
    const safe = redact(JSON.parse(JSON.stringify(fields))) as Record<string, unknown>;
    const entry = seal({ seq: this.nextSeq, ts: this.now().toISOString(), type, ...safe, prev: this.prev }, this.key);
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
    } catch (err) {
      // Cut off a partial line (disk full, …) so the next append starts clean.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        /* the partial line stays; verify will report it */
      }
      throw err;
    }
    this.size += bytes.length;
    this.nextSeq = entry.seq + 1;
    this.prev = entry.mac;
    return entry;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** SHA-256 (hex) of the canonical JSON of a tool call's arguments. */
export function digestArgs(args: unknown): string {
  return createHash('sha256').update(canonical(args ?? null)).digest('hex');
}

const SECRET_KEYS = new Set(['credential', 'token', 'authorization', 'apikey', 'key', 'password']);

/**
 * Replaces secret-looking values in plain JSON data (append() normalises
 * first) with "[redacted]" at any depth: keys named
 * as in SECRET_KEYS (any case; '-' and '_' ignored, so api_key counts) and
 * strings that start with "Bearer ". A secret under an innocent name (say,
 * inside a URL) is not caught: callers must not log such values at all.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'string') return /^bearer\s/i.test(value) ? '[redacted]' : value;
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties, so even a "__proto__" key stays data.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k.toLowerCase().replace(/[-_]/g, '')) ? '[redacted]' : redact(v)]),
  );
}

interface Head {
  size: number;
  nextSeq: number;
  prev: string;
}

const CHUNK = 64 * 1024;
const NL = 0x0a;

/**
 * Where the chain continues, from the last complete line only: reading from
 * the end keeps start-up fast whatever the file's size (the whole file is
 * checked by `audit verify`, not here).
 *
 * Bytes after the last newline are a write cut short by a crash. They are
 * truncated away: left in place, the next entry would be glued onto them and
 * turn a harmless torn tail into a malformed line in the middle of the file.
 * The exception is a complete, valid entry that only lacks its newline:
 * that is kept (and the newline added), never destroyed.
 *
 * The last entry must verify with this key, or the trail refuses to open:
 * chaining onto a line that does not verify (another key, or tampering) would
 * bury the problem under fresh valid entries.
 */
function recoverHead(file: string, key: Buffer, logger?: Logger): Head {
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, nextSeq: 0, prev: GENESIS };
    throw err;
  }
  try {
    let size = fstatSync(fd).size;
    const tail = readTail(fd, size);
    if (tail.partial.length > 0) {
      const whole = asValidEntry(tail.partial.toString('utf8'), key);
      if (whole) {
        writeSync(fd, '\n', size);
        size += 1;
        return { size, nextSeq: whole.seq + 1, prev: whole.mac };
      }
      ftruncateSync(fd, tail.end);
      logger?.warn({ file, bytes: tail.partial.length }, 'audit trail: dropped an incomplete last line (a crash during a write)');
      size = tail.end;
    }
    if (tail.last === undefined) return { size, nextSeq: 0, prev: GENESIS };
    const last = asValidEntry(tail.last.toString('utf8'), key);
    if (!last) {
      throw new Error(`audit trail ${file}: the last entry does not verify (another key, or tampering?); run 'audit verify ${file}'`);
    }
    return { size, nextSeq: last.seq + 1, prev: last.mac };
  } finally {
    closeSync(fd);
  }
}

/**
 * The last complete line (without its newline; undefined when there is
 * none), what follows it, and the offset just after its newline. Reads
 * backwards in chunks until the line's start is in hand.
 */
function readTail(fd: number, size: number): { last: Buffer | undefined; partial: Buffer; end: number } {
  let buf = Buffer.alloc(0);
  let start = size;
  const lastNl = () => buf.lastIndexOf(NL);
  // lastIndexOf with a negative offset counts from the end, hence the guard.
  const nlBefore = (i: number) => (i > 0 ? buf.lastIndexOf(NL, i - 1) : -1);
  while (start > 0 && (lastNl() < 0 || nlBefore(lastNl()) < 0)) {
    const n = Math.min(CHUNK, start);
    start -= n;
    const chunk = Buffer.alloc(n);
    readSync(fd, chunk, 0, n, start);
    buf = Buffer.concat([chunk, buf]);
  }
  const nl = lastNl();
  if (nl < 0) return { last: undefined, partial: buf, end: 0 };
  return { last: buf.subarray(nlBefore(nl) + 1, nl), partial: buf.subarray(nl + 1), end: start + nl + 1 };
}

function asValidEntry(text: string, key: Buffer): Entry | undefined {
  try {
    const e = JSON.parse(text) as Entry;
    return Number.isSafeInteger(e.seq) && typeof e.prev === 'string' && macValid(e, key) ? e : undefined;
  } catch {
    return undefined;
  }
}
