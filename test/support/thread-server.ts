// The stdio server from sources with the real tools and handlers; the doceo
// handler's thread runs the test module named by DOCEO_THREAD_MODULE
// (test/support/threads/<name>.ts) when set: end-to-end tests of threads.
import { doceoHandler } from '../../src/handlers/doceo.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { start } from '../../src/main.ts';
import { serveStdio } from '../../src/server/stdio.ts';
import { epTools } from '../../src/tools/index.ts';

const name = process.env.DOCEO_THREAD_MODULE;
if (name !== undefined && !/^[a-z-]+$/.test(name)) throw new Error('DOCEO_THREAD_MODULE must name a module in test/support/threads/');
const module = name ? new URL(`./threads/${name}.ts`, import.meta.url).href : doceoHandler.thread!.module;
const doceo = async () => ({ ...doceoHandler, thread: { ...doceoHandler.thread!, module } });
const app = await start({ store: 'memory', handlers: { ...epHandlers, doceo }, tools: epTools });
await serveStdio(app, epTools);
