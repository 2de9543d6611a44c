import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Admission, Notice, SharedState, Spend } from './shared.ts';

/** What this file needs of a node-redis client. */
export interface RedisCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
}
export interface RedisSubscriber {
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
}

// A counter: the first hit sets the window's expiry, in the same atomic step.
const INCR = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// A token bucket kept as tokens and the time they were counted.
const TAKE = `
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
if now > at then tokens = math.min(cap, tokens + (now - at) / 1000 * rate); at = now end
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
if ok == 1 then return {1, 0} end
return {0, math.ceil((1 - tokens) / rate * 1000)}`;

// Sliding windows as sorted sets of event times: charged all together or not at all.
const SPEND = `
local now = tonumber(ARGV[1]); local win = tonumber(ARGV[2])
local used = {}
for i, k in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now - win)
  used[i] = redis.call('ZCARD', k)
end
for i, k in ipairs(KEYS) do
  if used[i] >= tonumber(ARGV[3 + i]) then
    local oldest = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
    return {0, i, math.ceil(tonumber(oldest[2]) + win - now), unpack(used)}
  end
end
for i, k in ipairs(KEYS) do
  redis.call('ZADD', k, now, ARGV[3])
  redis.call('PEXPIRE', k, win)
  used[i] = used[i] + 1
end
return {1, 0, 0, unpack(used)}`;

/** Shared state for many instances on one Redis: each operation is one Lua script, atomic there. */
export class RedisShared implements SharedState {
  readonly kind = 'redis' as const;
  /** Names this instance in notices and window entries. */
  readonly instance = randomUUID();
  private seq = 0;
  private readonly lastSeen = new Map<string, { used: number; at: number }>();
  private readonly handlers: Array<(n: Notice) => void> = [];

  constructor(
    private readonly client: RedisCommands,
    private readonly logger: Logger,
    private readonly prefix = 'europarl:',
  ) {}

  private k(key: string) {
    return `${this.prefix}${key}`;
  }

  private get channel() {
    return `${this.prefix}notices`;
  }

  async incr(key: string, windowMs: number): Promise<number> {
    return Number(await this.client.eval(INCR, { keys: [this.k(key)], arguments: [String(Math.max(1, Math.ceil(windowMs)))] }));
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.k(key));
  }

  async takeToken(key: string, capacity: number, refillPerSecond: number, now: number): Promise<Admission> {
    const [ok, wait] = (await this.client.eval(TAKE, { keys: [this.k(key)], arguments: [String(capacity), String(refillPerSecond), String(now)] })) as number[];
    return ok === 1 ? { admitted: true } : { admitted: false, retryAfterMs: Number(wait) };
  }

  async spend(keys: string[], limits: number[], windowMs: number, now: number): Promise<Spend> {
    const member = `${now}:${this.instance}:${this.seq++}`;
    const reply = (await this.client.eval(SPEND, { keys: keys.map((k) => this.k(k)), arguments: [String(now), String(windowMs), member, ...limits.map((l) => String(Number.isFinite(l) ? l : 1e15))] })) as number[];
    const [ok, full, wait, ...used] = reply.map(Number);
    keys.forEach((k, i) => this.lastSeen.set(k, { used: used[i] ?? 0, at: now }));
    return ok === 1 ? { ok: true, used } : { ok: false, used, full: full! - 1, retryAfterMs: wait! };
  }

  seen(key: string, windowMs: number, now: number): number {
    const s = this.lastSeen.get(key);
    return s && s.at > now - windowMs ? s.used : 0;
  }

  async publish(notice: Notice): Promise<void> {
    await this.client.publish(this.channel, JSON.stringify({ ...notice, from: this.instance }));
  }

  subscribe(handler: (notice: Notice) => void): void {
    this.handlers.push(handler);
  }

  /** Delivers notices from the other instances; a subscriber connection resubscribes by itself after a reconnect. */
  async listen(subscriber: RedisSubscriber): Promise<void> {
    await subscriber.subscribe(this.channel, (message) => {
      let notice: Notice;
      try {
        notice = JSON.parse(message) as Notice;
      } catch {
        this.logger.warn({ channel: this.channel }, 'ignored a notice that is not JSON');
        return;
      }
      if (notice.from === this.instance) return;
      for (const h of this.handlers) {
        try {
          h(notice);
        } catch (err) {
          this.logger.warn({ err, notice: notice.kind }, 'a notice handler failed');
        }
      }
    });
  }

  async close(): Promise<void> {}
}
