/**
 * One set of scenarios, run against every engine adapter that is available:
 * - embedded: when server/engine/embedded/index.ts exists;
 * - operaton: when OPERATON_URLS names engine nodes (eval "$(scripts/operaton.sh start)");
 * - zeebe: when ZEEBE_GRPC_ADDRESS names a licensed Camunda 8 broker.
 * Where the adapters differ, Zeebe is right. Everything is observed through
 * the port: the jobs workers receive, incidents, and refusals. Each fixture
 * ends its paths in a "probe" service task, so reaching a probe job (with its
 * variables) shows which path an instance took and what it carried.
 *
 * Fixture identifiers that start with `cf-` (process ids, job types, message
 * names, form ids) get a per-run suffix, so re-runs against a long-lived broker
 * never meet jobs or messages of an earlier run.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sequelize } from 'sequelize';
import {
  THROWN_HANDLER_RETRY_BACKOFF_MS,
  USER_TASK_JOB_TYPE,
  bpmnError,
  complete,
  fail,
  forward,
  type Deployment,
  type EnginePort,
  type Incident,
  type Job,
  type JobHandler,
  type WorkerHandle,
  type WorkerOptions,
} from '../../../server/engine/port.js';
import { migratedDatabase } from '../../support/database.js';
import { operatonFromEnv } from '../../support/operaton.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const fixtures = path.join(here, 'fixtures');
const WAIT_MS = 15_000;

interface Adapter {
  name: 'embedded' | 'operaton' | 'zeebe';
  /** The engine, or why it is skipped. */
  open(sequelize: Sequelize, log: (msg: string) => void): Promise<EnginePort | string>;
}

const adapters: Adapter[] = [
  {
    name: 'embedded',
    async open(sequelize, log) {
      if (!fs.existsSync(path.join(root, 'server/engine/embedded/index.ts'))) {
        return 'server/engine/embedded/index.ts does not exist yet';
      }
      const modulePath = '../../../server/engine/embedded/index.js';
      const { EmbeddedEngine } = await import(modulePath);
      return new EmbeddedEngine({ sequelize, log }) as EnginePort;
    },
  },
  {
    name: 'operaton',
    async open(sequelize, log) {
      const settings = operatonFromEnv();
      if (typeof settings === 'string') return settings;
      const { OperatonEngine } = await import('../../../server/engine/operaton/index.js');
      return new OperatonEngine({ ...settings, sequelize, log });
    },
  },
  {
    name: 'zeebe',
    async open(sequelize, log) {
      const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
      if (!grpcAddress) return 'ZEEBE_GRPC_ADDRESS is not set (it names a licensed Camunda 8 broker)';
      const { ZeebeEngine } = await import('../../../server/engine/zeebe/index.js');
      return new ZeebeEngine({ grpcAddress, sequelize, log });
    },
  },
];

