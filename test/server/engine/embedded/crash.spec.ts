import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sequelize } from 'sequelize';
import { ManualClock } from '../../../../server/clock.js';
import { openDatabase } from '../../../../server/db/connection.js';
import { migrateUp } from '../../../../server/db/migrator.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import { complete, forward, USER_TASK_JOB_TYPE, type Job } from '../../../../server/engine/port.js';
import { freshDatabaseUrl } from '../../../support/database.js';
import { CRASH_CASE_STEPS, CRASH_CLOCK_START } from './crash-process.js';
import { count, settle } from './support.js';

const harness = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-harness.ts');

/**
 * Runs the harness until it has started `instances` cases, then kills it with
 * SIGKILL a few milliseconds later, somewhere in the middle of its next steps.
 */
function runAndKill(url: string, instances: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', harness, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started: string[] = [];
    let buffer = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const key = /^started (\d+)$/.exec(line)?.[1];
        if (key) started.push(key);
      }
      if (started.length >= instances && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 30));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(started);
      else reject(new Error(`harness ended by itself (code ${code}) after ${started.length} instances`));
    });
  });
}

describe('embedded engine: crash', function () {
  this.timeout(120_000);
  let sequelize: Sequelize | undefined;
  let engine: EmbeddedEngine | undefined;

  after(async () => {
    await engine?.stop();
    await sequelize?.close();
  });

  it('loses and duplicates nothing when the process running it is killed in the middle of its work', async () => {
    // given a database the harness has worked on until SIGKILL
    const url = await freshDatabaseUrl();
    sequelize = openDatabase(url);
    await migrateUp(sequelize);
    const started = await runAndKill(url, 12);

    // when a new engine opens it and drives every case to its end
    const clock = new ManualClock(CRASH_CLOCK_START);
    engine = new EmbeddedEngine({ sequelize, clock });
    const jobsPerElement = new Map<string, Set<string>>();
    const seen = (job: Job) => jobsPerElement.set(job.elementInstanceKey, (jobsPerElement.get(job.elementInstanceKey) ?? new Set()).add(job.key));
    const tasks: Job[] = [];
    engine.registerWorker({ type: 'x-step', handler: async (job) => (seen(job), complete()) });
    engine.registerWorker({ type: USER_TASK_JOB_TYPE, timeoutMs: 600_000, handler: async (job) => (seen(job), tasks.push(job), forward()) });
    await engine.start();
    const [rows] = await sequelize.query("SELECT key, data FROM engine_process_instances WHERE state = 'active'");
    const active = (rows as Array<{ key: string | number; data: string }>).map((r) => ({
      key: String(r.key),
      applicationId: (JSON.parse(r.data) as { variables: { applicationId: string } }).variables.applicationId,
    }));
    // Buffered: a case still at its first step opens the subscription later.
    for (const { applicationId } of active) {
      await engine.publishMessage({ name: 'x-documents', correlationKey: applicationId, timeToLiveMs: 30 * 86_400_000 });
    }
    const completed = new Set<string>();
    for (let hour = 0; hour < 48 && (await count(sequelize, 'engine_process_instances', "state <> 'completed'")) > 0; hour++) {
      // An hour at a time: timers fall due, jobs the killed engine had activated time out and come back.
      clock.advance(3_600_000);
      await settle(150);
      for (const task of tasks.splice(0)) {
        if (completed.has(task.key)) continue;
        completed.add(task.key);
        await engine.completeJob(task.key, { decision: 'approve' });
      }
    }
    await settle();

    // then every case the harness started, and any it started without telling, ended with each step taken once
    const [finished] = await sequelize.query('SELECT key, state, data FROM engine_process_instances');
    const all = finished as Array<{ key: string | number; state: string; data: string }>;
    assert.ok(active.length > 0, 'the harness left cases in flight');
    for (const key of started) assert.ok(all.some((r) => String(r.key) === key), `instance ${key} was kept`);
    for (const row of all) {
      assert.equal(row.state, 'completed');
      assert.equal((JSON.parse(row.data) as { variables: { steps: number } }).variables.steps, CRASH_CASE_STEPS, `steps of ${row.key}`);
    }
    for (const [elementInstanceKey, keys] of jobsPerElement) assert.equal(keys.size, 1, `one job for element instance ${elementInstanceKey}`);
    for (const table of ['engine_jobs', 'engine_timers', 'engine_message_subscriptions', 'engine_incidents']) {
      assert.equal(await count(sequelize, table), 0, `${table} is empty`);
    }
    const [keys] = await sequelize.query('SELECT key FROM engine_process_instances');
    assert.equal(new Set((keys as Array<{ key: unknown }>).map((k) => String(k.key))).size, all.length, 'no key handed out twice');
  });
});
