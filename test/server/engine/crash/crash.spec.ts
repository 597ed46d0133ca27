/**
 * Crash test of the Zeebe adapter with the real application around it: a
 * child process (crash-app.ts: startRuntime with the inbox and a service-task
 * worker) is killed with SIGKILL while a case waits at a user task, a timer
 * and a message subscription at once; a second child on the same database
 * finishes the case. Runs when ZEEBE_GRPC_ADDRESS names a broker
 * (scripts/zeebe-broker.sh start); the database is a fresh SQLite file, or a
 * fresh PostgreSQL database when TEST_DATABASE_URL is set.
 *
 * The fixture (fixtures/crash-case.bpmn):
 *   Task_intake → fork → Task_review (user task, form, candidate group ministry:engineer)
 *                      → Timer_cooling (=duration(cooling)) → Task_timed
 *                      → Catch_documents (message, correlation key =caseRef)
 *               → join → Task_final → end
 * Every service task writes one audit row keyed by its element instance.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Zeebe } from '@camunda8/sdk';
import { Op, type Sequelize } from 'sequelize';
import { openDatabase } from '../../../../server/db/connection.js';
import { defineModels, type Models } from '../../../../server/db/models/index.js';
import { migrateUp } from '../../../../server/db/migrator.js';
import { freshDatabaseUrl } from '../../../support/database.js';
import { crashIds, REVIEW_SUBMISSION, REVIEWER, writeCrashModels } from './crash-case.js';

const app = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-app.ts');
const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
const WAIT_MS = 30_000;
const GRPC_NOT_FOUND = 5;

/** One application process, driven line by line (see crash-app.ts for the protocol). */
class AppProcess {
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, Readable>) {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const complete = buffer.split('\n');
      buffer = complete.pop() ?? '';
      this.lines.push(...complete);
      for (const wake of [...this.waiters]) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const wake of [...this.waiters]) wake();
    });
  }

  static async start(url: string, rootDir: string, suffix: string, flags: string[] = []): Promise<AppProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', app, url, rootDir, suffix, ...flags], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ZEEBE_GRPC_ADDRESS: grpcAddress },
    });
    const started = new AppProcess(child);
    await started.next(/^ready$/, 'the application to start');
    return started;
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** The first line (printed so far or later) that matches; fails on an `error` line or the process ending. */
  next(pattern: RegExp, what: string): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      let exited = false;
      void this.exited.then(() => (exited = true));
      const check = () => {
        for (const line of this.lines) {
          const match = pattern.exec(line);
          if (match) return done(() => resolve(match));
        }
        const error = this.lines.find((l) => l.startsWith('error '));
        if (error) return done(() => reject(new Error(`${error} (waiting for ${what})`)));
        if (exited) return done(() => reject(new Error(`the application ended while waiting for ${what}:\n${this.stderr.join('')}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}:\n${this.stderr.join('')}`))), WAIT_MS);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  printed(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  async command(command: string, answer: RegExp): Promise<RegExpExecArray> {
    this.send(command);
    return this.next(answer, `the answer to "${command}"`);
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    assert.equal((await this.exited).signal, 'SIGKILL');
  }

  async stop(): Promise<void> {
    this.send('stop');
    assert.equal((await this.exited).code, 0, `the application stopped cleanly:\n${this.stderr.join('')}`);
  }

  /** For after(): a child a failed test left behind. */
  killIfRunning(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('zeebe engine: crash of the application', function () {
  this.timeout(180_000);
  const children: AppProcess[] = [];
  const databases: Sequelize[] = [];
  const modelDirs: string[] = [];
  let zeebe: InstanceType<typeof Zeebe.ZeebeGrpcClient> | undefined;

  before(function () {
    if (!grpcAddress) {
      console.log('      skipped: ZEEBE_GRPC_ADDRESS is not set (scripts/zeebe-broker.sh start, then ZEEBE_GRPC_ADDRESS=grpc://127.0.0.1:26500)');
      this.skip();
    }
    zeebe = new Zeebe.ZeebeGrpcClient({
      config: { ZEEBE_GRPC_ADDRESS: grpcAddress, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_LOG_LEVEL: 'error', zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' } },
    });
  });

  after(async () => {
    for (const child of children) child.killIfRunning();
    await zeebe?.close();
    for (const sequelize of databases) await sequelize.close();
    for (const dir of modelDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A migrated database, a suffixed copy of the fixture and a case reference of this test's own. */
  async function scene() {
    const url = await freshDatabaseUrl();
    const sequelize = openDatabase(url);
    databases.push(sequelize);
    await migrateUp(sequelize);
    const suffix = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
    const rootDir = writeCrashModels(suffix);
    modelDirs.push(rootDir);
    return {
      url,
      sequelize,
      models: defineModels(sequelize),
      suffix,
      ids: crashIds(suffix),
      caseRef: `ZC-${suffix}`,
      launch: async (flags: string[] = []) => {
        const child = await AppProcess.start(url, rootDir, suffix, flags);
        children.push(child);
        return child;
      },
    };
  }

  /** The steps the service tasks of an instance recorded: element id → the audit rows it left. */
  async function stepsOf(models: Models, processInstanceKey: string) {
    const rows = await models.AuditEntry.findAll({ where: { entityType: 'process-instance', entityId: processInstanceKey }, order: [['id', 'ASC']] });
    return rows.map((r) => ({ elementId: r.action.replace(/^zc-step:/, ''), detail: r.detail as { pid: number; decision: string | null } }));
  }

  /** Zeebe no longer knows the instance: setting a variable on its scope is refused as NOT_FOUND. */
  async function assertInstanceEnded(processInstanceKey: string): Promise<void> {
    const refusal = await eventually(`instance ${processInstanceKey} to end`, async () => {
      const outcome = await zeebe!
        .setVariables({ elementInstanceKey: processInstanceKey, variables: { endProbe: true }, local: true })
        .then(() => undefined, (err: unknown) => err as { code?: number });
      return outcome;
    });
    assert.equal(refusal.code, GRPC_NOT_FOUND, `instance ${processInstanceKey} ended: ${String(refusal)}`);
  }

  /** The case ended with each step once, one inbox task done once, and nothing in the inbox half-done. */
  async function assertFinishedOnce(
    sequelize: Sequelize,
    models: Models,
    ids: ReturnType<typeof crashIds>,
    processInstanceKey: string,
    elementInstanceKey: string,
  ): Promise<void> {
    await assertInstanceEnded(processInstanceKey);
    const steps = await stepsOf(models, processInstanceKey);
    assert.deepEqual(steps.map((s) => s.elementId).sort(), ['Task_final', 'Task_intake', 'Task_timed'], 'each service task wrote its effect once');
    assert.equal(steps.find((s) => s.elementId === 'Task_final')!.detail.decision, REVIEW_SUBMISSION.decision, 'the review decision reached the process');

    const tasks = await models.InboxTask.findAll({ where: { processInstanceKey } });
    assert.equal(tasks.length, 1, 'one inbox task for the review');
    const [task] = tasks;
    assert.equal(task.elementInstanceKey, elementInstanceKey);
    assert.equal(task.elementId, 'Task_review');
    assert.equal(task.name, '部级审查');
    assert.equal(task.formId, ids.formId);
    assert.equal(task.status, 'completed');
    assert.deepEqual(task.result, REVIEW_SUBMISSION);
    assert.equal(task.completedBy, REVIEWER.accountId);
    const candidates = await models.InboxTaskCandidate.findAll({ where: { taskId: task.id } });
    assert.deepEqual(candidates.map((c) => [c.candidateGroup, c.status]), [['ministry:engineer', 'completed']]);
    // Rows of other processes on a shared broker may sit in this inbox too (the inbox takes every user-task job).
    const unfinished = await models.InboxTask.count({ where: { bpmnProcessId: ids.processId, status: { [Op.in]: ['open', 'completing'] } } });
    assert.equal(unfinished, 0, 'no inbox task left open or completing');
    if (sequelize.getDialect() === 'sqlite') {
      const [[check]] = (await sequelize.query('PRAGMA integrity_check')) as [Array<{ integrity_check: string }>, unknown];
      assert.equal(check.integrity_check, 'ok');
    }
  }

  it('finishes a case whose user task, timer and message subscription were all pending when the application was killed', async () => {
    // given an application killed while the case waits at its review (inbox task open), its timer and its message
    const { sequelize, models, ids, caseRef, launch } = await scene();
    const first = await launch();
    const [, processInstanceKey] = await first.command(`create ${caseRef} PT15S`, new RegExp(`^created ${caseRef} (\\d+)$`));
    const [, elementInstanceKey, jobKey] = await first.next(new RegExp(`^user-task ${processInstanceKey} (\\d+) (\\d+)$`), 'the review in the inbox');
    await first.kill();
    const task = await models.InboxTask.findOne({ where: { elementInstanceKey } });
    assert.equal(task?.status, 'open');
    assert.equal(task.jobKey, jobKey);
    assert.deepEqual((await stepsOf(models, processInstanceKey)).map((s) => s.elementId), ['Task_intake'], 'neither the timer nor the message had passed');

    // when a second application starts on the same database, gets the review back, and the case is worked to its end
    const second = await launch();
    await second.next(new RegExp(`^user-task ${processInstanceKey} ${elementInstanceKey} \\d+$`), 'Zeebe to hand the review out again');
    await second.command(`complete ${task.id}`, new RegExp(`^completed ${task.id}$`));
    // No time to live: the message only correlates if the subscription opened before the kill is still there.
    await second.command(`publish ${caseRef}`, new RegExp(`^published ${caseRef}$`));
    await eventually('the final step', async () => ((await stepsOf(models, processInstanceKey)).some((s) => s.elementId === 'Task_final') ? true : undefined));
    await second.stop();

    // then the case ended with the review done once, the timer fired in the second application, and every step once
    await assertFinishedOnce(sequelize, models, ids, processInstanceKey, elementInstanceKey);
    const steps = await stepsOf(models, processInstanceKey);
    assert.equal(steps.find((s) => s.elementId === 'Task_intake')!.detail.pid, first.pid);
    assert.equal(steps.find((s) => s.elementId === 'Task_timed')!.detail.pid, second.pid);
  });

  it('sends a submitted review the killed application had stored but not told Zeebe about when the next one starts', async () => {
    // given an application killed between storing the review ('completing') and completing its job
    const { sequelize, models, ids, caseRef, launch } = await scene();
    const first = await launch(['--hang-on-complete']);
    const [, processInstanceKey] = await first.command(`create ${caseRef} PT20S`, new RegExp(`^created ${caseRef} (\\d+)$`));
    const [, elementInstanceKey, jobKey] = await first.next(new RegExp(`^user-task ${processInstanceKey} (\\d+) (\\d+)$`), 'the review in the inbox');
    const task = (await models.InboxTask.findOne({ where: { elementInstanceKey } }))!;
    await first.command(`complete ${task.id}`, new RegExp(`^completing ${jobKey}$`));
    await first.kill();
    await task.reload();
    assert.equal(task.status, 'completing');
    assert.deepEqual(task.result, REVIEW_SUBMISSION);
    assert.deepEqual((await stepsOf(models, processInstanceKey)).map((s) => s.elementId), ['Task_intake'], 'neither the timer nor the message had passed');

    // when the next application starts on the same database
    const second = await launch();

    // then it has completed the review's job before it is ready, without a second submission
    await task.reload();
    assert.equal(task.status, 'completed');
    await second.command(`publish ${caseRef}`, new RegExp(`^published ${caseRef}$`));
    await eventually('the final step', async () => ((await stepsOf(models, processInstanceKey)).some((s) => s.elementId === 'Task_final') ? true : undefined));
    await second.stop();
    await assertFinishedOnce(sequelize, models, ids, processInstanceKey, elementInstanceKey);
    assert.equal(second.printed(new RegExp(`^user-task ${processInstanceKey} `)), false, 'Zeebe never handed the completed review out again');
  });
});
