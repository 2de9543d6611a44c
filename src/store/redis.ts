import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import { storeCodec } from './codec.ts';
import type { Logger } from 'pino';
import type { KeyValueStore } from '../environment.ts';
import type { StoreHealth } from './health.ts';
import { RedisShared } from './redis-shared.ts';

export interface RedisOptions {
  timeoutMs: number;
  retryMs: number;
}

/** `redis://host:port` with any password shown as `***`. */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis (unparsable address)';
  }
}

/**
 * One Redis for everything shared: keyv (L2, session snapshots, lock marks) and
 * the Lua-scripted counters, through one client; notices through a second
 * (a subscribed connection can do nothing else). Commands fail at once while
 * the connection is down instead of queueing, and the client reconnects by
 * itself, backing off up to retryMs.
 */
export class RedisBackend {
  readonly keyv: Keyv;
  readonly shared: RedisShared;
  private readonly client;
  private readonly subscriber;
  private health: StoreHealth | undefined;

  constructor(private readonly uri: string, private readonly logger: Logger, private readonly options: RedisOptions) {
    const socket = {
      connectTimeout: options.timeoutMs,
      reconnectStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, options.retryMs),
    };
    this.client = createClient({ url: uri, disableOfflineQueue: true, socket });
    this.subscriber = this.client.duplicate();
    for (const [name, c] of [['commands', this.client], ['notices', this.subscriber]] as const) {
      // node-redis emits every socket error; an unheard one would end the process.
      c.on('error', (err: unknown) => {
        this.health?.fail(err);
        this.logger.debug({ err: String(err), connection: name }, 'redis connection error');
      });
    }
    this.client.on('ready', () => this.health?.ok());
    const adapter = new KeyvRedis(this.client as never, { namespace: 'europarl', throwOnConnectError: true, throwOnErrors: true });
    this.keyv = new Keyv({ store: adapter, useKeyPrefix: false, throwOnErrors: true, ...storeCodec });
    this.keyv.on('error', (err: unknown) => this.logger.debug({ err: String(err) }, 'redis store error'));
    this.shared = new RedisShared(this.client as never, logger);
  }

  get description() {
    return `redis ${redactUri(this.uri)}`;
  }

  get store(): KeyValueStore {
    return this.keyv;
  }

  watch(health: StoreHealth) {
    this.health = health;
  }

  /**
   * Connects both connections, waiting at most timeoutMs: a Redis that is
   * down at start leaves the server running without it, reconnecting.
   */
  async connect(): Promise<void> {
    const both = Promise.all([this.client.connect(), this.subscriber.connect().then(() => this.shared.listen(this.subscriber as never))]);
    both.catch((err) => this.health?.fail(err));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      both,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis did not answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async probe(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    for (const c of [this.subscriber, this.client]) {
      try {
        if (c.isReady) await c.close();
        else if (c.isOpen) c.destroy();
      } catch {
        if (c.isOpen) c.destroy();
      }
    }
  }
}
