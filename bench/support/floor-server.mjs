// The floor for the hot-path bench: a bare McpServer with one trivial tool over stdio.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'floor', version: '1.0.0' });
server.registerTool(
  'echo',
  { description: 'Echoes its id.', inputSchema: { id: z.string() }, annotations: { readOnlyHint: true } },
  async ({ id }) => ({ content: [{ type: 'text', text: `id ${id}` }] }),
);
process.stdin.on('end', () => process.exit(0));
await server.connect(new StdioServerTransport());
