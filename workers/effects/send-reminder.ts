/**
 * zhuce.send-reminder (rule 16): the reminder timer of an acceptance or review
 * task fired. Everyone behind the task's candidate groups gets a message with
 * the due date, and the inbox task is marked reminded. A task that is no
 * longer open (done in the meantime) needs no reminder.
 */
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { lockedApplication } from './case-data.js';
import { chineseDateTime } from './dates.js';
import { candidateGroupsOfTask, caseTitle, dueOf, groupLabel, openTaskOf, recipientsOf } from './task-alerts.js';
import { writing } from './transaction.js';

export const sendReminder: JobWorker = {
  type: 'zhuce.send-reminder',
  async handle(job, deps) {
    const key = dedupeKey(job);
    await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      if (await auditedBefore(deps, key, transaction)) return;
      const task = await openTaskOf(deps, job, transaction);
      if (!task) {
        deps.log(`reminder for ${job.customHeaders.taskElementId} of case ${application.id}: the task is no longer open`);
        return;
      }
      const groups = await candidateGroupsOfTask(deps, task, transaction);
      const recipients = await recipientsOf(deps, groups, transaction);
      const due = dueOf(task, job);
      const title = `【办理提醒】${task.name}：${application.number}${due ? `将于${chineseDateTime(due)}到期` : '临近办理时限'}`;
      const body =
        `${await caseTitle(deps, application, transaction)}在“${task.name}”环节待办理，` +
        `${due ? `办理时限至${chineseDateTime(due)}` : '已临近办理时限'}，请${groups.map(groupLabel).join('、')}及时办理。`;
      for (const recipient of recipients) {
        await deps.models.Message.create(
          {
            recipientKind: recipient.kind,
            recipientId: recipient.id,
            applicationId: application.id,
            title,
            body,
            opinion: null,
            readAt: null,
            dedupeKey: `${key}:${recipient.kind}:${recipient.id}`,
          },
          { transaction },
        );
      }
      await task.update({ remindedAt: deps.clock.now() }, { transaction });
      await writeAudit(deps, transaction, {
        action: 'task-reminded',
        entityType: 'inbox_task',
        entityId: task.id,
        detail: { applicationId: application.id, elementId: task.elementId, dueAt: due?.toISOString() ?? null, groups, recipients },
        dedupeKey: key,
      });
    });
    return complete();
  },
};
