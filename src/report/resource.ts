import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { EuroparlSystem } from '../system.ts';
import { storedReport } from './stored.ts';

/** `ep://reports/{id}`: a report generate_report made and stored, as long as the store keeps it. */
export function registerReportResource(server: McpServer, system: EuroparlSystem): void {
  server.registerResource(
    'report',
    new ResourceTemplate('ep://reports/{id}', { list: undefined }),
    { title: 'report', description: 'A report made by generate_report (its uri is in the result): Markdown, facts and analyses as JSON.', mimeType: 'application/json' },
    async (uri, vars) => {
      const id = String(Array.isArray(vars.id) ? vars.id[0] : vars.id);
      const report = await storedReport(system.env.store, id);
      if (!report) throw new Error(`${uri.href}: no stored report with this id (never made, or expired after ${Math.round(system.config.cache.ttlMs.other / 3_600_000)} h); run generate_report again`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(report, null, 2) }] };
    },
  );
}
