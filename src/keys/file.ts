import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const ROLES = ['reader', 'analyst', 'admin'] as const;

const KeyEntry = z.object({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  principal: z.string().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  hash: z.string().regex(/^(sha256|scrypt):/),
  createdAt: z.string(),
  revokedAt: z.string().nullable().default(null),
});
export type KeyEntry = z.infer<typeof KeyEntry>;
const KeyFileSchema = z.object({ version: z.literal(1), keys: z.array(KeyEntry) });

/** The per-user config directory, as each platform names it. */
export function defaultKeyFile(): string {
  const home = homedir();
  const base = process.env.XDG_CONFIG_HOME ?? (platform() === 'darwin' ? join(home, 'Library', 'Application Support') : platform() === 'win32' ? (process.env.APPDATA ?? home) : join(home, '.config'));
  return join(base, 'europarl-mcp', 'keys.json');
}

/** The key file: hashes only, never a key. Written atomically with mode 0600. */
export class KeyFile {
  constructor(readonly path: string) {}

  read(): KeyEntry[] {
    if (!existsSync(this.path)) return [];
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new Error(`key file ${this.path} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = KeyFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`key file ${this.path} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data.keys;
  }

  write(keys: KeyEntry[]): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
    chmodSync(this.path, 0o600);
  }

  /** Active (not revoked) entries, the form the server checks keys against. */
  active(): KeyEntry[] {
    return this.read().filter((k) => k.revokedAt === null);
  }
}
