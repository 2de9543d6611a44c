import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Another process holding a SQLite file's write lock (BEGIN EXCLUSIVE) until
 * released: what a stuck second writer or a backup tool does to the store.
 */
export async function lockSqlite(file: string): Promise<{ release(): Promise<void> }> {
  const sqlite3 = createRequire(import.meta.url).resolve('sqlite3');
  const code = `
    const sqlite3 = require(${JSON.stringify(sqlite3)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec('BEGIN EXCLUSIVE', (err) => {
      if (err) { console.log('error ' + err.message); process.exit(1); }
      console.log('locked');
    });
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('locked')) resolve();
      if (out.includes('error')) reject(new Error(out));
    });
    child.once('exit', (c) => reject(new Error(`locker exited with ${c}: ${out}`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
