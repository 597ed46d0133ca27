/**
 * Row 5, start-up: the time from `npm start` to the first page (GET / answers
 * 200) on a SQLite database holding the demo data and N more seeded persons
 * (`npm run seed -- --persons N`, after the first start seeded the demo
 * data), against the same start on the demo data alone. Both are second
 * starts: the demo data is there, migrations are done.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Table } from '../lib/table.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface StartupOptions {
  persons: number;
  quick: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `npm start` on the data directory; resolves with the seconds to the first page, then stops the server. */
export async function timedStart(dataDir: string, log: (line: string) => void, extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'zhuce.sqlite')}`, ENGINE: 'embedded' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const keep = (c: Buffer) => {
    output.push(c.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  try {
    for (;;) {
      if (exited) throw new Error(`npm start ended before its first page: ${output.join('').slice(-500)}`);
      if (performance.now() - started > 300_000) throw new Error('no first page within 300 s');
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status === 200, () => false);
      if (ok) return (performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    // npm, tsx and the server are one process group of their own; the database is copied after, so the whole group must be gone.
    const groupAlive = () => {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (groupAlive()) process.kill(-child.pid!, 'SIGTERM');
    const deadline = performance.now() + 10_000;
    while (groupAlive() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    log(`npm start on ${path.basename(dataDir)}: stopped`);
  }
}

function seedPersons(dataDir: string, persons: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/seed/cli.ts', '--persons', String(persons), '--batch', '5000'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'zhuce.sqlite')}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run seed failed: ${err.slice(-400)}`))));
  });
}

export async function startupRow(table: Table, options: StartupOptions, log: (line: string) => void): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-bench-startup-'));
  const demoOnly = path.join(base, 'demo');
  const seeded = path.join(base, 'seeded');
  fs.mkdirSync(demoOnly);
  fs.mkdirSync(seeded);
  try {
    // The first start migrates and seeds the demo data; the other directory gets a copy of its database.
    await timedStart(demoOnly, log);
    for (const file of fs.readdirSync(demoOnly)) fs.copyFileSync(path.join(demoOnly, file), path.join(seeded, file));
    const t0 = performance.now();
    await seedPersons(seeded, options.persons);
    log(`seeded ${options.persons} persons in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const baseline = await timedStart(demoOnly, log);
    const measured = await timedStart(seeded, log);
    table.add(5, {
      figure: `start-up: npm start to the first page with ${options.persons.toLocaleString('en-US')} more seeded persons`,
      value: measured,
      unit: 's',
      baseline,
      baselineLabel: 'the same start on the demo data alone',
      better: 'lower',
      absoluteTarget: 10,
      note: 'SQLite, embedded engine; npm start builds the client bundles first (prestart)',
    });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
