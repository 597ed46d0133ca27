import assert from 'node:assert/strict';
import { escalateOverdue } from '../../../workers/effects/escalate-overdue.js';
import { demoEmployer, demoPerson, fileCase } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';
import { openTask } from './task-support.js';

describe('zhuce.escalate-overdue', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness();
  });
  after(() => h.close());

  it('marks the open task escalated and tells the supervisor of its reviewers, with an audit record, once per job', async () => {
    // given: buji reviews for the ministry and reports to buji-chuzhang
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'wangfang'),
      employer: await demoEmployer(h.models, 'design'),
      profession: 'architect',
      matter: 'initial',
      data: { specialty: 'architecture' },
      status: '部级未受理',
    });
    const task = await openTask(h, application, {
      elementId: 'Task_MinistryAcceptance',
      name: '部级受理',
      groups: ['ministry:architect'],
      dueAt: new Date('2026-11-20T17:00:00+08:00'),
    });
    const delivery = job({
      type: escalateOverdue.type,
      processInstanceKey: application.processInstanceKey!,
      bpmnProcessId: 'zhuce-initial-architect',
      customHeaders: { taskElementId: 'Task_MinistryAcceptance' },
      variables: { applicationId: application.id },
    });
    // when
    await escalateOverdue.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await escalateOverdue.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    const chief = (await h.models.Account.findOne({ where: { username: 'buji-chuzhang' } }))!;
    const messages = await h.models.Message.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      messages.map((m) => [m.recipientKind, m.recipientId, m.title]),
      [['account', chief.id, `【超期督办】部级受理：${application.number}已超过办理时限`]],
    );
    assert.match(messages[0].body, /^王芳的一级注册建筑师初始注册申请（申报编号：.+）在“部级受理”环节已超过办理时限（2026年11月20日 17:00），仍未办理。办理人员：部级一级注册建筑师审查人员。请督促办理。$/);
    await task.reload();
    assert.equal(task.escalatedAt?.toISOString(), h.clock.now().toISOString());
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'task-escalated', entityId: String(task.id) } });
    assert.deepEqual(audit.detail?.supervisors, { 'supervisor:ministry:architect': [chief.id] });
  });

  it('still marks the task and audits when no reviewer of the group has a supervisor on record', async () => {
    // given: the provincial reviewer of Zhejiang has no supervisor
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'wangfang'),
      employer: await demoEmployer(h.models, 'design'),
      profession: 'architect',
      matter: 'initial',
      data: { specialty: 'architecture' },
      status: '省级未受理',
    });
    const task = await openTask(h, application, { elementId: 'Task_ProvinceAcceptance', name: '省级受理', groups: ['province:33:architect'], dueAt: null });
    // when
    await escalateOverdue.handle(
      job({
        type: escalateOverdue.type,
        processInstanceKey: application.processInstanceKey!,
        customHeaders: { taskElementId: 'Task_ProvinceAcceptance' },
        variables: { applicationId: application.id, acceptanceDueAt: '2026-11-20T17:00:00+08:00' },
      }),
      h.deps,
    );
    // then
    await task.reload();
    assert.ok(task.escalatedAt);
    assert.equal(await h.models.Message.count({ where: { applicationId: application.id } }), 0);
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'task-escalated', entityId: String(task.id) } });
    assert.deepEqual(audit.detail, {
      applicationId: application.id,
      elementId: 'Task_ProvinceAcceptance',
      dueAt: '2026-11-20T09:00:00.000Z',
      supervisors: { 'supervisor:province:33:architect': [] },
    });
  });
});
