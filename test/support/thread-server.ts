// The stdio server with the real tools and handlers, except that the doceo
// handler's thread runs the test module named by DOCEO_THREAD_MODULE
// (test/support/threads/<name>.ts): end-to-end tests of thread failures.
import { doceoHandler } from '../../src/handlers/doceo.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { start } from '../../src/main.ts';
import { serveStdio } from '../../src/server/stdio.ts';
import { epTools } from '../../src/tools/index.ts';

const name = process.env.DOCEO_THREAD_MODULE;
if (!name || !/^[a-z-]+$/.test(name)) throw new Error('DOCEO_THREAD_MODULE must name a module in test/support/threads/');
const module = new URL(`./threads/${name}.ts`, import.meta.url).href;
const doceo = async () => ({ ...doceoHandler, thread: { ...doceoHandler.thread!, module } });
const app = await start({ store: 'memory', handlers: { ...epHandlers, doceo }, tools: epTools });
await serveStdio(app, epTools);
