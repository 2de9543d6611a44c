import { waitFor, type ActorRefFrom } from 'xstate';
import type { connectionMachine } from '../machines/connection.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Population } from './population.ts';

export type ConnectionRef = ActorRefFrom<typeof connectionMachine>;

/** Connection actors: one for stdio, one per MCP session over HTTP. */
export class Connections {
  constructor(
    private readonly connections: Population<ConnectionRef>,
    private readonly clock: Clock,
    private readonly config: Config['connection'],
  ) {}

  get(id: string): ConnectionRef | undefined {
    return this.connections.get(`connection:${id}`);
  }

  /** A connection whose configuration is loaded and that waits for its client. */
  open(id: string, transport: 'stdio' | 'http'): ConnectionRef {
    const ref = this.connections.ensure(`connection:${id}`, () => ({ connectionId: id, transport, ...this.config, now: this.clock.now() }));
    if (ref.getSnapshot().matches('initializing')) ref.send({ type: 'CONFIG_LOADED', at: this.clock.now() });
    return ref;
  }

  /** Client arrived and proved who it is (over stdio: the local user). */
  establish(id: string, principal: string, roles: string[]): void {
    const ref = this.get(id);
    if (!ref) return;
    const at = this.clock.now();
    ref.send({ type: 'CLIENT_CONNECTED', at });
    ref.send({ type: 'AUTH_OK', principal, roles, at });
    ref.send({ type: 'SESSION_ESTABLISHED', at });
  }

  send(id: string, type: 'REQUEST_STARTED' | 'RESPONSE_SENT' | 'CLIENT_DISCONNECTED' | 'SHUTDOWN'): void {
    this.get(id)?.send({ type, at: this.clock.now() });
  }

  /** The caller's rate limit was hit: the connection cools down for the time the bucket needs. */
  throttled(id: string, retryAfterMs: number): void {
    this.get(id)?.send({ type: 'QUOTA_EXCEEDED', retryAfterMs, at: this.clock.now() });
  }

  /** Graceful shutdown: resolves once every in-flight request of the connection is answered. */
  shutdown(id: string): Promise<void> {
    const ref = this.get(id);
    if (!ref) return Promise.resolve();
    ref.send({ type: 'SHUTDOWN', at: this.clock.now() });
    return waitFor(ref, (s) => s.status !== 'active').then(
      () => undefined,
      () => undefined,
    );
  }

  status() {
    const out: Record<string, unknown> = {};
    for (const id of this.connections.ids()) {
      const s = this.connections.get(id)?.getSnapshot();
      if (s) out[s.context.connectionId] = { state: s.value, transport: s.context.transport, inFlight: s.context.inFlight, requests: s.context.requests };
    }
    return out;
  }
}
