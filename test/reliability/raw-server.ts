import { spawn, type ChildProcess } from 'node:child_process';
import { ENTRY, FAST } from '../e2e/harness.ts';
import type { FakeUpstream } from '../fake-upstream/server.ts';

/**
 * The built server over raw pipes: the test writes bytes to its stdin and
 * reads every line of its stdout, so it can send what no SDK client would.
 */
export class RawServer {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];
  private partial = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      const parts = (this.partial + d).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts);
      for (const w of this.waiters.splice(0)) w();
    });
    child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
  }

  static start(fake: FakeUpstream, args: string[] = ['--store', 'memory'], env: Record<string, string> = {}) {
    return new RawServer(
      spawn(process.execPath, [ENTRY, ...args], {
        env: { ...process.env, EP_API_URL: fake.baseUrl, EP_DOCEO_URL: fake.doceoUrl, EUROPARL_MCP_CONFIG: JSON.stringify(FAST), ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.child.stdin!.write(data, (err) => (err ? reject(err) : resolve())));
  }

  send(message: object): Promise<void> {
    return this.write(`${JSON.stringify(message)}\n`);
  }

  /** Every stdout line parsed; a line that is not JSON fails the test that reads it. */
  messages(): Array<Record<string, unknown>> {
    return this.lines.filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async response(id: number | string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages().find((m) => m.id === id && ('result' in m || 'error' in m));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no response to ${id}; stderr:\n${this.stderr.slice(-2000)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  async initialize(): Promise<void> {
    await this.send({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await this.response('init');
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  kill(signal: NodeJS.Signals = 'SIGTERM') {
    this.child.kill(signal);
    return this.exited;
  }
}
