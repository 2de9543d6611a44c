import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fromPromise } from 'xstate';
import type { RefreshInput, RefreshOutput, VerifyInput, VerifyOutput } from '../machines/session.ts';
import type { KeyRecord } from '../src/environment.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Checks a bearer key against the stored digests, in constant time. */
export function verifyCredentials(keys: () => Promise<KeyRecord[]>) {
  return fromPromise<VerifyOutput, VerifyInput>(async ({ input }) => {
    const presented = sha256(input.credential);
    let match: KeyRecord | undefined;
    for (const k of await keys()) {
      const stored = Buffer.from(k.digest, 'hex');
      // Compare every candidate so timing does not reveal which one matched.
      if (stored.length === presented.length && timingSafeEqual(stored, presented) && k.principal === input.principal) match = k;
    }
    return match
      ? { valid: true, roles: match.roles, tokenDigest: randomBytes(32).toString('hex') }
      : { valid: false, roles: [], tokenDigest: null };
  });
}

/** A refresh succeeds only while the principal still holds a key. */
export function refreshToken(keys: () => Promise<KeyRecord[]>) {
  return fromPromise<RefreshOutput, RefreshInput>(async ({ input }) => {
    if (!(await keys()).some((k) => k.principal === input.principal)) {
      throw new Error(`principal '${input.principal}' no longer holds a key`);
    }
    return { tokenDigest: randomBytes(32).toString('hex') };
  });
}
