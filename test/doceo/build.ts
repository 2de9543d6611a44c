// Small RCV documents in the real term-10 layout, built in code for tolerance and volume tests.
export const GROUPS = ['PPE', 'S&D', 'PfE', 'ECR', 'Renew', 'Verts/ALE', 'The Left', 'ESN', 'NI'] as const;

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Wraps RollCallVote.Result elements in the real root, with the OpenOffice namespace declared. */
export function rcvDocument(votes: string, date = '2030-01-15'): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<PV.RollCallVoteResults xmlns:text="http://openoffice.org/2000/text" Sitting.Identifier="9901" Sitting.Date="${date}" EP.Reference="P10_PV(2030)01-15" EP.Number="PE 000.001" Document.Language="XL">` +
    votes + '</PV.RollCallVoteResults>';
}

const SECTION_TAGS = ['Result.For', 'Result.Against', 'Result.Abstention'] as const;

/**
 * `votes` roll calls × `members` members: member i sits in GROUPS[i % 9] and votes
 * for/against/abstain by (i + vote) % 3, so every section is non-empty and the counts are known.
 */
export function syntheticDay(votes: number, members: number): string {
  const parts: string[] = [];
  for (let v = 0; v < votes; v++) {
    parts.push(`<RollCallVote.Result Identifier="${170000 + v}" DlvId="${960000 + Math.floor(v / 4)}" Date="2030-01-15 12:${String(Math.floor(v / 60) % 60).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}">`);
    parts.push(`<RollCallVote.Description.Text>A10-${String(1 + Math.floor(v / 4)).padStart(4, '0')}/2030 – Rapporteur Name – Am ${v}</RollCallVote.Description.Text>`);
    SECTION_TAGS.forEach((tag, s) => {
      const byGroup = GROUPS.map((g) => ({ g, ids: [] as number[] }));
      for (let i = 0; i < members; i++) if ((i + v) % 3 === s) byGroup[i % GROUPS.length].ids.push(i);
      const total = byGroup.reduce((n, x) => n + x.ids.length, 0);
      parts.push(`<${tag} Number="${total}">`);
      for (const { g, ids } of byGroup) {
        if (ids.length === 0) continue;
        parts.push(`<Result.PoliticalGroup.List Identifier="${esc(g)}">`);
        for (const i of ids) parts.push(`<PoliticalGroup.Member.Name  MepId="${5000 + i}" PersId="${100000 + i}">Surname${i}</PoliticalGroup.Member.Name>`);
        parts.push('</Result.PoliticalGroup.List>');
      }
      parts.push(`</${tag}>`);
    });
    parts.push('</RollCallVote.Result>');
  }
  return rcvDocument(parts.join(''));
}
