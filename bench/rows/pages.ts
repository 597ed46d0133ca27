/**
 * Row 3, pages under concurrent sessions: the server (pages-server.ts, the
 * application as `npm start` builds it, embedded engine on PostgreSQL with
 * the demo data) in a process of its own, N open tasks seeded in the 浙江
 * reviewer's groups (inbox-seed.ts), and autocannon in another process
 * (pages-load.ts) requesting one page at a time over N connections, each
 * request in one of N logged-in sessions in turn. Baseline: a bare Express
 * route of the same server under the same load. The note of each rate says
 * what one request cost the server, PostgreSQL and the whole machine in CPU
 * (cpu.ts): on two cores those add up to the bound on the rate.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../server/db/connection.js';
import { DEMO_PASSWORD } from '../../server/seed/demo-accounts.js';
import { extraServerNodeArgs, runChild, SERVER_NODE_ARGS } from '../lib/child.js';
import { cpuPerRequest, readCpu } from '../lib/cpu.js';
import { createDatabase, type Available } from '../lib/infra.js';
import { seedInboxTasks } from '../lib/inbox-seed.js';
import type { Table } from '../lib/table.js';
import { freePort } from './startup.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface PagesOptions {
  tasks: number;
  connections: number;
  seconds: number;
  postgres: Available<string>;
  quick: boolean;
}

interface Load {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Page {
  label: string;
  path: string;
  who: 'reviewer' | 'applicant';
  /** The absolute p95 the issue asks of this page, in ms. */
  p95Target?: number;
}

async function startServer(databaseUrl: string, dataDir: string, log: (line: string) => void): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...extraServerNodeArgs(), '--import', 'tsx', path.join(ROOT, 'bench/rows/pages-server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ENGINE: 'embedded',
      SEED_DEMO: 'true',
      // Fifty logins of one account from one address are the test, not an attack.
      LOGIN_MAX_FAILURES: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (c: Buffer) => {
    tail.push(c.toString());
    if (tail.length > 30) tail.shift();
  };
  child.stderr.on('data', keep);
  const gone = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 300 s: ${tail.join('').slice(-400)}`)), 300_000);
    child.stdout.on('data', (c: Buffer) => {
      keep(c);
      if (!/^listening /m.test(c.toString())) return;
      clearTimeout(timer);
      resolve();
    });
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the server ended (${code}): ${tail.join('').slice(-400)}`))));
  });
  log(`row 3: server on port ${port}`);
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function logIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ username, password: DEMO_PASSWORD }), redirect: 'manual' });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (res.status !== 303 || !cookie) throw new Error(`login of ${username} answered ${res.status}`);
  return cookie;
}

export async function pagesRow(table: Table, options: PagesOptions, log: (line: string) => void): Promise<void> {
  const at = `${options.connections} sessions, ${options.tasks.toLocaleString('en-US')} open tasks`;
  const pages: Page[] = [
    { label: '收件箱 我的待办 (/reviewer)', path: '/reviewer', who: 'reviewer', p95Target: 300 },
    { label: '收件箱 组内待办 (/reviewer/group)', path: '/reviewer/group', who: 'reviewer', p95Target: 300 },
    { label: 'case page (/applications/:id)', path: '', who: 'reviewer' },
    { label: 'applicant home (/applicant)', path: '/applicant', who: 'applicant' },
  ];
  if (!options.postgres.ok) {
    for (const page of pages) table.skip(3, `requests/s of ${page.label}`, options.postgres.reason, '≥ 0.5×');
    return;
  }
  const databaseUrl = await createDatabase(options.postgres.value, 'bench_pages');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-bench-pages-'));
  const server = await startServer(databaseUrl, dataDir, log);
  const sequelize = openDatabase(databaseUrl);
  try {
    await seedInboxTasks(sequelize, { from: 1, to: options.tasks }, { openTenths: 10, province: '33' }, log);
    // 我的待办 of the reviewer the sessions log in as: every twentieth of the claimed tasks.
    const [reviewer] = await sequelize.query<{ id: number; displayName: string }>(`SELECT id, "displayName" FROM accounts WHERE username = 'shengji'`, { type: QueryTypes.SELECT });
    await sequelize.query(`UPDATE inbox_tasks SET "claimedBy" = :id, "claimedByName" = :name WHERE "claimedBy" IS NOT NULL AND id % 20 = 0`, { replacements: { id: reviewer.id, name: reviewer.displayName } });
    const [open] = await sequelize.query<{ applicationId: number }>(`SELECT "applicationId" FROM inbox_tasks WHERE status = 'open' ORDER BY id DESC LIMIT 1`, { type: QueryTypes.SELECT });
    pages[2].path = `/applications/${open.applicationId}`;

    const sessions = {
      reviewer: await Promise.all(Array.from({ length: options.connections }, () => logIn(server.base, 'shengji'))),
      applicant: await Promise.all(Array.from({ length: options.connections }, () => logIn(server.base, 'zhangwei'))),
    };
    const measure = async (pathName: string, cookies: string[]) => {
      // Warm: templates compiled, the pool's connections open, the planner's statistics read.
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.base}${pathName}`, { headers: { cookie: cookies[i % cookies.length] }, redirect: 'manual' });
        if (res.status !== 200) throw new Error(`${pathName} answered ${res.status}`);
        await res.arrayBuffer();
      }
      const before = readCpu(server.pid);
      const load = await runChild<Load>(
        'bench/rows/pages-load.ts',
        { BENCH_LOAD_JSON: JSON.stringify({ url: `${server.base}${pathName}`, cookies, connections: options.connections, seconds: options.seconds }) },
        { timeoutMs: (options.seconds + 60) * 1000, log },
      );
      const cpu = cpuPerRequest(before, readCpu(server.pid), load.requests);
      log(`row 3: ${pathName}: ${load.requestsPerSecond.toFixed(1)} requests/s, p50 ${load.p50.toFixed(1)} ms, p95 ${load.p95.toFixed(1)} ms, ${load.non2xx} not 200, ${load.errors} errors${cpu ? `; ${cpu}` : ''}`);
      if (load.non2xx || load.errors || load.timeouts) throw new Error(`${pathName}: ${load.non2xx} answers not 200, ${load.errors} errors, ${load.timeouts} timeouts`);
      return { ...load, cpu };
    };
    const bare = await measure('/bench/bare', sessions.reviewer);
    for (const page of pages) {
      let load: Load & { cpu: string | null };
      try {
        load = await measure(page.path, sessions[page.who]);
      } catch (err) {
        table.skip(3, `requests/s of ${page.label}`, `failed: ${(err as Error).message.split('\n')[0]}`, '≥ 0.5×');
        continue;
      }
      table.add(3, {
        figure: `requests/s of ${page.label}`,
        value: load.requestsPerSecond,
        unit: 'requests/s',
        baseline: bare.requestsPerSecond,
        baselineLabel: 'bare Express route, same server',
        better: 'higher',
        ratioTarget: 0.5,
        note: [`${at}, ${options.seconds} s`, load.cpu, bare.cpu && `bare route ${bare.cpu.replace('CPU per request: ', '')}`].filter(Boolean).join('; '),
      });
      table.add(3, {
        figure: `p95 of ${page.label}`,
        value: load.p95,
        unit: 'ms',
        baseline: bare.p95,
        baselineLabel: 'bare Express route',
        better: 'lower',
        absoluteTarget: page.p95Target,
        note: `p50 ${load.p50.toFixed(1)} ms (bare ${bare.p50.toFixed(1)} ms)`,
      });
    }
  } finally {
    await sequelize.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