/** Items as they arrive, and promises for the first that matches. */
class Arrivals<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(item)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(item);
      }
    }
  }

  all(match: (item: T) => boolean): T[] {
    return this.items.filter(match);
  }

  next(match: (item: T) => boolean, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const found = this.items.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const adapter of adapters) {
  describe(`engine conformance: ${adapter.name}`, function () {
    this.timeout(60_000);

    const suffix = `${adapter.name}-${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
    const unique = (id: string) => `${id}-${suffix}`;
    const logs: string[] = [];
    const probes = new Arrivals<Job>();
    let sequelize: Sequelize | undefined;
    let engine: EnginePort;
    let deployment: Deployment;
    let workers: WorkerHandle[] = [];

    /** A worker for a fixture job type, closed after the test. */
    const worker = (type: string, handler: JobHandler, options: Partial<WorkerOptions> = {}) => {
      const handle = engine.registerWorker({ type: unique(type), handler, ...options });
      workers.push(handle);
      return handle;
    };
    const probe = (processInstanceKey: string, elementId: string) =>
      probes.next((j) => j.processInstanceKey === processInstanceKey && j.elementId === elementId, `${elementId} of instance ${processInstanceKey}`);
    const start = async (processId: string, variables: Record<string, unknown> = {}) =>
      (await engine.createInstance(unique(processId), variables)).processInstanceKey;
    /** Jobs a worker forwards (keeps open), to complete or fail later through the engine. */
    const forwarding = (type: string) => {
      const jobs = new Arrivals<Job>();
      worker(type, async (job) => {
        jobs.push(job);
        return forward();
      });
      return (processInstanceKey: string) => jobs.next((j) => j.processInstanceKey === processInstanceKey, `${type} job of ${processInstanceKey}`);
    };

    before(async function () {
      sequelize = await migratedDatabase();
      const opened = await adapter.open(sequelize, (msg) => logs.push(msg));
      if (typeof opened === 'string') {
        console.log(`      skipped: ${adapter.name} adapter: ${opened}`);
        this.skip();
      }
      engine = opened as EnginePort;
      await engine.start();
      const resources = fs
        .readdirSync(fixtures)
        .filter((name) => name.endsWith('.bpmn') || name.endsWith('.form'))
        .map((name) => ({
          name,
          content: fs.readFileSync(path.join(fixtures, name), 'utf8').replace(/\bcf-[a-z0-9-]+/g, (id) => unique(id)),
        }));
      deployment = await engine.deploy(resources);
      const probeWorker = engine.registerWorker({
        type: unique('cf-probe'),
        handler: async (job) => {
          probes.push(job);
          return complete();
        },
      });
      workers.push(probeWorker);
    });

    afterEach(async () => {
      const [probeWorker, ...rest] = workers;
      await Promise.all(rest.map((w) => w.close()));
      workers = probeWorker ? [probeWorker] : [];
    });

    after(async () => {
      if (engine) await engine.stop();
      await sequelize?.close();
    });

    it('deploys processes and forms and names each with its id, version and key', () => {
      // then
      const processIds = deployment.processes.map((p) => p.bpmnProcessId).sort();
      assert.ok(processIds.includes(unique('cf-retry')));
      assert.ok(processIds.includes(unique('cf-call-child')));
      for (const p of deployment.processes) {
        assert.equal(p.version, 1);
        assert.ok(p.processDefinitionKey, `${p.bpmnProcessId} has a definition key`);
      }
      const form = deployment.forms.find((f) => f.formId === unique('cf-review-form'));
      assert.ok(form, 'the form is deployed');
      assert.equal(form.resourceName, 'review.form');
      assert.ok(form.formKey);
    });

    it('retries a failing service task, raises an incident when retries run out, and resolving it with retries completes the task', async () => {
      // given a worker that fails three times (once by throwing), then succeeds
      let registryUp = false;
      const attempts: number[] = [];
      const attemptedAt: number[] = [];
      worker('cf-flaky', async (job) => {
        attempts.push(job.retries);
        attemptedAt.push(Date.now());
        if (registryUp) return complete({ registryChecked: true });
        if (attempts.length === 1) throw new Error('资格库连接超时');
        return fail(attempts.length === 2 ? '资格库仍不可用' : '资格库连续三次不可用');
      });

      // when
      const instance = await start('cf-retry', { applicationId: 'A-1' });
      const incident = await eventually<Incident>('the job incident', async () =>
        (await engine.listIncidents({ processInstanceKey: instance }))[0],
      );

      // then the incident names the job and its last error
      assert.deepEqual(attempts, [3, 2, 1]);
      assert.ok(
        attemptedAt[1] - attemptedAt[0] >= THROWN_HANDLER_RETRY_BACKOFF_MS * 0.9,
        `a thrown handler error is retried after the back-off, not at once (${attemptedAt[1] - attemptedAt[0]} ms)`,
      );
      assert.equal(incident.errorType, 'JOB_NO_RETRIES');
      assert.equal(incident.errorMessage, '资格库连续三次不可用');
      assert.equal(incident.elementId, 'Task_flaky');
      assert.equal(incident.bpmnProcessId, unique('cf-retry'));
      assert.ok(incident.jobKey, 'a job incident names its job');
      assert.ok((await engine.listIncidents()).some((i) => i.key === incident.key), 'unfiltered listing includes it');

      // when the registry is back and the incident is resolved with two retries
      registryUp = true;
      await engine.resolveIncident(incident.key, 2);
      const done = await probe(instance, 'Probe_done');

      // then the job ran again with those retries, and the instance went on
      assert.deepEqual(attempts, [3, 2, 1, 2]);
      assert.equal(done.variables.registryChecked, true);
      assert.deepEqual(await engine.listIncidents({ processInstanceKey: instance }), []);
    });

    it('routes a BPMN error to the error boundary event, from a handler result or from throwError later', async () => {
      // given
      const later = new Arrivals<Job>();
      worker('cf-check', async (job) => {
        if (job.variables.mode === 'duplicate') return bpmnError('DUPLICATE_PERSON', '已在其他单位注册', { otherEmployer: '甲公司' });
        if (job.variables.mode === 'later') {
          later.push(job);
          return forward();
        }
        return complete({ clear: true });
      });

      // when
      const duplicate = await start('cf-error', { mode: 'duplicate' });
      const clear = await start('cf-error', { mode: 'clear' });
      const deferred = await start('cf-error', { mode: 'later' });
      const deferredJob = await later.next((j) => j.processInstanceKey === deferred, 'the deferred check');
      await engine.throwError(deferredJob.key, 'DUPLICATE_PERSON', '复核发现重复', { otherEmployer: '乙公司' });

      // then the error variables live on the catch event; its output mapping carries them on
      const caught = await probe(duplicate, 'Probe_duplicate');
      assert.equal(caught.variables.duplicateEmployer, '甲公司');
      assert.equal(caught.variables.otherEmployer, undefined, 'error variables stay local to the catch event');
      assert.equal((await probe(clear, 'Probe_clear')).variables.clear, true);
      assert.equal((await probe(deferred, 'Probe_duplicate')).variables.duplicateEmployer, '乙公司');
    });

    it('takes the exclusive-gateway flow whose FEEL condition holds, and the default flow when none does', async () => {
      // when
      const big = await start('cf-gateway', { amount: 500, category: 'A' });
      const smallA = await start('cf-gateway', { amount: 50, category: 'A' });
      const other = await start('cf-gateway', { amount: 50, category: 'B' });

      // then
      await probe(big, 'Probe_big');
      await probe(smallA, 'Probe_small_a');
      await probe(other, 'Probe_default');
    });

    it('hands a user task out as a job with form and candidate-group headers, and goes on with the variables it is completed with', async () => {
      // given
      const tasks = new Arrivals<Job>();
      const userTaskWorker = engine.registerWorker({
        type: USER_TASK_JOB_TYPE,
        timeoutMs: 60_000,
        // Other runs' user tasks share the job type: keep them open too, they time out back to their owners.
        handler: async (job) => {
          tasks.push(job);
          return forward();
        },
      });
      workers.push(userTaskWorker);

      // when
      const instance = await start('cf-review', { applicationId: 'A-7' });
      const task = await tasks.next((j) => j.processInstanceKey === instance, 'the review task');
      await engine.completeJob(task.key, { decision: 'approve', opinion: '同意注册' });
      const reviewed = await probe(instance, 'Probe_reviewed');

      // then
      const form = deployment.forms.find((f) => f.formId === unique('cf-review-form'))!;
      assert.equal(task.type, USER_TASK_JOB_TYPE);
      assert.equal(task.elementId, 'Task_review');
      assert.equal(task.bpmnProcessId, unique('cf-review'));
      assert.ok(task.elementInstanceKey);
      assert.deepEqual(
        Object.fromEntries(Object.entries(task.customHeaders).filter(([name]) => name.startsWith('io.camunda.zeebe:'))),
        {
          'io.camunda.zeebe:formKey': form.formKey,
          'io.camunda.zeebe:candidateGroups': '["province-reviewers","ministry-reviewers"]',
        },
      );
      assert.equal(task.variables.applicationId, 'A-7');
      assert.equal(reviewed.variables.decision, 'approve');
      assert.equal(reviewed.variables.opinion, '同意注册');
    });

    it('describes a version, where its instances wait, and one instance with the elements it passed through, for the monitor', async () => {
      // given an instance waiting at its user task
      const tasks = new Arrivals<Job>();
      workers.push(
        engine.registerWorker({
          type: USER_TASK_JOB_TYPE,
          timeoutMs: 60_000,
          handler: async (job) => {
            tasks.push(job);
            return forward();
          },
        }),
      );
      const instance = await start('cf-review', { applicationId: 'A-8' });
      const task = await tasks.next((j) => j.processInstanceKey === instance, 'the review task');

      // when
      const versions = await engine.processVersions(unique('cf-review'));
      const definitionKey = versions[0].processDefinitionKey;
      const statistics = await engine.versionStatistics(definitionKey);
      const waiting = await engine.instance(instance);

      // then
      assert.deepEqual(versions.map((v) => v.version), [1]);
      assert.ok(statistics.instances.active >= 1, JSON.stringify(statistics));
      assert.ok(statistics.elements.some((e) => e.elementId === 'Task_review' && e.active >= 1), JSON.stringify(statistics.elements));
      assert.equal(waiting?.state, 'active');
      assert.deepEqual(waiting?.activeElementIds, ['Task_review']);
      assert.ok(waiting?.completedElementIds.includes('Start'), JSON.stringify(waiting?.completedElementIds));
      assert.equal(waiting?.variables.applicationId, 'A-8');

      // and once the task is done and the instance ended
      await engine.completeJob(task.key, { decision: 'approve' });
      await probe(instance, 'Probe_reviewed');
      const ended = await eventually('the instance to end', async () => {
        const found = await engine.instance(instance);
        return found?.state === 'completed' ? found : undefined;
      });
      assert.deepEqual(ended.activeElementIds, []);
      for (const id of ['Start', 'Task_review', 'Probe_reviewed']) assert.ok(ended.completedElementIds.includes(id), `${id} in ${ended.completedElementIds}`);
      assert.equal(ended.variables.decision, 'approve');
      const completed = await engine.listInstances({ processDefinitionKey: definitionKey, state: 'completed' });
      assert.ok(completed.some((i) => i.processInstanceKey === instance));
      assert.ok(completed.every((i) => i.state === 'completed'), JSON.stringify(completed));
      const canceled = await engine.listInstances({ processDefinitionKey: definitionKey, state: 'canceled' });
      assert.ok(!canceled.some((i) => i.processInstanceKey === instance), 'a completed instance is not listed as canceled');
      const after = await engine.versionStatistics(definitionKey);
      assert.equal(after.instances.completed + after.instances.canceled + after.instances.active + after.instances.incident, statistics.instances.active + statistics.instances.completed + statistics.instances.canceled + statistics.instances.incident, 'each instance counted once');
      assert.ok(after.instances.completed >= 1);
      assert.equal(await engine.instance('999999999'), null);
    });

    it('correlates a message to the waiting catch event by correlation key only', async () => {
      // given two instances waiting for documents
      const mine = await start('cf-message-catch', { applicationId: `app-${suffix}-1` });
      const other = await start('cf-message-catch', { applicationId: `app-${suffix}-2` });
      await new Promise((r) => setTimeout(r, 500)); // let both subscriptions open

      // when
      await engine.publishMessage({ name: unique('cf-documents-received'), correlationKey: `app-${suffix}-2`, variables: { documents: 'other' } });
      await engine.publishMessage({ name: unique('cf-documents-received'), correlationKey: `app-${suffix}-1`, variables: { documents: 'mine' } });

      // then
      assert.equal((await probe(mine, 'Probe_received')).variables.documents, 'mine');
      assert.equal((await probe(other, 'Probe_received')).variables.documents, 'other');
    });

    it('keeps a message published before the subscription for its time to live, drops one without, and deduplicates by message id', async () => {
      // given messages published before any instance waits for them
      const name = unique('cf-documents-received');
      const buffered = `early-${suffix}`;
      const unbuffered = `no-ttl-${suffix}`;
      await engine.publishMessage({ name, correlationKey: unbuffered, variables: { documents: 'too early' } });
      await engine.publishMessage({ name, correlationKey: buffered, variables: { documents: 'first' }, timeToLiveMs: 60_000, messageId: `m1-${suffix}` });
      await engine.publishMessage({ name, correlationKey: buffered, variables: { documents: 'duplicate' }, timeToLiveMs: 60_000, messageId: `m1-${suffix}` });
      await engine.publishMessage({ name, correlationKey: buffered, variables: { documents: 'second' }, timeToLiveMs: 60_000, messageId: `m2-${suffix}` });

      // when
      const first = await start('cf-message-catch', { applicationId: buffered });
      const firstArrived = await probe(first, 'Probe_received');
      const second = await start('cf-message-catch', { applicationId: buffered });
      const late = await start('cf-message-catch', { applicationId: unbuffered });
      await new Promise((r) => setTimeout(r, 500));
      await engine.publishMessage({ name, correlationKey: unbuffered, variables: { documents: 'on time' } });

      // then
      assert.equal(firstArrived.variables.documents, 'first');
      assert.equal((await probe(second, 'Probe_received')).variables.documents, 'second');
      assert.equal((await probe(late, 'Probe_received')).variables.documents, 'on time');
    });

    it('interrupts a task through a message boundary event correlated by key', async () => {
      // given
      const reviewJob = forwarding('cf-slow-review');
      const withdrawn = await start('cf-message-boundary', { applicationId: `w-${suffix}-1` });
      const reviewed = await start('cf-message-boundary', { applicationId: `w-${suffix}-2` });
      const withdrawnJob = await reviewJob(withdrawn);
      const reviewedJob = await reviewJob(reviewed);

      // when
      await engine.publishMessage({ name: unique('cf-withdrawn'), correlationKey: `w-${suffix}-1`, variables: { withdrawnBy: 'applicant' } });
      const arrived = await probe(withdrawn, 'Probe_withdrawn');
      await engine.completeJob(reviewedJob.key, { decision: 'approve' });

      // then
      assert.equal(arrived.variables.withdrawnBy, 'applicant');
      assert.equal((await probe(reviewed, 'Probe_reviewed')).variables.decision, 'approve');
      await assert.rejects(engine.completeJob(withdrawnJob.key), 'the interrupted task has no job any more');
    });

    it('leaves a task when its interrupting timer fires, and refuses to complete the task job afterwards', async () => {
      // given
      const waitJob = forwarding('cf-wait');
      const instance = await start('cf-timer-interrupting');
      const job = await waitJob(instance);

      // when
      const timedOut = await probe(instance, 'Probe_timed_out');

      // then
      assert.equal(timedOut.elementId, 'Probe_timed_out');
      await assert.rejects(engine.completeJob(job.key), 'the job went with its task');
      assert.deepEqual(probes.all((j) => j.processInstanceKey === instance && j.elementId === 'Probe_done'), []);
    });

    it('fires a non-interrupting timer while the task stays open to complete', async () => {
      // given
      const workJob = forwarding('cf-work');
      const instance = await start('cf-timer-non-interrupting');
      const job = await workJob(instance);

      // when
      await probe(instance, 'Probe_reminded');
      await engine.completeJob(job.key, { finished: true });

      // then
      assert.equal((await probe(instance, 'Probe_done')).variables.finished, true);
    });

    it('joins parallel branches and carries the variables of both', async () => {
      // given
      worker('cf-branch-a', async () => complete({ socialSecurity: 'ok' }));
      worker('cf-branch-b', async () => complete({ qualification: 'ok' }));

      // when
      const instance = await start('cf-parallel');
      const joined = await probe(instance, 'Probe_joined');

      // then
      assert.equal(joined.variables.socialSecurity, 'ok');
      assert.equal(joined.variables.qualification, 'ok');
      assert.equal(probes.all((j) => j.processInstanceKey === instance).length, 1, 'the join fires once');
    });

    it('gives the job its input mappings and the process only its output mappings; a worker fetches only the variables it names', async () => {
      // given
      const scoring = new Arrivals<Job>();
      const fetching = new Arrivals<Job>();
      worker('cf-score', async (job) => {
        scoring.push(job);
        return complete({ result: { score: 7 }, scratch: 'worker-only' });
      });
      worker(
        'cf-fetch',
        async (job) => {
          fetching.push(job);
          return complete();
        },
        { fetchVariables: ['score'] },
      );

      // when
      const instance = await start('cf-mapping', { applicant: { name: '张三' }, amount: 21 });
      const scoreJob = await scoring.next((j) => j.processInstanceKey === instance, 'the scoring job');
      const fetchJob = await fetching.next((j) => j.processInstanceKey === instance, 'the fetching job');
      const mapped = await probe(instance, 'Probe_mapped');

      // then
      assert.equal(scoreJob.variables.applicantName, '张三');
      assert.equal(scoreJob.variables.doubled, 42);
      assert.deepEqual(fetchJob.variables, { score: 7 });
      assert.equal(mapped.variables.score, 7);
      assert.equal(mapped.variables.scratch, undefined, 'with output mappings, only they reach the process');
      assert.equal(mapped.variables.result, undefined);
      assert.equal(mapped.variables.applicantName, undefined, 'inputs stay local to the task');
    });

    it('runs a call activity: the child sees the parent variables and returns its own', async () => {
      // given
      const childJobs = new Arrivals<Job>();
      worker('cf-child-work', async (job) => {
        childJobs.push(job);
        return complete({ childResult: 'checked' });
      });

      // when
      const parent = await start('cf-call-parent', { applicationId: 'A-9' });
      const childJob = await childJobs.next((j) => j.variables.applicationId === 'A-9' && j.bpmnProcessId === unique('cf-call-child'), 'the child job');
      const returned = await probe(parent, 'Probe_returned');

      // then
      assert.notEqual(childJob.processInstanceKey, parent, 'the child runs as its own instance');
      assert.equal(returned.variables.childResult, 'checked');
      assert.equal(returned.variables.applicationId, 'A-9');
    });

    it('cancels an instance, after which its open job can no longer be completed', async () => {
      // given
      const reviewJob = forwarding('cf-slow-review');
      const instance = await start('cf-message-boundary', { applicationId: `c-${suffix}` });
      const job = await reviewJob(instance);

      // when
      await engine.cancelInstance(instance);

      // then
      await assert.rejects(engine.completeJob(job.key));
      await assert.rejects(engine.cancelInstance(instance), 'a cancelled instance cannot be cancelled again');
    });

    it('refuses to start an instance of a process that was never deployed', async () => {
      await assert.rejects(engine.createInstance(unique('cf-never-deployed')));
    });

    it('refuses to resolve an incident it does not know', async () => {
      await assert.rejects(engine.resolveIncident('999999999'));
    });
  });
}
