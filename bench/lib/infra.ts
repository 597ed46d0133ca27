/**
 * What the benchmark starts: a PostgreSQL 15 of its own (scripts/postgres-server.sh
 * with its own state directory) and Operaton nodes of its own
 * (scripts/operaton.sh with its own state directory and ports), or the ones
 * TEST_DATABASE_URL and OPERATON_URLS name. Each start that fails becomes the
 * reason its rows are skipped.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const PG_STATE_DIR = process.env.BENCH_PG_STATE_DIR || '/tmp/zhuce-bench-postgres';
/**
 * A server tuned as a registration authority's would be: its million-task
 * inbox (≈1.1 GB with indexes) held in memory, and no parallel workers for
 * short queries on two cores (a capped count of 我的待办 took 167 ms with a
 * worker launched and 42 ms without, at 1,000,000 tasks).
 */
export const PG_SERVER_OPTIONS = '-c shared_buffers=2GB -c effective_cache_size=8GB -c max_parallel_workers_per_gather=0';
export const OPERATON_STATE_DIR = process.env.BENCH_OPERATON_STATE_DIR || '/tmp/zhuce-bench-operaton';
export const OPERATON_PORT = Number(process.env.BENCH_OPERATON_PORT || 18580);

export type Available<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface OperatonNodes {
  urls: string[];
  user: string;
  password: string;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(path.join(ROOT, script), args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${script} ${args.join(' ')}: ${err.message}\n${stderr.split('\n').slice(-8).join('\n')}`));
      else resolve({ stdout, stderr });
    });
  });
}

export class Infrastructure {
  private startedPostgres = false;
  private startedOperaton = false;

  constructor(private readonly log: (line: string) => void) {}

  /** TEST_DATABASE_URL, or a PostgreSQL of the benchmark's own when `start` allows it. */
  async postgres(start: boolean): Promise<Available<string>> {
    if (process.env.TEST_DATABASE_URL) return { ok: true, value: process.env.TEST_DATABASE_URL };
    if (!start) return { ok: false, reason: 'no PostgreSQL in --quick mode (set TEST_DATABASE_URL to include it)' };
    try {
      this.log(`starting PostgreSQL 15 (state ${PG_STATE_DIR})`);
      const { stdout } = await run('scripts/postgres-server.sh', ['start'], { PG_STATE_DIR, PG_SERVER_OPTIONS: PG_SERVER_OPTIONS }, 180_000);
      this.startedPostgres = true;
      const url = stdout.trim().split('\n').at(-1)!;
      this.log(`PostgreSQL at ${url}`);
      return { ok: true, value: url };
    } catch (err) {
      return { ok: false, reason: `PostgreSQL did not start: ${(err as Error).message.split('\n')[0]}` };
    }
  }

  /** OPERATON_URLS, or `nodes` Operaton nodes of the benchmark's own on `databaseUrl`. */
  async operaton(start: boolean, nodes: number, databaseUrl: string | null): Promise<Available<OperatonNodes>> {
    const urls = (process.env.OPERATON_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    if (urls.length) {
      if (!process.env.OPERATON_USER || !process.env.OPERATON_PASSWORD) return { ok: false, reason: 'OPERATON_USER and OPERATON_PASSWORD are not set' };
      return { ok: true, value: { urls, user: process.env.OPERATON_USER, password: process.env.OPERATON_PASSWORD } };
    }
    if (!start) return { ok: false, reason: 'no Operaton nodes in --quick mode (set OPERATON_URLS, OPERATON_USER, OPERATON_PASSWORD to include them)' };
    if (!databaseUrl) return { ok: false, reason: 'Operaton needs PostgreSQL, which did not start' };
    const jar = path.join(ROOT, 'engine/operaton/target/zhuce-operaton.jar');
    try {
      // Built only when missing: a jar that is there may be what running nodes of someone else's were started from.
      if (!fs.existsSync(jar)) {
        this.log(`building ${path.relative(ROOT, jar)} (scripts/operaton.sh build)`);
        await run('scripts/operaton.sh', ['build'], {}, 900_000);
      }
    } catch (err) {
      return { ok: false, reason: `the Operaton jar is missing and did not build: ${(err as Error).message.split('\n')[0]}` };
    }
    try {
      this.log(`starting ${nodes} Operaton node(s) on ports ${OPERATON_PORT}… (state ${OPERATON_STATE_DIR})`);
      const { stdout } = await run('scripts/operaton.sh', ['start', '--nodes', String(nodes), '--db', databaseUrl, '--port', String(OPERATON_PORT)], { OPERATON_STATE_DIR, PG_STATE_DIR }, 600_000);
      this.startedOperaton = true;
      const vars = Object.fromEntries([...stdout.matchAll(/export (\w+)=(?:'([^']*)'|"([^"]*)"|(\S*))/g)].map((m) => [m[1], m[2] ?? m[3] ?? m[4]]));
      const started = (vars.OPERATON_URLS ?? '').split(',').filter(Boolean);
      if (!started.length) return { ok: false, reason: 'scripts/operaton.sh printed no OPERATON_URLS' };
      this.log(`Operaton nodes at ${started.join(', ')}`);
      return { ok: true, value: { urls: started, user: vars.OPERATON_USER, password: vars.OPERATON_PASSWORD } };
    } catch (err) {
      return { ok: false, reason: `Operaton did not start: ${(err as Error).message.split('\n')[0]}` };
    }
  }

  async stop(): Promise<void> {
    if (this.startedOperaton) await run('scripts/operaton.sh', ['stop'], { OPERATON_STATE_DIR }, 120_000).catch((err) => this.log(String(err)));
    if (this.startedPostgres) await run('scripts/postgres-server.sh', ['stop'], { PG_STATE_DIR }, 120_000).catch((err) => this.log(String(err)));
  }
}

/** A new empty database on the PostgreSQL server of `serverUrl`; returns its URL. */
export async function createDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
