/**
 * Volume generator for analytics benchmarks: a full-size house and many roll calls. Deterministic
 * for a given seed. The server merges its output into the fixture sittings (`large` option).
 */
import { createRng } from './rng.ts';
import { buildSittings, isVotingDay, ODP_LAG_FROM } from './fixtures/calendar.ts';
import { COMMITTEES } from './fixtures/bodies.ts';
import type { GroupCode } from './fixtures/groups.ts';
import { groupOn, inOffice, type Mep } from './fixtures/meps.ts';
import type { Role } from './fixtures/roster.ts';
import { RESOLUTION_TOPICS, REPORT_TOPICS } from './fixtures/topics.ts';
import { castBallots, outcomeOf, voteClock, type RollCall, type VoteItem } from './fixtures/votes.ts';

export interface GenerateVotesOptions {
  /** house size today: members with an open term-10 mandate, `base` ones included */
  meps: number;
  /** number of roll-call votes to generate */
  votes: number;
  seed?: number;
  /** members who already exist (the fixture roster); they vote too, and generated members fill up to `meps` */
  base?: readonly Mep[];
  /** sitting days to spread the votes over; default: the fixture calendar's voting days */
  days?: readonly string[];
}

export interface GeneratedVotes {
  /** generated members only (not `base`) */
  meps: Mep[];
  items: VoteItem[];
  votes: RollCall[];
}

/** Seats per group and country roughly as in the 2024 house, used as sampling weights. */
const GROUP_WEIGHTS: [GroupCode, number][] = [['PPE', 188], ['S&D', 136], ['PfE', 84], ['ECR', 78], ['Renew', 77], ['Verts/ALE', 53], ['The Left', 46], ['NI', 33], ['ESN', 25]];
const COUNTRY_WEIGHTS: [string, number][] = [
  ['DE', 96], ['FR', 81], ['IT', 76], ['ES', 61], ['PL', 53], ['RO', 33], ['NL', 31], ['BE', 22], ['EL', 21], ['CZ', 21], ['SE', 21], ['PT', 21], ['HU', 21],
  ['AT', 20], ['BG', 17], ['DK', 15], ['FI', 15], ['SK', 15], ['IE', 14], ['HR', 12], ['LT', 11], ['LV', 9], ['SI', 9], ['EE', 7], ['CY', 6], ['LU', 6], ['MT', 6],
];
const GIVEN = ['Anna', 'Marco', 'Sofia', 'Luca', 'Eva', 'Jan', 'Maria', 'Pierre', 'Laura', 'Tomas', 'Elena', 'Pablo', 'Ines', 'Karl', 'Nora', 'Piotr', 'Ioana', 'Mikkel', 'Lena', 'Dimitris', 'Clara', 'Hugo', 'Marta', 'Sven', 'Rita', 'Ondřej', 'Agata', 'Niels', 'Irene', 'Mateo'];
const FAMILY = ['Keller', 'Rossi', 'Dubois', 'García', 'Nowak', 'Popa', 'de Jong', 'Peeters', 'Papadakis', 'Novák', 'Nilsson', 'Silva', 'Nagy', 'Huber', 'Ivanova', 'Jensen', 'Virtanen', 'Kováč', 'Murphy', 'Horvat', 'Kazlauskas', 'Bērziņš', 'Zupan', 'Tamm', 'Georgiou', 'Weber', 'Schmitt', 'Marino', 'Leroy', 'López', 'Kowalski', 'Ionescu', 'Visser', 'Janssens', 'Nikolaou', 'Dvořák', 'Lindberg', 'Santos', 'Farkas', 'Gruber'];
const STANDING = COMMITTEES.filter((c) => c.kind === 'STANDING').map((c) => c.abbr);

function weighted<T>(rng: () => number, table: readonly [T, number][]): T {
  const total = table.reduce((a, [, w]) => a + w, 0);
  let r = rng() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

export function generateVotes(options: GenerateVotesOptions): GeneratedVotes {
  const rng = createRng(options.seed ?? 1);
  const base = options.base ?? [];
  const generated: Mep[] = [];
  const seated = base.filter((m) => m.mandates.some((x) => x.term === 10 && !x.end)).length;
  for (let i = 0; i < Math.max(0, options.meps - seated); i++) {
    const member: Role = 'MEMBER';
    const seats = [rng.pick(STANDING), rng.pick(STANDING)];
    generated.push({
      id: String(260001 + i),
      mepId: String(8001 + i),
      givenName: rng.pick(GIVEN),
      familyName: rng.pick(FAMILY),
      country: weighted(rng, COUNTRY_WEIGHTS),
      gender: rng.chance(0.4) ? 'FEMALE' : 'MALE',
      birthDate: `19${50 + rng.int(45)}-0${1 + rng.int(9)}-1${rng.int(10)}`,
      placeOfBirth: '',
      mandates: [{ term: 10, start: '2024-07-16' }],
      groups: [{ code: weighted(rng, GROUP_WEIGHTS), start: '2024-07-16' }],
      committees: [
        { abbr: seats[0], role: member, start: '2024-07-19' },
        ...(seats[1] !== seats[0] ? [{ abbr: seats[1], role: 'MEMBER_SUBSTITUTE' as Role, start: '2024-07-19' }] : []),
      ],
    });
  }
  const house = [...base, ...generated];
  const days = options.days ?? buildSittings().filter((s) => s.term === 10 && isVotingDay(s)).map((s) => s.date);
  const items: VoteItem[] = [];
  const votes: RollCall[] = [];
  const perDay = Math.ceil(options.votes / Math.max(1, days.length));
  const titles = [...RESOLUTION_TOPICS, ...REPORT_TOPICS];
  let votingId = 180001;
  let dlvId = 990001;
  let left = options.votes;
  for (const date of days) {
    if (left <= 0) break;
    const voters = house.filter((m) => inOffice(m, date)).map((m) => ({ id: m.id, group: groupOn(m, date)! }));
    // Generated votes come after the fixture votes of the same day (those start at noon).
    const clock = voteClock(rng, 14);
    let today = Math.min(perDay, left);
    let order = 0;
    while (today > 0) {
      const size = Math.min(today, 1 + rng.int(4));
      const topic = titles[items.length % titles.length];
      const item: VoteItem = {
        dlvId: String(dlvId), date, term: 10, kind: 'RESOLUTION', title: { en: `${topic.en} (${items.length + 1})`, fr: `${topic.fr} (${items.length + 1})` },
        agendaPoint: 400 + items.length, votings: [], handVotes: [], published: date < ODP_LAG_FROM,
      };
      dlvId += 1 + rng.int(5);
      for (let k = 0; k < size; k++) {
        const whole = k === size - 1;
        const subject = whole ? 'Motion for a resolution (as a whole)' : `§ ${1 + rng.int(20)} – Am ${1 + rng.int(30)}`;
        const b = castBallots(rng, voters);
        const call: RollCall = {
          votingId: String(votingId++), dlvId: item.dlvId, date, time: clock(), order: ++order, subject,
          description: `${item.title.en} – ${subject}`, ...b, outcome: outcomeOf(b),
          ...(whole ? {} : { amendmentNumber: subject.split('Am ')[1], amendmentAuthor: rng.pick(['PPE', 'S&D', 'Renew', 'PfE', 'ECR', 'committee']) }),
        };
        item.votings.push(call);
        votes.push(call);
      }
      items.push(item);
      today -= size;
      left -= size;
    }
  }
  return { meps: generated, items, votes };
}
