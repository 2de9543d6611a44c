/**
 * The API routes (§5) over the data set. A route returns what to answer, not bytes: the server
 * applies paging, empty-page behaviour, feed modes and faults uniformly.
 */
import { addDays, type Item } from './jsonld.ts';
import { FAKE_TODAY, type Dataset, type DocEntry, type DocFamily } from './fixtures.ts';
import { groupAliases } from './fixtures/groups.ts';
import { sittingActivities, sittingDetail, sittingForeseen, sittingListItem, decisions, voteResults } from './fixtures/meetings.ts';
import { everGroupAliases, groupOn, inOffice, lastGroup, mepCurrentItem, mepListItem, servedIn, sortLabel, type Mep } from './fixtures/meps.ts';
import { procedureDetail, procedureEvent, procedureListItem } from './fixtures/procedures.ts';
import { TERM_START } from './fixtures/roster.ts';

export type RouteAnswer =
  | { kind: 'list'; items: readonly Item[]; extra?: (page: readonly Item[], total: number) => Item }
  | { kind: 'detail'; item: Item }
  | { kind: 'body'; body: Item }
  | { kind: 'feed'; window: readonly Item[]; all: readonly Item[] }
  | { kind: 'noContent' }
  | { kind: 'notFound' };

type Handler = (m: RegExpMatchArray, q: URLSearchParams) => RouteAnswer;

const NOT_FOUND: RouteAnswer = { kind: 'notFound' };
const MEP_ID = /^\d{1,7}$/;
const PROCESS_ID = /^\d{4}-\d{4}[A-Z]?$/;
const BODY_ID = /^[A-Z0-9-]+$/;
const SITTING_ID = /^MTG-PL-\d{4}-\d{2}-\d{2}$/;

