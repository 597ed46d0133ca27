import assert from 'node:assert/strict';
import type { Sequelize } from 'sequelize';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { ProcessCatalog } from '../../../server/engine/process-catalog.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { UserTaskService } from '../../../server/inbox/user-task-service.js';
import { migratedDatabase } from '../../support/database.js';
import { RecordingEngine, userTaskJob } from '../../support/recording-engine.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="review-process" name="审查" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_Review" name="部级审查">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="review-decision" />
        <zeebe:assignmentDefinition candidateGroups="=&quot;ministry:&quot; + profession" />
        <zeebe:taskHeaders><zeebe:header key="processVariables" value="decision" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;

const FORM = {
  id: 'review-decision',
  components: [
    { type: 'radio', key: 'decision', label: '审查结论', values: [{ label: '通过', value: 'approve' }, { label: '不予注册', value: 'refuse' }], validate: { required: true } },
    { type: 'textarea', key: 'opinion', label: '审查意见', validate: { required: true, maxLength: 500 } },
  ],
};

async function catalogOf(): Promise<ProcessCatalog> {
  const catalog = new ProcessCatalog();
  await catalog.record([{ name: 'review.bpmn', content: BPMN }], {
    key: '1',
    processes: [{ bpmnProcessId: 'review-process', version: 1, processDefinitionKey: '1', resourceName: 'review.bpmn' }],
    forms: [],
  });
  return catalog;
}

describe('user tasks in the inbox', () => {
  let sequelize: Sequelize;
  let models: Models;
  let engine: RecordingEngine;
  let service: UserTaskService;
  const reviewer = { accountId: 7, groups: ['ministry:architect'] };

  beforeEach(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    engine = new RecordingEngine();
    service = new UserTaskService({ engine, models, sequelize, clock: new ManualClock(new Date('2026-03-02T02:00:00Z')), forms: new FormRegistry([FORM]), catalog: await catalogOf() });
    await service.start();
  });

  afterEach(async () => {
    await service.stop();
    await sequelize.close();
  });

  it('leaves alone user tasks of processes this deployment does not run', async () => {
    // when
    await engine.deliver(userTaskJob({ bpmnProcessId: 'someone-elses-process' }));
    // then
    assert.equal(await models.InboxTask.count(), 0);
  });

  it('makes one task per element instance, however often the job comes back', async () => {
    // given
    const job = userTaskJob();
    // when
    await engine.deliver(job);
    await engine.deliver({ ...job, deadline: job.deadline + 1 });
    await engine.deliver({ ...job, key: 'reactivated' });
    // then
    const tasks = await models.InboxTask.findAll();
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].name, '部级审查');
    assert.equal(tasks[0].formId, 'review-decision');
    assert.equal(tasks[0].jobKey, 'reactivated');
    assert.deepEqual((await models.InboxTaskCandidate.findAll()).map((c) => c.candidateGroup), ['ministry:architect']);
  });

  it('stores the whole submission and completes the job with the decision only', async () => {
    // given
    const job = userTaskJob();
    await engine.deliver(job);
    const [task] = await models.InboxTask.findAll();
    // when
    await service.complete(task.id, reviewer, { decision: 'refuse', opinion: '资格库无此专业记录' });
    // then
    await task.reload();
    assert.equal(task.status, 'completed');
    assert.deepEqual(task.result, { decision: 'refuse', opinion: '资格库无此专业记录' });
    assert.deepEqual(engine.completed, [{ jobKey: job.key, variables: { decision: 'refuse' } }]);
  });

  it('refuses an invalid submission, naming the field, and changes nothing', async () => {
    // given
    await engine.deliver(userTaskJob());
    const [task] = await models.InboxTask.findAll();
    // when
    const refusal = await service.complete(task.id, reviewer, { decision: 'approve' }).catch((e: unknown) => e);
    // then
    assert.equal((refusal as { status: number }).status, 422);
    assert.equal((refusal as Error).message, '审查意见不能为空');
    await task.reload();
    assert.equal(task.status, 'open');
    assert.deepEqual(engine.completed, []);
  });

  it('refuses a reviewer outside the candidate groups and a second submission', async () => {
    // given
    await engine.deliver(userTaskJob());
    const [task] = await models.InboxTask.findAll();
    // when
    const outsider = await service.complete(task.id, { accountId: 8, groups: ['ministry:constructor'] }, { decision: 'approve', opinion: '同意' }).catch((e: unknown) => e);
    await service.complete(task.id, reviewer, { decision: 'approve', opinion: '同意' });
    const twice = await service.complete(task.id, reviewer, { decision: 'refuse', opinion: '再次提交' }).catch((e: unknown) => e);
    // then
    assert.equal((outsider as { status: number }).status, 403);
    assert.equal((twice as { status: number }).status, 409);
    assert.equal(engine.completed.length, 1);
  });

  /** A reviewer's decision stored, and the engine refusing to hear of it. */
  async function refusedCompletion() {
    const job = userTaskJob();
    await engine.deliver(job);
    const [task] = await models.InboxTask.findAll();
    engine.failNextComplete = true;
    await service.complete(task.id, reviewer, { decision: 'approve', opinion: '同意' });
    await task.reload();
    assert.equal(task.status, 'completing');
    return { job, task };
  }

  it('repairs a completion the engine never heard of when the job comes back', async () => {
    // given
    const { job, task } = await refusedCompletion();
    // when
    await engine.deliver(job);
    // then
    await task.reload();
    assert.equal(task.status, 'completed');
    assert.deepEqual(engine.completed, [{ jobKey: job.key, variables: { decision: 'approve' } }]);
  });

  it('tells the engine again shortly when it refused a completion, without waiting for the job to come back', async () => {
    // given a service that resends after 10 ms, and an engine that refuses the first completion
    await service.stop();
    service = new UserTaskService({
      engine, models, sequelize, clock: new ManualClock(new Date('2026-03-02T02:00:00Z')), forms: new FormRegistry([FORM]), catalog: await catalogOf(), resendAfterMs: [10, 10],
    });
    await service.start();
    // when
    const { job, task } = await refusedCompletion();
    // then
    await new Promise((resolve) => setTimeout(resolve, 100));
    await task.reload();
    assert.equal(task.status, 'completed');
    assert.deepEqual(engine.completed, [{ jobKey: job.key, variables: { decision: 'approve' } }]);
  });
});

