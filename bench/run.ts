/**
 * `npm run bench`: every figure of issue 11 beside its baseline measured in
 * the same run, written to bench/results/latest.md and a dated copy.
 *
 *   npm run bench                      the full run (≈15–20 min on 2 cores): starts PostgreSQL and
 *                                      two Operaton nodes of its own unless TEST_DATABASE_URL / OPERATON_URLS name them
 *   npm run bench -- --quick           tiny sizes; PostgreSQL and Operaton only when TEST_DATABASE_URL / OPERATON_URLS are set
 *   npm run bench -- --rows 1,4        only these rows (1 cases, 2 inbox, 3 pages, 4 documents, 5 start-up and memory)
 *   npm run bench -- --out DIR         write latest.md and the dated copy to DIR (default bench/results)
 *   npm run bench -- --no-postgres --no-operaton   leave those out (their rows say skipped)
 *
 * The machine is described in the results: cores, memory, load average at start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Infrastructure, type Available, type OperatonNodes } from './lib/infra.js';
import { renderMarkdown, Table } from './lib/table.js';
import { casesRow } from './rows/cases.js';
import { documentsRow } from './rows/documents.js';
import { inboxRow } from './rows/inbox.js';
import { pagesRow } from './rows/pages.js';
import { startupRow } from './rows/startup.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rows: { type: 'string', default: '1,2,3,4,5' },
    out: { type: 'string', default: path.resolve(import.meta.dirname, 'results') },
    'no-postgres': { type: 'boolean', default: false },
    'no-operaton': { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const rows = new Set(values.rows.split(',').map((r) => Number(r.trim())));
const started = new Date();
const log = (line: string) => console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** The sizes of a full run and of --quick. */
export const SIZES = quick
  ? { cases: { cases: 2, concurrency: 2, waiting: 3 }, inbox: { tasks: [200], samples: 2, budgetMs: 0 }, pages: { tasks: 40, connections: 4, seconds: 1 }, documents: { iterations: 2, announcementNames: 10 }, startup: { persons: 100 } }
  : { cases: { cases: 24, concurrency: 8, waiting: 200 }, inbox: { tasks: [100_000, 1_000_000], samples: 120, budgetMs: 6_000 }, pages: { tasks: 100_000, connections: 50, seconds: 15 }, documents: { iterations: 40, announcementNames: 1000 }, startup: { persons: 100_000 } };

const command = (row: number) => `npm run bench -- ${quick ? '--quick ' : ''}--rows ${row}`;
const table = new Table(command);
const infra = new Infrastructure(log);

async function main(): Promise<void> {
  const wantsPostgres = !values['no-postgres'] && (rows.has(1) || rows.has(2) || rows.has(3));
  const postgres: Available<string> = values['no-postgres']
    ? { ok: false, reason: 'left out (--no-postgres)' }
    : wantsPostgres
      ? await infra.postgres(!quick)
      : { ok: false, reason: 'not needed' };
  // Operaton takes a minute or more to start on a loaded machine: it starts while rows 4, 5, 2 and 3 run.
  const operaton: Promise<Available<OperatonNodes>> =
    values['no-operaton'] || !rows.has(1)
      ? Promise.resolve({ ok: false, reason: values['no-operaton'] ? 'left out (--no-operaton)' : 'not needed' })
      : infra.operaton(!quick, 2, postgres.ok ? postgres.value : null);
  operaton.catch(() => undefined);

  const steps: Array<[number, () => Promise<void>]> = [
    [4, () => documentsRow(table, SIZES.documents, log)],
    [5, () => startupRow(table, { ...SIZES.startup, quick }, log)],
    [2, () => inboxRow(table, { ...SIZES.inbox, postgres, quick }, log)],
    [3, () => pagesRow(table, { ...SIZES.pages, postgres, quick }, log)],
    [1, async () => casesRow(table, { ...SIZES.cases, postgres, operaton: await operaton, quick }, log)],
  ];
  for (const [row, step] of steps) {
    if (!rows.has(row)) continue;
    log(`row ${row}`);
    try {
      await step();
    } catch (err) {
      log(`row ${row} failed: ${(err as Error).stack ?? err}`);
      table.skip(row, `row ${row}`, `failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}`,
    `load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min)${process.env.BENCH_MACHINE_NOTE ? `; ${process.env.BENCH_MACHINE_NOTE}` : ''}`,
  ];
}

const loadAtStart = machine();
try {
  await main();
} finally {
  await infra.stop();
}
const seconds = (Date.now() - started.getTime()) / 1000;
const markdown = renderMarkdown(table, {
  title: `注册通 benchmarks${quick ? ' (--quick)' : ''}`,
  machine: [...loadAtStart, `load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`],
  started,
  seconds,
  options: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
});
fs.mkdirSync(values.out, { recursive: true });
const stamp = started.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
fs.writeFileSync(path.join(values.out, 'latest.md'), markdown);
fs.writeFileSync(path.join(values.out, `${stamp}${quick ? '-quick' : ''}.md`), markdown);
fs.writeFileSync(path.join(values.out, 'latest.json'), JSON.stringify(table.figures, null, 2));
console.log(markdown);
log(`written to ${path.join(values.out, 'latest.md')} in ${seconds.toFixed(0)} s`);
process.exit(0);
