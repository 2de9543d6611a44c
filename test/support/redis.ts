import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/**
 * A real redis-server on a free loopback port, started and stopped by the
 * tests themselves. Without redis-server on the PATH the tests that need it
 * skip, saying so loudly.
 */
export const redisServerPath = (() => {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();

export const redisMissing = redisServerPath === undefined;

if (redisMissing && process.env.EUROPARL_REQUIRE_REDIS) {
  throw new Error('EUROPARL_REQUIRE_REDIS is set but redis-server is not on the PATH (apt-get install -y redis-server)');
}
if (redisMissing) {
  process.stderr.write(
    '\n*** redis-server is not installed: the many-instance and Redis store tests are SKIPPED.\n' +
      '*** To run them: apt-get install -y redis-server (CI does this in .ci/run), then npm test.\n\n',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => (sock.destroy(), resolve(d.toString().startsWith('+PONG'))));
    sock.once('error', () => resolve(false));
    setTimeout(() => (sock.destroy(), resolve(false)), 500).unref();
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startRedis(): Promise<RedisServer> {
  if (!redisServerPath) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
  const port = await freePort();
  // A shell stays beside the server and kills it when its stdin closes, so a
  // test run that dies leaves no server behind.
  let wrapper: ChildProcess | undefined;
  let pid = 0;
  let log = '';
  const up = async () => {
    log = '';
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', "''", '--appendonly', 'no'].join(' ');
    wrapper = spawn('sh', ['-c', `${redisServerPath} ${args} & echo "pid $!"; read _; kill -9 $! 2>/dev/null`], { stdio: ['pipe', 'pipe', 'pipe'] });
    wrapper.stdout!.on('data', (d) => {
      log += d;
      const m = /^pid (\d+)/m.exec(log);
      if (m) pid = Number(m[1]);
    });
    wrapper.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (Date.now() > deadline || wrapper.exitCode !== null) throw new Error(`redis-server did not start on ${port}: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const gone = async () => {
    // A killed server stays a zombie until its shell reaps it, but its port is closed at once.
    for (let i = 0; i < 200 && (await answers(port)); i++) await new Promise((r) => setTimeout(r, 25));
  };
  const down = async (signal: NodeJS.Signals) => {
    const w = wrapper;
    wrapper = undefined;
    if (!w) return;
    if (pid && isAlive(pid)) process.kill(pid, signal);
    await gone();
    w.stdin!.end();
    pid = 0;
  };
  await up();
  return { port, url: `redis://127.0.0.1:${port}`, kill: () => down('SIGKILL'), restart: up, stop: () => down('SIGTERM') };
}
