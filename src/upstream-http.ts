import type { UpstreamFetch } from './environment.ts';
import { UpstreamError } from './errors.ts';

export const DEFAULT_EP_API_URL = 'https://data.europarl.europa.eu/api/v2/';

/** Seconds or an HTTP date, as Retry-After may carry either. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The EP Open Data API over HTTP, with failures classified for retries and the breaker. */
export function httpUpstream(baseUrl: string = process.env.EP_API_URL ?? DEFAULT_EP_API_URL): UpstreamFetch {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (req, signal) => {
    const url = new URL(req.path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, { signal, headers: { accept: req.accept ?? 'application/ld+json' } });
    } catch (e) {
      if (signal.aborted) throw e;
      throw new UpstreamError(`network error calling the EP API: ${(e as Error).message}`, { code: 'network', transient: true });
    }
    if (res.status === 204) return null;
    if (!res.ok) {
      const transient = res.status === 429 || res.status >= 500;
      const wait = retryAfterMs(res.headers.get('retry-after'));
      throw new UpstreamError(`the EP API answered ${res.status} for ${url.pathname}`, {
        code: `http_${res.status}`,
        transient,
        status: res.status,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      });
    }
    const text = await res.text();
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      if ((req.accept ?? '').includes('xml')) return text;
      throw new UpstreamError('the EP API sent a body that is not valid JSON', { code: 'bad_body', transient: true, status: res.status });
    }
  };
}
