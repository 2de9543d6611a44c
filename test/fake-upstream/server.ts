/**
 * The fake EP upstream: JSON-LD API under /api/v2/, DOCEO XML under /doceo/, and a control plane
 * under /__control/ for tests that run the fake in another process. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { rcvXml, votXml } from './doceo.ts';
import { Faults, type Decision, type FaultKnobs } from './faults.ts';
import { buildDataset, type Dataset } from './fixtures.ts';
import { envelope, narrowLanguage, type Item } from './jsonld.ts';
import { createRouter, type RouteAnswer } from './routes.ts';

export { Faults } from './faults.ts';
export { CONTEXT } from './jsonld.ts';
export { FIXTURE, FAKE_TODAY } from './fixtures.ts';
export { generateVotes } from './generate.ts';
export type { FaultKnobs, FaultRule } from './faults.ts';

export interface FakeUpstreamOptions {
  port?: number;
  /** seeds fault dice and the `large` generator; the small fixtures never change */
  seed?: number;
  large?: { meps: number; votes: number };
}

export interface FakeUpstream {
  /** http://127.0.0.1:PORT/api/v2/ */
  baseUrl: string;
  /** http://127.0.0.1:PORT/doceo/ */
  doceoUrl: string;
  port: number;
  faults: Faults;
  /** requests received, keyed by pathname without query (control-plane calls excluded) */
  counts(): { total: number; byPath: Record<string, number> };
  resetCounts(): void;
  /** the data set behind the answers, for tests that want to compare */
  dataset: Dataset;
  close(): Promise<void>;
}

const API = '/api/v2/';
const JSON_LD = 'application/ld+json';
const DEFAULT_LIMIT = 50;

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const jsonReply = (body: unknown, status = 200): Reply => ({ status, headers: { 'Content-Type': JSON_LD }, body: JSON.stringify(body) });
const emptyReply = (status: number, headers: Record<string, string> = {}): Reply => ({ status, headers, body: '' });

/** What a proxy in front of the API sends when things go wrong (Q5): HTML, not JSON. */
const HTML_ERROR = (status: number, text: string) =>
  `<!DOCTYPE html><html><head><title>${status} ${text}</title></head><body><h1>${text}</h1><p>The server is temporarily unable to service your request.</p><hr><address>Apache Server at data.europarl.europa.eu Port 443</address></body></html>`;

/** 406 only for an explicit request for another format: `format=` or an Accept without any JSON-LD-compatible range. */
function notAcceptable(req: IncomingMessage, q: URLSearchParams): boolean {
  // A raw `+` in a query decodes to a space; accept `application/ld json` as the same thing.
  const format = q.get('format')?.replace(/ /g, '+');
  if (format !== undefined && format !== JSON_LD) return true;
  const accept = req.headers.accept;
  if (!accept) return false;
  const ranges = accept.split(',').map((r) => r.split(';')[0].trim().toLowerCase());
  return !ranges.some((r) => r === JSON_LD || r === 'application/json' || r === '*/*' || r === 'application/*' || r === '');
}

function page(q: URLSearchParams) {
  const offset = Number.parseInt(q.get('offset') ?? '', 10);
  const limit = Number.parseInt(q.get('limit') ?? '', 10);
  return { offset: Number.isFinite(offset) && offset > 0 ? offset : 0, limit: Number.isFinite(limit) && limit >= 0 ? limit : DEFAULT_LIMIT };
}

function emptyPage(d: Decision): Reply {
  return d.pastEnd === 'emptyBody200' ? emptyReply(200, { 'Content-Type': JSON_LD }) : emptyReply(204);
}

function answer(a: RouteAnswer, q: URLSearchParams, d: Decision): Reply {
  switch (a.kind) {
    case 'notFound':
      return emptyReply(404);
    case 'noContent':
      return emptyReply(204);
    case 'body':
      return jsonReply(a.body);
    case 'detail': {
      const lang = q.get('language');
      const item = lang && lang !== 'mul' ? (narrowLanguage(a.item, lang) as Item) : a.item;
      return jsonReply(envelope([item]));
    }
    case 'list': {
      const { offset, limit } = page(q);
      const slice = a.items.slice(offset, offset + limit);
      if (slice.length === 0) return emptyPage(d);
      return jsonReply(envelope(slice, a.extra ? a.extra(slice, a.items.length) : {}));
    }
    case 'feed': {
      switch (d.feed) {
        case '404':
          return emptyReply(404);
        case '204':
          return emptyReply(204);
        case 'errorInBody':
          return jsonReply({ error: '404 Not Found from POST https://data.europarl.europa.eu/enrichment/api/v2/feed' });
        case 'stale':
          return jsonReply(envelope(a.all.slice(0, 5)));
        case 'census':
          return jsonReply(envelope(a.all));
        default:
          return a.window.length > 0 ? jsonReply(envelope(a.window)) : emptyReply(204);
      }
    }
  }
}

