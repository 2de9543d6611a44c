// The finished report: Markdown for people, the same facts and analyses as JSON for programs.
import { NETWORK_DEFAULTS, type CoalitionDynamics, type PoliticalNetwork, type VotingPatterns } from '../analytics/index.ts';
import type { ReportPlan } from './input.ts';
import { matrixOf, type Analyses, type Skipped, type VoteLines } from './analyses.ts';
import type { ReportData } from './plan.ts';
import { isRollCall } from './read.ts';
import { reportId, reportUri } from './stored.ts';

type Facts = Record<string, string | number | null>;

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const skipped = (x: unknown): x is Skipped => typeof x === 'object' && x !== null && 'skipped' in x;
/** Markdown table cells: no pipes or line breaks. */
const cell = (s: string | number | null | undefined) => String(s ?? '').replace(/[|\n\r]+/g, ' ');
const table = (head: string[], rows: Array<Array<string | number | null>>) =>
  rows.length ? [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)] : ['(none)'];

/** Shown one by one in Markdown; the JSON keeps what the analyses returned. */
const LISTED = 10;

function subjectSection(plan: ReportPlan, data: ReportData, facts: Facts): { title: string; lines: string[] } {
  const v = data.voting;
  const votes = v?.votes ?? [];
  switch (plan.reportType) {
    case 'MEP_ACTIVITY': {
      const mep = data.mep!.mep!;
      const asked = data.documents?.questions ?? [];
      const answered = asked.filter((q) => q.answered).length;
      Object.assign(facts, { country: mep.country, group: mep.politicalGroup?.display ?? null, committees: mep.committees.length, writtenQuestions: asked.length, answered });
      const seats = mep.committees.map((c) => `- ${c.abbreviation ?? c.name ?? c.id}: ${c.role}`);
      return {
        title: `Activity of ${mep.name}`,
        lines: [
          `**${mep.name}** (${mep.country ?? '?'}, ${mep.politicalGroup?.name ?? 'no group'})`, '',
          '## Seats', ...(seats.length ? seats : ['- none recorded']), '',
          `## Written questions: ${asked.length} (${answered} answered)`,
          ...asked.slice(0, 15).map((q) => `- ${q.label} ${q.date ?? ''}: ${q.title ?? ''}`),
        ],
      };
    }
    case 'COMMITTEE_PERFORMANCE': {
      const c = data.mep!.committee!;
      const docs = data.documents?.documents ?? [];
      const byType = new Map<string, number>();
      for (const d of docs) byType.set(d.type ?? 'other', (byType.get(d.type ?? 'other') ?? 0) + 1);
      Object.assign(facts, { committee: c.abbreviation ?? c.id, documents: docs.length });
      return {
        title: [c.abbreviation ?? c.id, c.name ?? c.shortName].filter(Boolean).join(': '),
        lines: [`## Documents: ${docs.length}`, ...[...byType].map(([t, n]) => `- ${t}: ${n}`), '', ...docs.slice(0, 15).map((d) => `- ${d.label} ${d.date ?? ''}: ${d.title ?? ''}`)],
      };
    }
    case 'VOTING_STATISTICS': {
      const outcome = (o: string) => votes.filter((x) => x.outcome === o).length;
      Object.assign(facts, { votes: votes.length, rollCalls: votes.filter((x) => x.rollCall).length, adopted: outcome('ADOPTED'), rejected: outcome('REJECTED') });
      const docs = data.documents?.documents ?? [];
      return {
        title: `Votes of ${plan.subject}`,
        lines: [
          `${votes.length} votes, ${facts.rollCalls} by roll call; ${facts.adopted} adopted, ${facts.rejected} rejected.`, '',
          ...votes.slice(0, 30).map((x) => `- ${x.title ?? x.label ?? x.id}: ${x.outcome ?? '?'}${x.tallies ? ` (${x.tallies.for}/${x.tallies.against}/${x.tallies.abstain})` : ''}`),
          ...(docs.length ? ['', '## Documents voted', ...docs.map((d) => `- ${d.label} ${d.date ?? ''}: ${d.title ?? ''}`)] : []),
        ],
      };
    }
    case 'LEGISLATION_PROGRESS': {
      const proc = v!.procedure!;
      Object.assign(facts, { stage: proc.currentStage?.name ?? proc.currentStage?.code ?? null, events: proc.summary.eventCount, lastEvent: proc.summary.lastEventDate, leadCommittee: proc.summary.leadCommittee ?? null, votes: votes.length });
      const docs = data.documents?.documents ?? [];
      return {
        title: `${proc.reference}: ${proc.title ?? ''}`,
        lines: [
          `Stage: ${facts.stage ?? 'unknown'}; lead committee ${facts.leadCommittee ?? '?'}.`, '',
          '## Events', ...proc.events.map((e) => `- ${e.date ?? '?'}: ${e.type}`),
          ...(docs.length ? ['', '## Documents', ...docs.map((d) => `- ${d.label} ${d.date ?? ''}: ${d.title ?? ''}`)] : []),
        ],
      };
    }
  }
}

