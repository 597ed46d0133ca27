import assert from 'node:assert/strict';
import { sendReminder } from '../../../workers/effects/send-reminder.js';
import { demoEmployer, demoPerson, fileCase } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';
import { openTask } from './task-support.js';

describe('zhuce.send-reminder', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness();
  });
  after(() => h.close());

  async function caseInReview() {
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'zhangwei'),
      employer: await demoEmployer(h.models, 'design'),
      profession: 'engineer',
      matter: 'initial',
      data: { specialty: 'structural' },
      status: '审查中',
    });
    const task = await openTask(h, application, {
      elementId: 'Task_MinistryReview',
      name: '部级审批',
      groups: ['ministry:engineer'],
      dueAt: new Date('2026-12-21T17:00:00+08:00'),
    });
    const delivery = job({
      type: sendReminder.type,
      processInstanceKey: application.processInstanceKey!,
      bpmnProcessId: 'zhuce-initial-engineer',
      customHeaders: { taskElementId: 'Task_MinistryReview' },
      variables: { applicationId: application.id },
    });
    return { application, task, delivery };
  }

  it('messages every reviewer whose scope covers the task, marks the task reminded and audits, once per job', async () => {
    // given
    const { application, task, delivery } = await caseInReview();
    // when
    await sendReminder.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await sendReminder.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    const reviewers = await h.models.Account.findAll({ where: { username: ['buji', 'buji-chuzhang'] }, order: [['id', 'ASC']] });
    const messages = await h.models.Message.findAll({ where: { applicationId: application.id }, order: [['recipientId', 'ASC']] });
    assert.deepEqual(
      messages.map((m) => [m.recipientKind, m.recipientId]),
      reviewers.map((r) => ['account', r.id]),
      'both ministry reviewers hold ministry:engineer; the provincial reviewer does not',
    );
    assert.equal(messages[0].title, `【办理提醒】部级审批：${application.number}将于2026年12月21日 17:00到期`);
    assert.equal(
      messages[0].body,
      `张伟的勘察设计注册工程师初始注册申请（申报编号：${application.number}）在“部级审批”环节待办理，办理时限至2026年12月21日 17:00，请部级勘察设计注册工程师审查人员及时办理。`,
    );
    await task.reload();
    assert.equal(task.remindedAt?.toISOString(), h.clock.now().toISOString());
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'task-reminded', entityId: String(task.id) } });
    assert.deepEqual(audit.detail?.groups, ['ministry:engineer']);
  });

  it('tries again while the task has not reached the inbox, and reminds nobody once it is no longer open', async () => {
    // given
    const { application, task, delivery } = await caseInReview();
    await task.update({ status: 'completed' });
    const before = await everythingWritten(h);
    // when: retries left
    await assert.rejects(sendReminder.handle(delivery, h.deps), /the inbox has no open task/);
    // when: the last try
    const result = await sendReminder.handle({ ...delivery, retries: 1 }, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(await everythingWritten(h), before);
    assert.equal(await h.models.Message.count({ where: { applicationId: application.id } }), 0);
  });

  it('fails the job when the model names no task to remind of', async () => {
    const { application } = await caseInReview();
    await assert.rejects(
      sendReminder.handle(job({ type: sendReminder.type, customHeaders: {}, variables: { applicationId: application.id } }), h.deps),
      /no header taskElementId/,
    );
  });
});
