import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Running from sources (tsx, vitest), a thread cannot load TypeScript cheaply
 * on Node 20: tsx's hooks do not reach a worker's entry module, and
 * registering them inside each thread costs ~250 ms per cold start. So a
 * `.ts` thread module is bundled once per process with esbuild into plain ESM
 * under node_modules/.cache (where its package imports still resolve). The
 * build (dist/) loads `.js` directly and never comes here.
 */
const OUT = fileURLToPath(new URL('../../node_modules/.cache/europarl-threads/', import.meta.url));
const built = new Map<string, Promise<string>>();

/** A URL a thread can import without a TypeScript loader. */
export function loadable(moduleUrl: string): Promise<string> {
  if (!moduleUrl.endsWith('.ts')) return Promise.resolve(moduleUrl);
  let p = built.get(moduleUrl);
  if (!p) {
    built.set(moduleUrl, (p = bundle(moduleUrl)));
    p.catch(() => built.delete(moduleUrl));
  }
  return p;
}

async function bundle(moduleUrl: string): Promise<string> {
  // Named through a variable, so a bundler of the build leaves this dev-only import alone.
  const esbuild = 'esbuild';
  const { build } = (await import(esbuild)) as typeof import('esbuild');
  const file = fileURLToPath(moduleUrl);
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  // Named by content, written by rename: processes running side by side never see half a file.
  const out = join(OUT, `${basename(file, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(OUT, { recursive: true });
    const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, code);
    renameSync(tmp, out);
  }
  return pathToFileURL(out).href;
}