function votingSection(a: Analyses['votingPatterns'], facts: Facts): string[] {
  if (skipped(a)) return [`Not analysed: ${a.skipped}.`];
  if ('votes' in a && Array.isArray(a.votes)) {
    const lines = a as VoteLines;
    const closest = lines.closest.map((id) => lines.votes.find((x) => x.id === id)).filter((x) => x !== undefined);
    return [
      ...table(['vote', 'date', 'for', 'against', 'abstain', 'result', 'group lines'], lines.votes.slice(0, LISTED * 2).map((x) => [x.title ?? x.id, x.date, x.for, x.against, x.abstain, x.result, Object.entries(x.groups).map(([g, l]) => `${g} ${l}`).join(', ')])),
      '', `Closest results: ${closest.map((x) => `${x.title ?? x.id} (margin ${x.margin})`).join('; ') || 'none'}.`,
    ];
  }
  const p = a as VotingPatterns;
  Object.assign(facts, { rollCalls: p.rollCalls, attendanceRate: p.attendanceRate, groupAlignment: p.groupAlignment?.rate ?? null });
  return [
    `Present in ${p.present} of ${p.rollCalls} roll calls (attendance ${pct(p.attendanceRate)}): for ${p.positions.for}, against ${p.positions.against}, abstain ${p.positions.abstain}.`,
    p.groupAlignment ? `Voted with the group's line in ${p.groupAlignment.aligned} of ${p.groupAlignment.compared} votes (${pct(p.groupAlignment.rate)}).` : 'No group line to compare with (non-attached or group unknown).',
    `Cross-party: ${p.crossParty.votes} departures with another group's line${p.crossParty.withGroups.length ? ` (${p.crossParty.withGroups.slice(0, 3).map((g) => `${g.group} ${g.votes}`).join(', ')})` : ''}.`,
    ...(p.departures.length ? ['', '### Departures from the group line', ...p.departures.slice(0, LISTED).map((d) => `- ${d.date} ${d.title ?? d.voteId}: voted ${d.position}, group ${d.groupLine}`)] : []),
  ];
}

function coalitionSection(a: Analyses['coalitions']): string[] {
  if (skipped(a)) return [`Not analysed: ${a.skipped}.`];
  const c = a as CoalitionDynamics;
  return [
    `${c.votes} roll calls, ${c.members} members. Agreement Index (Hix, Noury and Roland): 1 when a group votes as one, 0 when it splits evenly three ways.`, '',
    ...table(['group', 'members', 'votes', 'agreement index', 'lowest', 'defection rate'], c.groups.map((g) => [g.group, g.members, g.votes, g.agreementIndex, g.lowest, pct(g.defectionRate)])),
    '', '### Most aligned groups',
    ...c.pairs.filter((p) => p.rate !== null).slice(0, 5).map((p) => `- ${p.a} and ${p.b}: same line in ${p.same} of ${p.compared} votes (${pct(p.rate)})`),
    '', `### Winning coalitions (${c.winning.decided} decided votes)`,
    ...c.winning.coalitions.slice(0, 3).map((w) => `- ${w.groups.join(' + ') || 'no group on the winning side'}: ${w.votes} votes (${pct(w.share)})`),
  ];
}

