import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { KeyRecord } from '../environment.ts';
import { keyIdOf } from '../keys/hash.ts';
import type { Sessions } from '../sessions.ts';
import type { AuditTrail } from '../audit/trail.ts';

export type AuthResult =
  | { ok: true; principal: string; roles: string[] }
  | { ok: false; status: 401 | 503; message: string; retryAfterSeconds?: number };

/**
 * Bearer keys against session actors. A key is verified by the principal's
 * session (which counts failures and locks); once verified, its hash is
 * remembered until the key file changes, so later requests only touch the
 * session. An unknown key is charged to the client's address instead.
 */
export class HttpAuth {
  private verified = new Map<string, string>();
  private seenKeys: KeyRecord[] | undefined;

  constructor(
    private readonly sessions: Sessions,
    private readonly keys: () => Promise<KeyRecord[]>,
    private readonly audit?: AuditTrail,
  ) {}

  /** Every authentication that reached a session actor is recorded; the key never is. */
  async check(req: IncomingMessage): Promise<AuthResult> {
    const { result, principal, known } = await this.verify(req);
    if (!known) {
      this.audit?.append('authentication', {
        address: req.socket.remoteAddress ?? null,
        principal,
        outcome: result.ok ? 'ok' : result.retryAfterSeconds !== undefined ? 'locked' : 'refused',
        ...(result.ok ? {} : { reason: result.message }),
      });
    }
    return result;
  }

  /** `known`: a key verified before, so this is a request rather than an authentication. */
  private async verify(req: IncomingMessage): Promise<{ result: AuthResult; principal: string | null; known: boolean }> {
    const refuse = (message: string, principal: string | null = null) => ({ result: { ok: false as const, status: 401 as const, message }, principal, known: false });
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return refuse('send an API key as Authorization: Bearer <key> (create one with: europarl-mcp keys create)');
    const key = m[1]!;
    let records: KeyRecord[];
    try {
      records = await this.keys();
    } catch {
      // Our fault, not the client's: no principal is charged for it.
      return { result: { ok: false, status: 503, message: 'the key store cannot be read; try again later' }, principal: null, known: false };
    }
    // A reloaded key file (a key created or revoked) voids what was verified before.
    if (records !== this.seenKeys) {
      this.verified.clear();
      this.seenKeys = records;
    }
    const id = keyIdOf(key);
    const record = id ? records.find((r) => r.id === id) : undefined;
    const principal = record?.principal ?? `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const digest = createHash('sha256').update(key).digest('hex');
    // A verified key whose session was passivated comes back from the store without a new check.
    const session = this.verified.get(digest) === principal ? (await this.sessions.load(principal)).getSnapshot() : undefined;
    if (session?.matches('sessionActive')) {
      // Ending an MCP session (DELETE) is not activity that keeps the session alive.
      if (req.method !== 'DELETE') this.sessions.touch(principal);
      return { result: { ok: true, principal, roles: session.context.roles }, principal, known: true };
    }
    const outcome = await this.sessions.authenticate(principal, key);
    if (outcome.ok) {
      this.verified.set(digest, principal);
      return { result: { ok: true, principal, roles: outcome.roles }, principal, known: false };
    }
    if (outcome.reason === 'locked') {
      const wait = Math.ceil((outcome.retryAfterMs ?? 0) / 1000);
      const message = `too many failed authentications: locked for ${wait} s more (an admin can unlock it)`;
      return { result: { ok: false, status: 401, message, retryAfterSeconds: wait }, principal, known: false };
    }
    return refuse(outcome.reason === 'error' ? 'the key store could not be read' : 'invalid API key', principal);
  }
}