const DOCEO_FILE = /^\/doceo\/document\/PV-(\d{1,2})-(\d{4}-\d{2}-\d{2})-(RCV|VOT)_(EN|FR)\.xml$/;

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const ds = buildDataset({ seed: options.seed, large: options.large });
  const route = createRouter(ds);
  const faults = new Faults(options.seed ?? 1);
  const byPath = new Map<string, number>();
  let total = 0;
  const closing = new AbortController();
  const xmlCache = new Map<string, string>();

  function doceo(pathname: string, d: Decision): Reply {
    const m = pathname.match(DOCEO_FILE);
    if (!m) return emptyReply(404);
    const [, term, date, kind, lang] = m;
    const ordinal = ds.sittings.findIndex((s) => s.date === date);
    const sitting = ds.sittings[ordinal];
    const items = ds.voteItemsByDate.get(date) ?? [];
    // One file per sitting day with votes; other days (and a wrong term) are 404, as upstream.
    if (!sitting || String(sitting.term) !== term || items.length === 0) return emptyReply(404);
    const french = kind === 'VOT' && (lang === 'FR' || d.doceoFrench);
    const key = `${kind}:${date}:${french}`;
    let xml = xmlCache.get(key);
    if (!xml) {
      const day = { date, term: sitting.term, items, meps: ds.mepById, ordinal };
      xml = kind === 'RCV' ? rcvXml(day) : votXml(day, { french });
      xmlCache.set(key, xml);
    }
    return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: xml };
  }

  function api(req: IncomingMessage, pathname: string, q: URLSearchParams, d: Decision): Reply {
    if (notAcceptable(req, q)) return emptyReply(406);
    return answer(route(pathname.slice(API.length), q), q, d);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { pathname } = url;
    if (pathname.startsWith('/__control/')) return control(req, res, pathname);
    total++;
    byPath.set(pathname, (byPath.get(pathname) ?? 0) + 1);

    const d = faults.decide(pathname);
    if (d.action.kind === 'hang') return; // left open until the client aborts or close() runs
    if (d.delayMs > 0) {
      try {
        await sleep(d.delayMs, undefined, { signal: closing.signal });
      } catch {
        return;
      }
    }
    if (res.destroyed) return;
    const a = d.action;
    let reply: Reply;
    switch (a.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'status':
        reply = a.html
          ? { status: a.status, headers: { 'Content-Type': 'text/html' }, body: HTML_ERROR(a.status, 'Service Unavailable') }
          : emptyReply(a.status, a.retryAfter !== undefined ? { 'Retry-After': String(a.retryAfter) } : {});
        break;
      case 'garbage':
        reply = { status: 200, headers: { 'Content-Type': 'text/html' }, body: HTML_ERROR(502, 'Bad Gateway') };
        break;
      case 'errorInBody':
        reply = jsonReply({ error: a.message });
        break;
      case 'empty204':
        reply = emptyReply(204);
        break;
      case 'emptyBody200':
        reply = emptyReply(200, { 'Content-Type': JSON_LD });
        break;
      default:
        if (req.method !== 'GET' && req.method !== 'HEAD') reply = emptyReply(405, { Allow: 'GET' });
        else if (pathname.startsWith(API)) reply = api(req, pathname, url.searchParams, d);
        else if (pathname.startsWith('/doceo/')) reply = doceo(pathname, d);
        else reply = emptyReply(404);
        if (reply.body.length > 0) {
          if (d.truncated) reply.body = reply.body.slice(0, Math.floor(reply.body.length / 2));
          if (d.oversizeBytes > 0 && reply.headers['Content-Type'] === JSON_LD) {
            const missing = d.oversizeBytes - Buffer.byteLength(reply.body);
            if (missing > 0) reply.body += ' '.repeat(missing);
          }
          if (d.noContentType) delete reply.headers['Content-Type'];
        }
    }
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, ...(reply.status === 204 ? {} : { 'Content-Length': String(body.length) }) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function control(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (pathname === '/__control/counts' && req.method === 'GET') return send(200, counts());
      if (req.method !== 'POST') return send(405, { error: 'use POST' });
      const raw = await readBody(req);
      if (pathname === '/__control/faults') {
        const { path, pathRegex, flags, ...knobs } = (raw ? JSON.parse(raw) : {}) as FaultKnobs & { path?: string; pathRegex?: string; flags?: string };
        faults.set(knobs, { path: pathRegex !== undefined ? new RegExp(pathRegex, flags) : path });
        return send(200, { ok: true, rules: faults.rules().length });
      }
      if (pathname === '/__control/clear') {
        faults.clear();
        return send(200, { ok: true });
      }
      if (pathname === '/__control/reset-counts') {
        resetCounts();
        return send(200, { ok: true });
      }
      return send(404, { error: 'unknown control path' });
    } catch (err) {
      return send(400, { error: (err as Error).message });
    }
  }

  const counts = () => ({ total, byPath: Object.fromEntries(byPath) });
  const resetCounts = () => {
    total = 0;
    byPath.clear();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2/`,
    doceoUrl: `http://127.0.0.1:${port}/doceo/`,
    port,
    faults,
    counts,
    resetCounts,
    dataset: ds,
    close: () => new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      // Hanging and keep-alive connections would hold close() forever.
      server.closeAllConnections();
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
