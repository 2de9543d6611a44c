import { randomBytes } from 'node:crypto';
import { fromPromise } from 'xstate';
import type { RefreshInput, RefreshOutput, VerifyInput, VerifyOutput } from '../machines/session.ts';
import type { KeyRecord } from '../src/environment.ts';
import { verifyKey } from '../src/keys/hash.ts';

/** Checks a bearer key against the principal's stored hashes, each in constant time. */
export function verifyCredentials(keys: () => Promise<KeyRecord[]>) {
  return fromPromise<VerifyOutput, VerifyInput>(async ({ input }) => {
    let match: KeyRecord | undefined;
    // Check every key of the principal, so timing does not tell which one matched.
    for (const k of (await keys()).filter((r) => r.principal === input.principal)) {
      if (verifyKey(input.credential, k.hash)) match = k;
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
