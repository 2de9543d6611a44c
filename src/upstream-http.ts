import type { UpstreamFetch } from './environment.ts';
import { UpstreamError } from './errors.ts';
import { noteSize } from './sizes.ts';
import { mainThread } from './time-slice.ts';

const utf8 = new TextDecoder();

export const DEFAULT_EP_API_URL = 'https://data.europarl.europa.eu/api/v2/';
export const DEFAULT_DOCEO_URL = 'https://www.europarl.europa.eu/doceo/';
const USER_AGENT = 'europarl-mcp-prd-0.1.0';
/** Caps against runaway bodies: a day of roll-call XML can pass 5 MiB, JSON pages stay far below 10. */
const MAX_JSON_BYTES = 10 * 1024 * 1024;
const MAX_XML_BYTES = 32 * 1024 * 1024;

/** Seconds or an HTTP date, as Retry-After may carry either. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The EP Open Data API over HTTP, with failures classified for retries and the breaker. */
export function httpUpstream(
  baseUrl: string = process.env.EP_API_URL ?? DEFAULT_EP_API_URL,
  doceoUrl: string = process.env.EP_DOCEO_URL ?? DEFAULT_DOCEO_URL,
): UpstreamFetch {
  const slash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
  const api = slash(baseUrl);
  const doceo = slash(doceoUrl);
  return async (req, signal) => {
    const url = new URL(req.path.replace(/^\//, ''), req.family === 'doceo' ? doceo : api);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, { signal, headers: { accept: req.accept ?? 'application/ld+json', 'user-agent': USER_AGENT } });
    } catch (e) {
      if (signal.aborted) throw e;
      throw new UpstreamError(`network error calling the EP API: ${(e as Error).message}`, { code: 'network', transient: true });
    }
    if (res.status === 204) return null;
    if (!res.ok) {
      // 429 and 5xx are transient; so is 403, which the EP answers for a short block after bursts.
      const transient = res.status === 429 || res.status === 403 || res.status >= 500;
      const wait = retryAfterMs(res.headers.get('retry-after'));
      await res.body?.cancel().catch(() => undefined);
      throw new UpstreamError(`the EP API answered ${res.status} for ${url.pathname}`, {
        code: res.status === 404 ? 'not_found' : `http_${res.status}`,
        transient,
        status: res.status,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      });
    }
    let bytes: ArrayBuffer;
    try {
      bytes = await res.arrayBuffer();
    } catch (e) {
      if (signal.aborted) throw e;
      throw new UpstreamError(`the connection to the EP API broke mid-answer: ${(e as Error).message}`, { code: 'network', transient: true });
    }
    // Bodies that arrive together are decoded and parsed a few per turn of the event loop, not all at once.
    await mainThread.pause();
    const text = utf8.decode(bytes);
    const xml = (req.accept ?? '').includes('xml');
    if (text.length > (xml ? MAX_XML_BYTES : MAX_JSON_BYTES)) {
      throw new UpstreamError(`the EP API sent ${text.length} bytes, over the ${xml ? MAX_XML_BYTES : MAX_JSON_BYTES}-byte cap`, { code: 'too_large', transient: false });
    }
    if (text.trim() === '') return null;
    if (xml) return text;
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      throw new UpstreamError('the EP API sent an HTML page instead of JSON-LD (a proxy error page)', { code: 'bad_gateway', transient: true, status: 502 });
    }
    let body: unknown;
    await mainThread.pause();
    try {
      body = JSON.parse(text);
      noteSize(body, text.length);
    } catch {
      throw new UpstreamError('the EP API sent JSON that does not parse (truncated?)', { code: 'bad_body', transient: true, status: res.status });
    }
    // "Error in body": 200 with {"error": "..."} and no data means the upstream failed.
    if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body && !('data' in body)) {
      const message = String((body as { error: unknown }).error);
      const inner = /\b([45]\d\d)\b/.exec(message)?.[1];
      throw new UpstreamError(`the EP API reported an error: ${message}`, {
        code: 'error_in_body',
        transient: true,
        ...(inner ? { status: Number(inner) } : {}),
      });
    }
    return body;
  };
}
