/**
 * Crash test of the engine adapters with the real application around it: a
 * child process (crash-app.ts: startRuntime with the inbox and a service-task
 * worker, on the engine loadConfig + createEngine build from its environment)
 * is killed with SIGKILL while a case waits at a user task, a timer and a
 * message subscription at once; a second child on the same database finishes
 * the case. On Operaton one engine node is killed with it (kill -9 through
 * scripts/operaton.sh kill-node 2) and the case finishes on the remaining one;
 * the node is started again afterwards.
 *
 * Runs on Operaton when OPERATON_URLS names its nodes (scripts/operaton.sh
 * start), on Zeebe when ZEEBE_GRPC_ADDRESS names a licensed broker; the node
 * kill needs two or more nodes started by scripts/operaton.sh (their pid files
 * in OPERATON_STATE_DIR), and is skipped with the reason otherwise. The
 * database is a fresh SQLite file, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set.
 *
 * The fixture (fixtures/crash-case.bpmn):
 *   Task_intake → fork → Task_review (user task, form, candidate group ministry:engineer)
 *                      → Timer_cooling (=duration(cooling)) → Task_timed
 *                      → Catch_documents (message, correlation key =caseRef)
 *               → join → Task_final → end
 * Every service task writes one audit row keyed by its element instance, on
 * the case reference.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Op, type Sequelize } from 'sequelize';
import { openDatabase } from '../../../../server/db/connection.js';
import { defineModels, type Models } from '../../../../server/db/models/index.js';
import { migrateUp } from '../../../../server/db/migrator.js';
import { AppProcess } from '../../../support/app-process.js';
import { freshDatabaseUrl } from '../../../support/database.js';
import { controllableOperatonNodes, type OperatonNodes } from '../../../support/operaton-nodes.js';
import { crashEngines } from './crash-engines.js';
import { crashIds, REVIEW_SUBMISSION, REVIEWER, writeCrashModels } from './crash-case.js';

const app = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-app.ts');
/** A bound on every wait: a child starting (tsx, deployment) on a busy machine, a lock running out, a timer firing. */
const WAIT_MS = 60_000;
/** Engine keys: Zeebe's numbers, Operaton's UUIDs and activity-instance ids (Task_review:…). */
const KEY = '([\\w:-]+)';
/** The node killed on Operaton (scripts/operaton.sh kill-node 2). */
const KILLED_NODE = 2;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const engine of crashEngines()) {
  describe(`${engine.name} engine: crash of the application`, function () {
    this.timeout(360_000);
    const children: AppProcess[] = [];
    const databases: Sequelize[] = [];
    const modelDirs: string[] = [];
    /** Operaton nodes this spec may kill, or why it may not. */
    let nodes: OperatonNodes | string = 'not Operaton';
    const down = new Set<number>();

    before(async function () {
      if (engine.unavailable) {
        console.log(`      skipped: ${engine.unavailable}`);
        this.skip();
      }
      if (engine.name === 'operaton') {
        nodes = await controllableOperatonNodes();
        if (typeof nodes === 'string') console.log(`      (the engine node is not killed here: ${nodes})`);
      }
    });

    after(async function () {
      this.timeout(300_000);
      for (const child of children) child.killIfRunning();
      // A test that failed after killing a node leaves the cluster whole for the specs after it.
      if (typeof nodes !== 'string') for (const node of down) await nodes.start(node);
      await engine.close();
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
          const child = await AppProcess.start({ script: app, args: [url, rootDir, suffix, ...flags], env: { ...process.env, ...engine.childEnv() }, waitMs: WAIT_MS });
          children.push(child);
          return child;
        },
      };
    }

    /** Kills one engine node where the nodes allow it; returns it, or null (with the reason printed once in before()). */
    async function killEngineNode(): Promise<number | null> {
      if (typeof nodes === 'string') return null;
      await nodes.kill(KILLED_NODE);
      down.add(KILLED_NODE);
      assert.equal(nodes.running(KILLED_NODE), false, `node ${KILLED_NODE} is down`);
      return KILLED_NODE;
    }

    const nodeRunning = (node: number) => typeof nodes !== 'string' && nodes.running(node);

    async function restartEngineNode(node: number | null): Promise<void> {
      if (node === null || typeof nodes === 'string') return;
      await nodes.start(node);
      down.delete(node);
    }

    /** The steps the service tasks of an instance recorded: element id → the audit rows it left. */
    async function stepsOf(models: Models, caseRef: string) {
      const rows = await models.AuditEntry.findAll({ where: { entityType: 'zc-case', entityId: caseRef }, order: [['id', 'ASC']] });
      return rows.map((r) => ({ elementId: r.action.replace(/^zc-step:/, ''), detail: r.detail as { pid: number; processInstanceKey: string; decision: string | null } }));
    }

    async function assertInstanceEnded(processInstanceKey: string): Promise<void> {
      const word = await eventually(`instance ${processInstanceKey} to end`, () => engine.endedProbe(processInstanceKey));
      assert.equal(word, 'NOT_FOUND', `instance ${processInstanceKey} ended`);
    }

    /** The case ended with each step once, one inbox task done once, and nothing in the inbox half-done. */
    async function assertFinishedOnce(
      sequelize: Sequelize,
      models: Models,
      ids: ReturnType<typeof crashIds>,
      caseRef: string,
      processInstanceKey: string,
      elementInstanceKey: string,
    ): Promise<void> {
      await assertInstanceEnded(processInstanceKey);
      const steps = await stepsOf(models, caseRef);
      assert.deepEqual(steps.map((s) => s.elementId).sort(), ['Task_final', 'Task_intake', 'Task_timed'], 'each service task wrote its effect once');
      assert.deepEqual(new Set(steps.map((s) => s.detail.processInstanceKey)), new Set([processInstanceKey]), 'all in the one instance');
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
      // Rows of other processes on a shared engine may sit in this inbox too (the inbox takes every user-task job).
      const unfinished = await models.InboxTask.count({ where: { bpmnProcessId: ids.processId, status: { [Op.in]: ['open', 'completing'] } } });
      assert.equal(unfinished, 0, 'no inbox task left open or completing');
      if (sequelize.getDialect() === 'sqlite') {
        const [[check]] = (await sequelize.query('PRAGMA integrity_check')) as [Array<{ integrity_check: string }>, unknown];
        assert.equal(check.integrity_check, 'ok');
      }
    }

    const alsoNode = engine.name === 'operaton' ? ' (and engine node 2 too, on nodes scripts/operaton.sh started)' : '';
    it(`finishes a case whose user task, timer and message subscription were all pending when the application was killed${alsoNode}`, async () => {
      // given an application (and, on Operaton, one engine node) killed while the case waits at its review (inbox task open), its timer and its message
      const { sequelize, models, ids, caseRef, launch } = await scene();
      const first = await launch();
      const [, processInstanceKey] = await first.command(`create ${caseRef} PT25S`, new RegExp(`^created ${caseRef} ${KEY}$`));
      const [, elementInstanceKey, jobKey] = await first.next(new RegExp(`^user-task ${processInstanceKey} ${KEY} ${KEY}$`), 'the review in the inbox');
      const killedNode = await killEngineNode();
      await first.kill();
      const task = await models.InboxTask.findOne({ where: { elementInstanceKey } });
      assert.equal(task?.status, 'open');
      assert.equal(task.jobKey, jobKey);
      assert.deepEqual((await stepsOf(models, caseRef)).map((s) => s.elementId), ['Task_intake'], 'neither the timer nor the message had passed');

      // when a second application starts on the same database (and the remaining nodes), gets the review back once its lock ran out, and the case is worked to its end
      const second = await launch();
      await second.next(new RegExp(`^user-task ${processInstanceKey} ${elementInstanceKey} ${KEY}$`), 'the engine to hand the review out again');
      await second.command(`complete ${task.id}`, new RegExp(`^completed ${task.id}$`));
      // No time to live: the message only correlates if the subscription opened before the kill is still there.
      await second.command(`publish ${caseRef}`, new RegExp(`^published ${caseRef}$`));
      await eventually('the final step', async () => ((await stepsOf(models, caseRef)).some((s) => s.elementId === 'Task_final') ? true : undefined));
      await second.stop();

      // then the case ended with the review done once, the timer fired in the second application, and every step once
      await assertFinishedOnce(sequelize, models, ids, caseRef, processInstanceKey, elementInstanceKey);
      const steps = await stepsOf(models, caseRef);
      assert.equal(steps.find((s) => s.elementId === 'Task_intake')!.detail.pid, first.pid);
      assert.equal(steps.find((s) => s.elementId === 'Task_timed')!.detail.pid, second.pid);
      if (killedNode !== null) assert.equal(nodeRunning(killedNode), false, 'the case finished while the killed node was down');
      await restartEngineNode(killedNode);
    });

    it('sends a submitted review the killed application had stored but not told the engine about when the next one starts', async () => {
      // given an application killed between storing the review ('completing') and completing its job
      const { sequelize, models, ids, caseRef, launch } = await scene();
      const first = await launch(['--hang-on-complete']);
      const [, processInstanceKey] = await first.command(`create ${caseRef} PT20S`, new RegExp(`^created ${caseRef} ${KEY}$`));
      const [, elementInstanceKey, jobKey] = await first.next(new RegExp(`^user-task ${processInstanceKey} ${KEY} ${KEY}$`), 'the review in the inbox');
      const task = (await models.InboxTask.findOne({ where: { elementInstanceKey } }))!;
      await first.command(`complete ${task.id}`, new RegExp(`^completing ${jobKey}$`));
      await first.kill();
      await task.reload();
      assert.equal(task.status, 'completing');
      assert.deepEqual(task.result, REVIEW_SUBMISSION);
      assert.deepEqual((await stepsOf(models, caseRef)).map((s) => s.elementId), ['Task_intake'], 'neither the timer nor the message had passed');

      // when the next application starts on the same database
      const second = await launch();

      // then it has completed the review's job before it is ready, without a second submission
      await task.reload();
      assert.equal(task.status, 'completed');
      await second.command(`publish ${caseRef}`, new RegExp(`^published ${caseRef}$`));
      await eventually('the final step', async () => ((await stepsOf(models, caseRef)).some((s) => s.elementId === 'Task_final') ? true : undefined));
      await second.stop();
      await assertFinishedOnce(sequelize, models, ids, caseRef, processInstanceKey, elementInstanceKey);
      assert.equal(second.printed(new RegExp(`^user-task ${processInstanceKey} `)), false, 'the engine never handed the completed review out again');
    });
  });
}