/** Comma-separated lists (`style: form, explode: false`), also tolerating repeated parameters. */
export function values(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
const upper = (q: URLSearchParams, name: string) => values(q, name).map((v) => v.toUpperCase());
const stripPerson = (v: string) => v.replace(/^(person\/|MEP-)/i, '');

const list = (items: readonly Item[], extra?: (page: readonly Item[], total: number) => Item): RouteAnswer => ({ kind: 'list', items, extra });
const detail = (item: Item | undefined): RouteAnswer => (item ? { kind: 'detail', item } : NOT_FOUND);

export function createRouter(ds: Dataset): (rel: string, q: URLSearchParams) => RouteAnswer {
  const routes: [RegExp, Handler][] = [];
  const on = (pattern: RegExp, handler: Handler) => routes.push([pattern, handler]);
  const cache = new Map<string, readonly Item[]>();
  const memo = (key: string, build: () => readonly Item[]) => {
    let v = cache.get(key);
    if (!v) cache.set(key, (v = build()));
    return v;
  };

  // ---- MEPs ------------------------------------------------------------------------------
  const mepFilter = (q: URLSearchParams, date?: string) => {
    const countries = upper(q, 'country-of-representation');
    const groups = upper(q, 'political-group');
    const genders = upper(q, 'gender');
    const terms = values(q, 'parliamentary-term').map(Number);
    return (m: Mep) =>
      (countries.length === 0 || countries.includes(m.country)) &&
      (genders.length === 0 || genders.includes(m.gender)) &&
      (terms.length === 0 || terms.some((t) => servedIn(m, t))) &&
      (groups.length === 0 || groups.some((g) => (date ? groupAliases(groupOn(m, date) ?? lastGroup(m)).includes(g) : everGroupAliases(m).has(g))));
  };
  const bySortLabel = (a: Mep, b: Mep) => sortLabel(a).localeCompare(sortLabel(b)) || Number(a.id) - Number(b.id);
  const term10 = (m: Mep) => m.mandates.find((x) => x.term === 10);

  on(/^meps$/, (_, q) => list(ds.meps.filter(mepFilter(q)).map(mepListItem)));
  on(/^meps\/show-current$/, (_, q) => {
    const date = values(q, 'mandate-date')[0] ?? FAKE_TODAY;
    return list(ds.meps.filter((m) => inOffice(m, date)).filter(mepFilter(q, date)).sort(bySortLabel).map((m) => mepCurrentItem(m, date)));
  });
  on(/^meps\/show-incoming$/, (_, q) => list(ds.meps
    .filter((m) => (term10(m)?.start ?? '') > TERM_START[10]).filter(mepFilter(q, FAKE_TODAY)).sort(bySortLabel)
    .map((m) => mepCurrentItem(m, FAKE_TODAY))));
  on(/^meps\/show-outgoing$/, (_, q) => list(ds.meps
    .filter((m) => { const t = term10(m); return !!t?.end && t.end <= FAKE_TODAY; }).filter(mepFilter(q)).sort(bySortLabel)
    .map((m) => mepCurrentItem(m, term10(m)!.end!))));
  on(/^meps\/show-homonyms$/, (_, q) => {
    const pool = ds.meps.filter(mepFilter(q));
    const counts = new Map<string, number>();
    for (const m of pool) counts.set(sortLabel(m), (counts.get(sortLabel(m)) ?? 0) + 1);
    return list(pool.filter((m) => (counts.get(sortLabel(m)) ?? 0) > 1).map(mepListItem));
  });
  on(/^meps\/feed$/, (_, q) => feed(q, ds.meps.map((m) => [lastChange(m), mepListItem(m)] as const), false));
  on(/^meps\/([^/]+)$/, (m) => (MEP_ID.test(m[1]) ? detail(ds.mepDetail(m[1])) : NOT_FOUND));

  // ---- Corporate bodies --------------------------------------------------------------------
  on(/^corporate-bodies$/, (_, q) => {
    const kinds = upper(q, 'body-classification').map((c) => `def/ep-entities/${c}`);
    return list(ds.bodies.filter((b) => kinds.length === 0 || kinds.includes(b.classification)).map((b) => b.list));
  });
  on(/^corporate-bodies\/show-current$/, () => list(ds.bodies.filter((b) => b.current).map((b) => b.list)));
  on(/^corporate-bodies\/feed$/, (_, q) => feed(q, ds.bodies.map((b) => [String((b.detail.temporal as Item).startDate), b.list] as const), true));
  on(/^corporate-bodies\/([^/]+)$/, (m) => {
    if (!BODY_ID.test(m[1])) return NOT_FOUND;
    // An abbreviation resolves to the FIRST body carrying it: ECON → the 1989 body org/1 (Q13).
    const body = ds.bodies.find((b) => b.identifier === m[1]) ?? ds.bodies.find((b) => b.label.toUpperCase() === m[1] || b.identifier === m[1].replace(/&/g, '-'));
    return detail(body?.detail);
  });

  // ---- Meetings ------------------------------------------------------------------------------
  const itemsOf = (date: string) => ds.voteItemsByDate.get(date) ?? [];
  const sittingOr404 = (id: string, build: (date: string) => readonly Item[], name: string): RouteAnswer => {
    const s = SITTING_ID.test(id) ? ds.sittingById.get(id) : undefined;
    return s ? list(memo(`${name}:${id}`, () => build(s.date))) : NOT_FOUND;
  };
  const names = (id: string) => {
    const mep = ds.mepById.get(id);
    return mep ? `${mep.givenName} ${mep.familyName}` : '';
  };
  // `date-from`/`date-to` are ignored on purpose, as upstream does (Q7).
  on(/^meetings$/, (_, q) => {
    const years = values(q, 'year');
    return list(ds.sittings.filter((s) => years.length === 0 || years.includes(s.date.slice(0, 4))).map(sittingListItem));
  });
  on(/^meetings\/([^/]+)$/, (m) => {
    const s = SITTING_ID.test(m[1]) ? ds.sittingById.get(m[1]) : undefined;
    return detail(s ? sittingDetail(s, itemsOf(s.date)) : undefined);
  });
  on(/^meetings\/([^/]+)\/activities$/, (m) => sittingOr404(m[1], (d) => sittingActivities(ds.sittingById.get(`MTG-PL-${d}`)!, itemsOf(d)), 'act'));
  on(/^meetings\/([^/]+)\/foreseen-activities$/, (m) => sittingOr404(m[1], (d) => sittingForeseen(ds.sittingById.get(`MTG-PL-${d}`)!, itemsOf(d)), 'oj'));
  on(/^meetings\/([^/]+)\/vote-results$/, (m) => sittingOr404(m[1], (d) => voteResults(itemsOf(d), names), 'vot'));
  on(/^meetings\/([^/]+)\/decisions$/, (m) => sittingOr404(m[1], (d) => decisions(itemsOf(d)), 'dec'));

  // ---- Events ----------------------------------------------------------------------------
  on(/^events$/, (_, q) => {
    const types = upper(q, 'activity-type');
    return list(ds.events.filter((e) => types.length === 0 || types.includes(e.activityType)).map((e) => e.list));
  });
  on(/^events\/feed$/, (_, q) => {
    const types = upper(q, 'activity-type');
    return feed(q, ds.events.filter((e) => types.length === 0 || types.includes(e.activityType)).map((e) => [e.date, e.list] as const), false);
  });
  on(/^events\/([^/]+)$/, (m) => detail(ds.events.find((e) => e.id === m[1])?.detail));

  // ---- Speeches --------------------------------------------------------------------------
  on(/^speeches$/, (_, q) => {
    const terms = values(q, 'parliamentary-term').map(Number);
    const types = upper(q, 'activity-type');
    const persons = values(q, 'person-id').map(stripPerson);
    const from = q.get('sitting-date') ?? undefined;
    const to = q.get('sitting-date-end') ?? from;
    const text = (q.get('text') ?? q.get('title') ?? '').toLowerCase();
    let found = ds.speeches.filter((s) =>
      (terms.length === 0 || terms.includes(s.term)) &&
      (types.length === 0 || types.includes(s.activityType)) &&
      (persons.length === 0 || persons.includes(s.person)) &&
      (!from || s.date >= from) && (!to || s.date <= to) &&
      (!text || s.title.toLowerCase().includes(text)));
    if (/desc$/.test(q.get('sort-by') ?? '') && /^sitting-date/.test(q.get('sort-by') ?? '')) found = [...found].reverse();
    // Search-backed endpoint: hits and a (capped) total ride along with the page (§5.5).
    return list(found.map((s) => s.item), (page, total) => ({
      searchResults: { hits: page.map((i) => ({ id: i.id })) },
      meta: { total: Math.min(total, 10000) },
    }));
  });
  on(/^speeches\/([^/]+)$/, (m) => detail(ds.speeches.find((s) => s.id === m[1])?.item));

  // ---- Procedures --------------------------------------------------------------------------
  on(/^procedures$/, (_, q) => {
    const types = upper(q, 'process-type');
    return list(ds.procedures.filter((p) => types.length === 0 || types.includes(p.type)).map(procedureListItem));
  });
  on(/^procedures\/feed$/, (_, q) => {
    const types = upper(q, 'process-type');
    return feed(q, ds.procedures.filter((p) => types.length === 0 || types.includes(p.type))
      .map((p) => [p.events.at(-1)?.date ?? `${p.year}-01-01`, procedureListItem(p)] as const), false);
  });
  const procedure = (id: string) => (PROCESS_ID.test(id) ? ds.procedureById.get(id) : undefined);
  on(/^procedures\/([^/]+)$/, (m) => {
    const p = procedure(m[1]);
    return detail(p ? procedureDetail(p) : undefined);
  });
  // No events at all answers 404, as upstream does for some ids (Q11).
  on(/^procedures\/([^/]+)\/events$/, (m) => {
    const p = procedure(m[1]);
    return p && p.events.length > 0 ? list(p.events.map(procedureEvent)) : NOT_FOUND;
  });
  on(/^procedures\/([^/]+)\/events\/([^/]+)$/, (m) => {
    const e = procedure(m[1])?.events.find((x) => x.id === m[2]);
    return detail(e ? procedureEvent(e) : undefined);
  });

  // ---- Documents -------------------------------------------------------------------------
  const docIndex = new Map<string, Map<string, DocEntry>>();
  for (const [family, entries] of Object.entries(ds.docs)) docIndex.set(family, new Map(entries.map((e) => [e.key, e])));
  const allIndex = new Map(ds.allDocuments.map((e) => [e.key, e]));

  const docFilter = (q: URLSearchParams) => {
    const years = values(q, 'year');
    const types = upper(q, 'work-type');
    const terms = values(q, 'parliamentary-term').map(Number);
    const committees = upper(q, 'committee');
    const parts = values(q, 'part-session-date');
    const persons = values(q, 'person-id').map(stripPerson);
    const ids = values(q, 'doc-id');
    const text = [q.get('text'), q.get('title')].filter(Boolean).map((t) => t!.toLowerCase());
    const from = q.get('sitting-date') ?? undefined;
    const to = q.get('sitting-date-end') ?? from;
    const procs = values(q, 'related-process-id').map((p) => p.replace(/\(.*\)$/, '').replace('/', '-'));
    const related = values(q, 'related-doc-id');
    return (e: DocEntry) =>
      (years.length === 0 || years.includes(e.date.slice(0, 4))) &&
      (types.length === 0 || types.includes(e.workType)) &&
      (terms.length === 0 || terms.includes(e.term)) &&
      (committees.length === 0 || (!!e.committee && committees.includes(e.committee))) &&
      (parts.length === 0 || (!!e.partSession && parts.includes(e.partSession))) &&
      (persons.length === 0 || (e.persons ?? []).some((p) => persons.includes(p))) &&
      (ids.length === 0 || ids.includes(e.key)) &&
      text.every((t) => e.text.includes(t)) &&
      (!from || e.date >= from) && (!to || e.date <= to) &&
      (procs.length === 0 || (!!e.procedure && procs.includes(e.procedure))) &&
      (related.length === 0 || related.some((r) => JSON.stringify(e.detail).includes(`eli/dl/doc/${r}"`)));
  };
  const sortDocs = (entries: DocEntry[], q: URLSearchParams) => {
    const sort = q.get('sort-by') ?? '';
    if (/^(sitting-date|date):desc$/.test(sort)) return [...entries].sort((a, b) => b.date.localeCompare(a.date) || b.key.localeCompare(a.key));
    if (/^doc-id:desc$/.test(sort)) return [...entries].sort((a, b) => b.key.localeCompare(a.key));
    if (/^doc-id:asc$/.test(sort)) return [...entries].sort((a, b) => a.key.localeCompare(b.key));
    return entries;
  };
  const family = (name: DocFamily, base: string, options: { feed?: 'fixed' | 'timeframe'; requireFilter?: string[] } = {}) => {
    on(new RegExp(`^${base}$`), (_, q) => {
      if (options.requireFilter && !options.requireFilter.some((p) => q.has(p))) return NOT_FOUND;
      return list(sortDocs(ds.docs[name].filter(docFilter(q)), q).map((e) => e.list));
    });
    if (options.feed) {
      on(new RegExp(`^${base}/feed$`), (_, q) => {
        const types = upper(q, 'work-type');
        return feed(q, ds.docs[name].filter((e) => types.length === 0 || types.includes(e.workType)).map((e) => [e.date, e.list] as const), options.feed === 'fixed');
      });
    }
    on(new RegExp(`^${base}/([^/]+)$`), (m) => detail(docIndex.get(name)!.get(m[1])?.detail));
  };
  family('plenary-documents', 'plenary-documents', { feed: 'fixed' });
  family('adopted-texts', 'adopted-texts', { feed: 'timeframe' });
  family('committee-documents', 'committee-documents', { feed: 'fixed' });
  family('plenary-session-documents', 'plenary-session-documents', { feed: 'fixed' });
  family('parliamentary-questions', 'parliamentary-questions', { feed: 'fixed' });
  family('meps-declarations', 'meps-declarations', { feed: 'timeframe' });
  family('external-documents', 'external-documents', { feed: 'timeframe' });
  // Items of session documents answer 404 without a narrowing filter (Q11).
  on(/^plenary-session-documents-items$/, (_, q) => {
    const narrowing = ['year', 'sitting-date', 'parent-id', 'doc-id', 'text', 'title', 'parliamentary-term'];
    if (!narrowing.some((p) => q.has(p))) return NOT_FOUND;
    const parents = values(q, 'parent-id');
    const sub = upper(q, 'subdivision-type');
    const related = upper(q, 'related-work-type');
    const base = docFilter(q);
    return list(ds.docs['plenary-session-documents-items']
      .filter((e) => base(e) && (parents.length === 0 || parents.includes(e.parent ?? '')) && (sub.length === 0 || sub.includes('ITM')) && (related.length === 0 || related.includes(e.workType)))
      .map((e) => e.list));
  });
  on(/^documents$/, (_, q) => {
    const types = upper(q, 'work-type');
    return list(ds.allDocuments.filter((e) => types.length === 0 || types.includes(e.workType)).map((e) => e.list));
  });
  on(/^documents\/feed$/, (_, q) => feed(q, ds.allDocuments.map((e) => [e.date, e.list] as const), true, 7));
  on(/^documents\/([^/]+)$/, (m) => detail(allIndex.get(m[1])?.detail));

  // ---- Controlled vocabularies (recorded bodies, verbatim) -------------------------------
  on(/^controlled-vocabularies$/, () => list(ds.vocabularies.list));
  on(/^controlled-vocabularies\/feed$/, () => ({ kind: 'noContent' }));
  on(/^controlled-vocabularies\/([a-z0-9-]+)$/, (m) => {
    const body = ds.vocabularies.bodies.get(m[1]);
    return body ? { kind: 'body', body } : NOT_FOUND;
  });

  return (rel, q) => {
    for (const [pattern, handler] of routes) {
      const m = rel.match(pattern);
      if (m) return handler(m, q);
    }
    return NOT_FOUND;
  };
}

/** Latest start or end of any membership up to the fake's today: what a `meps/feed` reacts to. */
function lastChange(m: Mep): string {
  const dates = [...m.mandates, ...m.groups, ...m.committees].flatMap((p) => [p.start, p.end ?? '']).filter((d) => d && d <= FAKE_TODAY);
  return dates.sort().at(-1) ?? '1900-01-01';
}

const TIMEFRAME_DAYS: Record<string, number> = { today: 0, 'one-day': 1, 'one-week': 7, 'one-month': 30 };

/**
 * Feed window ending at FAKE_TODAY. Timeframe feeds honour `timeframe` (default one-week) and
 * `start-date` (with `custom`); fixed feeds ignore parameters and cover about a month (documents: a week).
 */
function feed(q: URLSearchParams, dated: readonly (readonly [string, Item])[], fixed: boolean, fixedDays = 30): RouteAnswer {
  let from: string;
  if (fixed) from = addDays(FAKE_TODAY, -fixedDays);
  else {
    const timeframe = q.get('timeframe') ?? 'one-week';
    const start = q.get('start-date');
    from = timeframe === 'custom' && start ? start : addDays(FAKE_TODAY, -(TIMEFRAME_DAYS[timeframe] ?? 7));
  }
  const sorted = [...dated].sort((a, b) => a[0].localeCompare(b[0]));
  return { kind: 'feed', window: sorted.filter(([d]) => d >= from && d <= FAKE_TODAY).map(([, i]) => i), all: sorted.map(([, i]) => i) };
}
