import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { start } from './main.ts';

/**
 * `npm run dev:inspect`: the actor system with the Stately inspector. A local
 * server bridges inspection events to the inspector page, which the local page
 * embeds from stately.ai (so the browser needs internet; this process does not).
 */
const port = Number(process.env.EUROPARL_MCP_INSPECT_PORT ?? 8080);
const server = createInspectorServer({ port, autoOpen: process.env.EUROPARL_MCP_INSPECT_OPEN === '1' });
const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
const app = await start({ inspect: (event) => inspector.inspect.next?.(event) });
app.logger.info({ url: `http://localhost:${port}` }, 'open this address in a browser to inspect the live actors');
const shutdown = () =>
  void app.stop().then(() => {
    inspector.stop();
    server.stop();
    process.exit(0);
  });
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
