import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt cost for keys people choose themselves (about 50 ms a check). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * A generated key is 32 random bytes, so a fast hash is enough: nothing can
 * be guessed. A key someone chose may be weak, so it gets a slow, salted hash.
 */
export function hashKey(key: string, chosen: boolean): string {
  if (!chosen) return `sha256:${createHash('sha256').update(key).digest('hex')}`;
  const salt = randomBytes(16);
  return `scrypt:${salt.toString('base64')}:${scryptSync(key, salt, 32, SCRYPT).toString('hex')}`;
}

/** Constant-time check of a presented key against a stored hash. */
export function verifyKey(key: string, stored: string): boolean {
  const [kind, a, b] = stored.split(':');
  let expected: Buffer;
  let actual: Buffer;
  if (kind === 'sha256' && a) {
    expected = Buffer.from(a, 'hex');
    actual = createHash('sha256').update(key).digest();
  } else if (kind === 'scrypt' && a && b) {
    expected = Buffer.from(b, 'hex');
    actual = scryptSync(key, Buffer.from(a, 'base64'), expected.length, SCRYPT);
  } else {
    return false;
  }
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** `epk_<id>_<secret>`: the id lets a server find the record without trying every hash. */
export function newKey(): { id: string; key: string } {
  const id = randomBytes(4).toString('hex');
  return { id, key: `epk_${id}_${randomBytes(32).toString('base64url')}` };
}

export const keyIdOf = (key: string): string | null => /^epk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/.exec(key)?.[1] ?? null;
