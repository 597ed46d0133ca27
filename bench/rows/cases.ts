/**
 * Row 1, whole cases, on embedded + SQLite, embedded + PostgreSQL, Operaton +
 * PostgreSQL with one node and with two (each in a child process of its own:
 * cases-child.ts), and row 5's peak RSS per engine and the embedded engine's
 * memory per waiting instance from the same children.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Available, type OperatonNodes } from '../lib/infra.js';
import { extraServerNodeArgs, runChild, SERVER_NODE_ARGS } from '../lib/child.js';
import type { Table } from '../lib/table.js';

export interface CasesOptions {
  cases: number;
  concurrency: number;
  waiting: number;
  postgres: Available<string>;
  operaton: Available<OperatonNodes>;
  quick: boolean;
}

interface Measured {
  casesPerSecond: number;
  p50: number;
  p95: number;
}
interface ChildResult {
  real: Measured & { peakRssMb: number; shape: { service: number; user: number }; perWaitingKb: number | null; cases: number };
  baseline: Measured & { steps: number };
}

export async function casesRow(table: Table, options: CasesOptions, log: (line: string) => void): Promise<void> {
  const { postgres, operaton } = options;
  const configurations: Array<{ name: string; engine: 'embedded' | 'operaton'; database: () => Promise<string>; operaton?: OperatonNodes; unavailable?: string }> = [
    {
      name: 'embedded + SQLite',
      engine: 'embedded',
      database: async () => `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-bench-')), 'cases.sqlite')}`,
    },
    { name: 'embedded + PostgreSQL', engine: 'embedded', database: () => createDatabase(postgres.ok ? postgres.value : '', 'bench_cases'), unavailable: postgres.ok ? undefined : postgres.reason },
  ];
  for (const nodes of [1, 2]) {
    const unavailable = !postgres.ok ? postgres.reason : !operaton.ok ? operaton.reason : operaton.value.urls.length < nodes ? `only ${operaton.value.urls.length} Operaton node named` : undefined;
    configurations.push({
      name: `Operaton (${nodes} node${nodes > 1 ? 's' : ''}) + PostgreSQL`,
      engine: 'operaton',
      database: () => createDatabase(postgres.ok ? postgres.value : '', 'bench_cases'),
      operaton: operaton.ok ? { ...operaton.value, urls: operaton.value.urls.slice(0, nodes) } : undefined,
      unavailable,
    });
  }
  for (const configuration of configurations) {
    const figure = `cases/s on ${configuration.name}`;
    if (configuration.unavailable) {
      table.skip(1, figure, configuration.unavailable, '≥ 0.7×');
      table.skip(5, `peak RSS of the server during row 1 on ${configuration.name}`, configuration.unavailable);
      continue;
    }
    log(`row 1: ${configuration.name}`);
    let result: ChildResult;
    try {
      const databaseUrl = await configuration.database();
      result = await runChild<ChildResult>(
        'bench/rows/cases-child.ts',
        { BENCH_CASES_JSON: JSON.stringify({ databaseUrl, engine: configuration.engine, operaton: configuration.operaton, cases: options.cases + 1, concurrency: options.concurrency, waiting: configuration.name === 'embedded + SQLite' ? options.waiting : 0 }) },
        // --expose-gc for row 5's heap per instance.
        { timeoutMs: options.quick ? 120_000 : 420_000, nodeArgs: ['--expose-gc', ...SERVER_NODE_ARGS, ...extraServerNodeArgs()], log },
      );
    } catch (err) {
      // The table keeps the first line; the log keeps all the child said (the error's details and its last log lines).
      log(`row 1: ${configuration.name} failed: ${(err as Error).message}`);
      const reason = `failed: ${(err as Error).message.split('\n')[0]}`;
      table.skip(1, figure, reason, '≥ 0.7×');
      table.skip(5, `peak RSS of the server during row 1 on ${configuration.name}`, reason);
      continue;
    }
    const { real, baseline } = result;
    const shape = `no-op process of ${real.shape.service} service and ${real.shape.user} user tasks`;
    table.add(1, {
      figure,
      value: real.casesPerSecond,
      unit: 'cases/s',
      baseline: baseline.casesPerSecond,
      baselineLabel: shape,
      better: 'higher',
      ratioTarget: 0.7,
      note: `${real.cases} cases, ${options.concurrency} at a time`,
    });
    table.add(1, { figure: `p50 case duration on ${configuration.name}`, value: real.p50, unit: 'ms', baseline: baseline.p50, baselineLabel: 'no-op process', better: 'lower' });
    table.add(1, { figure: `p95 case duration on ${configuration.name}`, value: real.p95, unit: 'ms', baseline: baseline.p95, baselineLabel: 'no-op process', better: 'lower' });
    table.add(5, { figure: `peak RSS of the server during row 1 on ${configuration.name}`, value: real.peakRssMb, unit: 'MB', better: 'lower', note: 'the app server, workers and inbox in one process' });
    if (real.perWaitingKb !== null) {
      table.add(5, {
        figure: 'embedded engine: heap per waiting instance of 一级注册建筑师 初始注册',
        value: real.perWaitingKb,
        unit: 'KB',
        better: 'lower',
        note: `${options.waiting} instances waiting at 上报, heap after a full GC`,
      });
    }
  }
}
