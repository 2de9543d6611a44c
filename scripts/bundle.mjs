// Bundles the compiled server into dist/bundle/: loading a few large files is
// much faster than resolving hundreds of small modules at every start.
// Lazily imported modules (handler modules, the HTTP server) stay separate
// chunks, so they still load only when first used.
import { readFile, rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';

const OUT = resolve('dist/bundle');

/**
 * Inside a bundle every module would see the bundle's import.meta.url. Files
 * found beside a module (thread entry points, handler modules) must still be
 * found beside its unbundled copy, so each module keeps its own URL.
 */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(b) {
    b.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

/**
 * zod's `z.locales` namespace pulls every locale (~40 files, ~330 KB of the
 * bundle) into a start-up that parses it all. Only English messages are ever
 * used (zod configures `en` itself), so the namespace is cut down to it.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};

// Chunks of earlier builds would pile up beside the new ones.
await rm(OUT, { recursive: true, force: true });

await build({
  entryPoints: { 'europarl-mcp': 'dist/src/cli.js' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native code, and the packages that load it, stay in node_modules.
  external: ['sqlite3', '@keyv/sqlite'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [ownModuleUrl, englishOnlyZod],
  sourcemap: true,
  logLevel: 'warning',
});
