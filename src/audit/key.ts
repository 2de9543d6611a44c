import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const MIN_KEY_BYTES = 32;

export interface LoadedKey {
  key: Buffer;
  /** The file did not exist and a new key was written. */
  created: boolean;
  /** The file was readable by group/others and was chmod'ed to 0600. */
  tightened: boolean;
}

/**
 * The audit key from a hex key file, creating one (32 random bytes, mode
 * 0600, directory 0700) if there is none. Permissions looser than 0600 are
 * tightened on POSIX and reported, since anyone who can read the key can
 * forge entries.
 */
export function loadOrCreateAuditKey(path: string): LoadedKey {
  const created = createKeyFile(path);
  const tightened = tighten(path); // before reading: even a key file we reject holds a secret
  return { key: readAuditKey(path), created, tightened };
}

/** The key from an existing key file (never creates one: a verifier must not invent a key). */
export function readAuditKey(path: string): Buffer {
  try {
    return keyFrom(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw err;
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

/**
 * A key given as text: hex, or else base64/base64url, of at least 32 bytes.
 * A string made only of hex digits is always read as hex, so a mistyped hex
 * key is an error rather than silently becoming a different base64 key.
 */
export function keyFrom(value: string): Buffer {
  const v = value.trim();
  if (v === '') throw new Error('the audit key is empty');
  let key: Buffer;
  if (/^[0-9a-fA-F]+$/.test(v)) {
    if (v.length % 2 !== 0) throw new Error('the audit key looks like hex but has an odd number of digits');
    key = Buffer.from(v, 'hex');
  } else if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) || /^[A-Za-z0-9_-]+$/.test(v)) {
    key = Buffer.from(v, /[_-]/.test(v) ? 'base64url' : 'base64');
  } else {
    throw new Error('the audit key must be hex or base64');
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(`the audit key is ${key.length} byte${key.length === 1 ? '' : 's'}; at least ${MIN_KEY_BYTES} are needed (64 hex digits)`);
  }
  return key;
}

/** Writes a fresh key unless the file exists; 'wx' keeps two starters from overwriting each other. */
function createKeyFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${randomBytes(MIN_KEY_BYTES).toString('hex')}\n`);
    fsyncSync(fd); // losing the key would make the whole trail unverifiable
  } finally {
    closeSync(fd);
  }
  return true;
}

function tighten(path: string): boolean {
  if (process.platform === 'win32') return false; // POSIX modes mean little there
  if ((statSync(path).mode & 0o077) === 0) return false;
  chmodSync(path, 0o600);
  return true;
}
