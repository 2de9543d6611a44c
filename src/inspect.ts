import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { epHandlers } from './handlers/index.ts';
import { start } from './main.ts';
import { serveStdio } from './server/stdio.ts';
import { epTools } from './tools/index.ts';

/**
 * `npm run dev:inspect`: the actor system with the Stately inspector. A local
 * server bridges inspection events to the inspector page, which the local page
 * embeds from stately.ai (so the browser needs internet; this process does not).
 */
const port = Number(process.env.EUROPARL_MCP_INSPECT_PORT ?? 8080);
const server = createInspectorServer({ port, autoOpen: process.env.EUROPARL_MCP_INSPECT_OPEN === '1' });
const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
const app = await start({ handlers: epHandlers, tools: epTools, inspect: (event) => inspector.inspect.next?.(event) });
app.logger.info({ url: `http://localhost:${port}` }, 'open this address in a browser to inspect the live actors');
process.once('exit', () => {
  inspector.stop();
  server.stop();
});
// The MCP server runs as usual over stdio, so a client can drive what the inspector shows.
await serveStdio(app, epTools);
