import { Transform, type TransformCallback } from 'node:stream';

/** Requests above this are refused: the SDK's stdio reader closes the connection at 10 MiB. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Passes stdin through line by line and drops any line longer than the limit,
 * so one oversized message cannot end the session. `onDrop` gets the head of
 * the dropped line (enough to find its JSON-RPC id) and its size.
 */
export class LineGuard extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private dropping = false;
  private head: Buffer | null = null;

  constructor(private readonly maxBytes: number, private readonly onDrop: (head: string, bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl + 1;
      this.collect(chunk.subarray(start, end));
      if (nl === -1) break;
      this.endLine();
      start = end;
      if (start >= chunk.length) break;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.size > 0) this.endLine();
    done();
  }

  private collect(part: Buffer): void {
    if (part.length === 0) return;
    if (!this.dropping && this.size + part.length > this.maxBytes) {
      this.dropping = true;
      this.head = Buffer.concat([...this.parts, part]).subarray(0, 256);
      this.parts = [];
    }
    this.size += part.length;
    if (!this.dropping) this.parts.push(part);
  }

  private endLine(): void {
    if (this.dropping) this.onDrop(this.head?.toString('utf8') ?? '', this.size);
    else if (this.parts.length) this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts));
    this.parts = [];
    this.size = 0;
    this.dropping = false;
    this.head = null;
  }
}

/** The JSON-RPC id near the start of a message, if it can be seen there. */
export function idOf(head: string): string | number | null {
  const m = head.match(/"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as string | number;
  } catch {
    return null;
  }
}
