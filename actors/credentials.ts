import { randomBytes } from 'node:crypto';
import { fromPromise } from 'xstate';
import type { RefreshInput, RefreshOutput, VerifyInput, VerifyOutput } from '../machines/session.ts';
import type { KeyRecord } from '../src/environment.ts';
import { verifyKey } from '../src/keys/hash.ts';
import type { Lockouts } from '../src/store/lockouts.ts';

/** Keys by principal, built once per key list (a new list when the key file changes). */
const byPrincipal = new WeakMap<KeyRecord[], Map<string, KeyRecord[]>>();
function keysOf(all: KeyRecord[], principal: string): KeyRecord[] {
  let index = byPrincipal.get(all);
  if (!index) {
    index = new Map();
    for (const k of all) index.set(k.principal, [...(index.get(k.principal) ?? []), k]);
    byPrincipal.set(all, index);
  }
  return index.get(principal) ?? [];
}

/**
 * Checks a bearer key against the principal's stored hashes, each in constant
 * time. With shared lockouts, a principal locked on another instance is
 * refused before any check, and a failure is counted where all instances see it.
 */
export function verifyCredentials(keys: () => Promise<KeyRecord[]>, lockouts?: Lockouts) {
  return fromPromise<VerifyOutput, VerifyInput>(async ({ input }) => {
    const lockedUntil = await lockouts?.lockedUntil(input.principal);
    if (lockedUntil) return { valid: false, roles: [], tokenDigest: null, lockedUntil };
    let match: KeyRecord | undefined;
    // Check every key of the principal, so timing does not tell which one matched.
    for (const k of keysOf(await keys(), input.principal)) {
      if (verifyKey(input.credential, k.hash)) match = k;
    }
    if (match) {
      await lockouts?.succeeded(input.principal);
      return { valid: true, roles: match.roles, tokenDigest: randomBytes(32).toString('hex') };
    }
    const failures = await lockouts?.failed(input.principal);
    return { valid: false, roles: [], tokenDigest: null, ...(failures !== undefined ? { failures } : {}) };
  });
}

/** A refresh succeeds only while the principal still holds a key. */
export function refreshToken(keys: () => Promise<KeyRecord[]>) {
  return fromPromise<RefreshOutput, RefreshInput>(async ({ input }) => {
    if (keysOf(await keys(), input.principal).length === 0) {
      throw new Error(`principal '${input.principal}' no longer holds a key`);
    }
    return { tokenDigest: randomBytes(32).toString('hex') };
  });
}