describe('user tasks without a processVariables header', () => {
  it('hand every editable field to the engine and keep display fields in the database', async () => {
    // given
    const sequelize = await migratedDatabase();
    const models = defineModels(sequelize);
    const engine = new RecordingEngine();
    const catalog = new ProcessCatalog();
    await catalog.record([{ name: 'p.bpmn', content: BPMN.replace('<zeebe:taskHeaders><zeebe:header key="processVariables" value="decision" /></zeebe:taskHeaders>', '') }], {
      key: '1',
      processes: [{ bpmnProcessId: 'review-process', version: 1, processDefinitionKey: '1', resourceName: 'p.bpmn' }],
      forms: [],
    });
    const form = { ...FORM, components: [{ type: 'textfield', key: 'applicantName', label: '申请人姓名', readonly: true }, ...FORM.components] };
    const service = new UserTaskService({ engine, models, sequelize, clock: new ManualClock(new Date('2026-11-23T02:00:00Z')), forms: new FormRegistry([form]), catalog });
    await service.start();
    const job = userTaskJob();
    await engine.deliver(job);
    const [task] = await models.InboxTask.findAll();
    // when
    await service.complete(task.id, { accountId: 1, groups: ['ministry:architect'] }, { applicantName: '伪造', decision: 'approve', opinion: '同意注册' });
    // then
    assert.deepEqual(engine.completed, [{ jobKey: job.key, variables: { decision: 'approve', opinion: '同意注册' } }]);
    await service.stop();
    await sequelize.close();
  });
});

describe('user tasks the process has left', () => {
  it('are cancelled, not completed, when the engine no longer has their job', async () => {
    // given
    const sequelize = await migratedDatabase();
    const models = defineModels(sequelize);
    const engine = new RecordingEngine();
    const catalog = new ProcessCatalog();
    await catalog.record([{ name: 'review.bpmn', content: BPMN }], {
      key: '1',
      processes: [{ bpmnProcessId: 'review-process', version: 1, processDefinitionKey: '1', resourceName: 'review.bpmn' }],
      forms: [],
    });
    const service = new UserTaskService({ engine, models, sequelize, clock: new ManualClock(new Date('2026-11-23T02:00:00Z')), forms: new FormRegistry([FORM]), catalog });
    await service.start();
    const job = userTaskJob();
    await engine.deliver(job);
    const [task] = await models.InboxTask.findAll();
    engine.gone.add(job.key);
    // when
    const refusal = await service.complete(task.id, { accountId: 1, groups: ['ministry:architect'] }, { decision: 'approve', opinion: '同意' }).catch((e: unknown) => e);
    // then
    assert.equal((refusal as { status: number }).status, 409);
    assert.equal((refusal as Error).message, '该任务已撤销（申报已撤回或流程已变更），无需办理');
    await task.reload();
    assert.equal(task.status, 'cancelled');
    assert.deepEqual((await models.InboxTaskCandidate.findAll()).map((c) => c.status), ['cancelled']);
    await service.stop();
    await sequelize.close();
  });
});