function networkSection(a: Analyses['network']): string[] {
  if (skipped(a)) return [`Not analysed: ${a.skipped}.`];
  const n = a as PoliticalNetwork;
  const central = [...n.nodes].filter((x) => x.degree > 0).sort((x, y) => y.betweenness - x.betweenness || y.strength - x.strength).slice(0, 5);
  if (n.stats.edgesReturned === 0) return [`No links: no two members shared ${NETWORK_DEFAULTS.minSharedVotes} roll calls with agreement of at least ${pct(NETWORK_DEFAULTS.minSimilarity)} (${n.stats.votes} roll calls read).`];
  return [
    `${n.stats.nodesReturned} members and ${n.stats.edgesReturned} links (members linked when they vote alike often enough${n.stats.truncated ? '; strongest links only' : ''}); ${n.communities.length} communities, modularity ${n.modularity}.`,
    ...(n.stats.focusMissing ? ['The member is not in the network (no roll-call positions in the period).'] : []),
    '', '### Most central members (betweenness)',
    ...central.map((x) => `- ${x.name} (${x.group ?? '?'}): ${x.degree} links, betweenness ${x.betweenness}`),
    '', '### Communities',
    ...n.communities.slice(0, 5).map((c) => `- community ${c.id}: ${c.size} members (${c.groups.slice(0, 4).map((g) => `${g.group} ${g.members}`).join(', ')})`),
  ];
}

const METHOD =
  'Roll calls with every MEP\'s recorded position (Open Data decisions; DOCEO roll-call files for sittings not yet published there, matched by PersId). ' +
  'Members are the sitting MEPs with their current political group. A group\'s line is the most common position of its members in a vote (ties: no line). ' +
  'Agreement Index per group and vote = (max(Y,N,A) - (Y+N+A-max)/2) / (Y+N+A), averaged over votes. ' +
  'The co-voting network links members by the share of shared votes in which they voted alike (strongest links per member); communities by Louvain, centrality by betweenness.';

/** The report as JSON, with its Markdown inside. */
export function assemble(plan: ReportPlan, data: ReportData, analyses: Analyses, generatedAt: string): Record<string, unknown> {
  const facts: Facts = {};
  const subject = subjectSection(plan, data, facts);
  const voting = votingSection(analyses.votingPatterns, facts);
  const id = reportId(plan);
  const m = matrixOf(data);
  const rollCalls = (data.voting?.votes ?? []).filter(isRollCall).length;
  const warnings: string[] = [];
  if (plan.reportType !== 'COMMITTEE_PERFORMANCE' && rollCalls === 0) warnings.push('no roll-call data for this period yet (the EP publishes it weeks after the vote)');
  if (data.voting?.doceoSittings.length) warnings.push(`${data.voting.doceoSittings.length} sitting(s) read from DOCEO roll-call files, as their Open Data records are not published yet`);
  if (data.voting && data.voting.sittings.length >= plan.maxSittings) warnings.push(`only the ${plan.maxSittings} most recent sittings were read`);
  if (m && m.unmatched) warnings.push(`${m.unmatched} recorded positions belong to members no longer sitting and are left out`);
  const markdown = [
    `# ${subject.title}`, '',
    `${plan.period ? (plan.period.from === plan.period.to ? `Sitting of ${plan.period.from}` : `Period ${plan.period.from} to ${plan.period.to}`) : 'The whole procedure'}. Generated ${generatedAt}.`, '',
    ...subject.lines, '',
    '## Voting patterns', ...voting, '',
    '## Coalitions', ...coalitionSection(analyses.coalitions), '',
    '## Co-voting network', ...networkSection(analyses.network), '',
    '## Method', METHOD,
    ...(warnings.length ? ['', '**Warnings**', ...warnings.map((w) => `- ${w}`)] : []),
  ].join('\n') + '\n';
  return {
    reportId: id,
    uri: reportUri(id),
    reportType: plan.reportType,
    subjectId: plan.subjectId,
    title: subject.title,
    period: plan.period,
    generatedAt,
    markdown,
    facts,
    analyses,
    coverage: { sittings: data.voting?.sittings ?? [], rollCalls, doceoSittings: data.voting?.doceoSittings ?? [], documents: (data.documents?.documents.length ?? 0) + (data.documents?.questions.length ?? 0) },
    notes: { methodology: METHOD, warnings },
  };
}
