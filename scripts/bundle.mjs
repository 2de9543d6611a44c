// Bundles the compiled server into dist/bundle/: loading a few large files is
// much faster than resolving hundreds of small modules at every start.
// Lazily imported modules (handler modules, the HTTP server) stay separate
// chunks, so they still load only when first used.
import { build } from 'esbuild';

await build({
  entryPoints: { 'europarl-mcp': 'dist/src/cli.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native code, and the packages that load it, stay in node_modules.
  external: ['sqlite3', '@keyv/sqlite'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
