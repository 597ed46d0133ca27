/**
 * zhuce.escalate-overdue (rule 16): the time limit of an acceptance or review
 * task passed while it is still open. The task is marked escalated and the
 * supervisors of each candidate group (`supervisor:{group}`: the accounts the
 * group's reviewers report to, accounts.supervisorId) get a message to see
 * that it is done, with an audit record naming them.
 */
import { Op } from 'sequelize';
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { lockedApplication } from './case-data.js';
import { chineseDateTime } from './dates.js';
import { candidateGroupsOfTask, caseTitle, dueOf, groupLabel, openTaskOf, reviewersIn } from './task-alerts.js';
import { writing } from './transaction.js';

export const escalateOverdue: JobWorker = {
  type: 'zhuce.escalate-overdue',
  async handle(job, deps) {
    const key = dedupeKey(job);
    await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      if (await auditedBefore(deps, key, transaction)) return;
      const task = await openTaskOf(deps, job, transaction);
      if (!task) {
        deps.log(`escalation for ${job.customHeaders.taskElementId} of case ${application.id}: the task is no longer open`);
        return;
      }
      const groups = await candidateGroupsOfTask(deps, task, transaction);
      const supervisorsByGroup: Record<string, number[]> = {};
      for (const group of groups) {
        const reviewers = await reviewersIn(deps, [group], transaction);
        supervisorsByGroup[`supervisor:${group}`] = [...new Set(reviewers.map((r) => r.supervisorId).filter((id): id is number => id !== null))];
      }
      const supervisorIds = [...new Set(Object.values(supervisorsByGroup).flat())];
      const supervisors = await deps.models.Account.findAll({ where: { id: { [Op.in]: supervisorIds }, active: true }, transaction });
      if (!supervisors.length) deps.log(`escalation of task ${task.id}: no supervisor on record for ${groups.join(', ')}`);

      const due = dueOf(task, job);
      const title = `【超期督办】${task.name}：${application.number}已超过办理时限`;
      const body =
        `${await caseTitle(deps, application, transaction)}在“${task.name}”环节` +
        `${due ? `已超过办理时限（${chineseDateTime(due)}）` : '已超过办理时限'}，仍未办理。` +
        `办理人员：${groups.map(groupLabel).join('、')}。请督促办理。`;
      for (const supervisor of supervisors) {
        await deps.models.Message.create(
          {
            recipientKind: 'account',
            recipientId: supervisor.id,
            applicationId: application.id,
            title,
            body,
            opinion: null,
            readAt: null,
            dedupeKey: `${key}:account:${supervisor.id}`,
          },
          { transaction },
        );
      }
      await task.update({ escalatedAt: deps.clock.now() }, { transaction });
      await writeAudit(deps, transaction, {
        action: 'task-escalated',
        entityType: 'inbox_task',
        entityId: task.id,
        detail: { applicationId: application.id, elementId: task.elementId, dueAt: due?.toISOString() ?? null, supervisors: supervisorsByGroup },
        dedupeKey: key,
      });
    });
    return complete();
  },
};
