import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const user = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

/** Prompts a user of this data would reach for. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'mep_briefing',
    {
      title: 'MEP briefing',
      description: 'A one-page briefing on one Member of the European Parliament.',
      argsSchema: { mepId: z.string().describe('MEP id, e.g. 1294 or person/1294') },
    },
    ({ mepId }) =>
      user(
        `Write a one-page briefing on MEP ${mepId}. Use get_mep_details for the profile, group, country and committee roles; ` +
          `get_parliamentary_questions with author=${mepId} for recent questions; analyze_voting_patterns for how they vote. ` +
          'Say where data is missing or stale (the tools flag degraded answers in _meta).',
      ),
  );
  server.registerPrompt(
    'committee_activity_report',
    {
      title: 'Committee activity report',
      description: 'What a parliamentary committee has been doing: members, documents, procedures.',
      argsSchema: { committee: z.string().describe('Committee abbreviation or id, e.g. ENVI or 7913') },
    },
    ({ committee }) =>
      user(
        `Report on the activity of committee ${committee}. Use get_committee_info for its chair, vice-chairs and members; ` +
          `search_documents with committee=${committee} for its recent documents; track_legislation for the procedures it leads.`,
      ),
  );
  server.registerPrompt(
    'legislation_status',
    {
      title: 'Where is this file?',
      description: 'The current stage of a legislative procedure and what happens next.',
      argsSchema: { procedureId: z.string().describe('Procedure reference, e.g. 2024/0001(COD)') },
    },
    ({ procedureId }) =>
      user(`Explain where procedure ${procedureId} stands. Use track_legislation for its stage, events, rapporteurs and documents, and get_voting_records for its plenary votes.`),
  );
}
