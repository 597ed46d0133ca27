/**
 * What a reminder and an escalation share: the open inbox task of an element
 * in this process instance, who stands behind its candidate groups, and the
 * message to a staff account. Reviewers are accounts whose scope covers a
 * group (server/inbox/candidate-groups.ts); an employer group is its
 * enterprise, an applicant group its person.
 */
import type { Transaction } from 'sequelize';
import type { Account } from '../../server/db/models/account.js';
import type { Application } from '../../server/db/models/application.js';
import type { InboxTask } from '../../server/db/models/inbox-task.js';
import type { RecipientKind } from '../../server/db/models/message.js';
import { professionName, provinceName } from '../../server/domain/labels.js';
import { candidateGroupsOf } from '../../server/inbox/candidate-groups.js';
import type { Job } from '../../server/engine/port.js';
import type { WorkerDeps } from '../worker.js';
import { caseMatterName } from './case-data.js';

/**
 * The open inbox task a reminder or escalation is about. The timer fires while
 * its task is active, so a missing row may still be on its way: while the job
 * has retries left this throws and the job is tried again shortly; on the last
 * try a missing row means the task is no longer open (null).
 */
export async function openTaskOf(deps: WorkerDeps, job: Job, transaction: Transaction): Promise<InboxTask | null> {
  const elementId = job.customHeaders.taskElementId;
  if (!elementId) throw new Error(`job ${job.type} at ${job.elementId} has no header taskElementId`);
  const task = await deps.models.InboxTask.findOne({
    where: { processInstanceKey: job.processInstanceKey, elementId, status: 'open' },
    order: [['createdAt', 'DESC']],
    transaction,
  });
  if (!task && job.retries > 1) throw new Error(`the inbox has no open task ${elementId} yet`);
  return task;
}

export async function candidateGroupsOfTask(deps: WorkerDeps, task: InboxTask, transaction: Transaction): Promise<string[]> {
  const rows = await deps.models.InboxTaskCandidate.findAll({ where: { taskId: task.id }, transaction });
  return [...new Set(rows.map((r) => r.candidateGroup))];
}

/** Active reviewer accounts whose scope covers one of the groups. */
export async function reviewersIn(deps: WorkerDeps, groups: string[], transaction: Transaction): Promise<Account[]> {
  const staff = await deps.models.Account.findAll({
    where: { role: ['provincial_reviewer', 'ministry_reviewer'], active: true },
    order: [['id', 'ASC']],
    transaction,
  });
  return staff.filter((account) => candidateGroupsOf(account).some((g) => groups.includes(g)));
}

export interface Recipient {
  kind: RecipientKind;
  id: number;
}

/** Everyone a reminder of the groups reaches: reviewers in scope, the employer, the applicant. */
export async function recipientsOf(deps: WorkerDeps, groups: string[], transaction: Transaction): Promise<Recipient[]> {
  const recipients: Recipient[] = (await reviewersIn(deps, groups, transaction)).map((a) => ({ kind: 'account', id: a.id }));
  for (const group of groups) {
    const [scope, key] = group.split(':');
    if (scope === 'employer' && key) {
      const enterprise = await deps.models.Enterprise.findOne({ where: { creditCode: key }, transaction });
      if (enterprise) recipients.push({ kind: 'enterprise', id: enterprise.id });
    } else if (scope === 'applicant' && /^\d+$/.test(key ?? '')) {
      recipients.push({ kind: 'person', id: Number(key) });
    }
  }
  return recipients;
}

/** 部级 勘察设计注册工程师, 浙江省 一级注册建筑师, … */
export function groupLabel(group: string): string {
  const parts = group.replace(/^supervisor:/, '').split(':');
  if (parts[0] === 'ministry') return `部级${professionName(parts[1] ?? '')}审查人员`;
  if (parts[0] === 'province') return `${provinceName(parts[1] ?? '')}${professionName(parts[2] ?? '')}审查人员`;
  if (parts[0] === 'employer') return '聘用单位';
  if (parts[0] === 'applicant') return '申请人';
  return group;
}

/** 李娜的一级建造师初始注册申请（申报编号：…） */
export async function caseTitle(deps: WorkerDeps, application: Application, transaction: Transaction): Promise<string> {
  const person = application.personId ? await deps.models.Person.findByPk(application.personId, { transaction }) : null;
  const enterprise = !person && application.enterpriseId ? await deps.models.Enterprise.findByPk(application.enterpriseId, { transaction }) : null;
  return `${person?.name ?? enterprise?.name ?? ''}的${caseMatterName(application)}申请（申报编号：${application.number}）`;
}

/** The due date of the task: its own, else the deadline the process computed for it. */
export function dueOf(task: InboxTask, job: Job): Date | null {
  if (task.dueAt) return task.dueAt;
  const stage = /Acceptance$/.test(task.elementId) ? 'acceptanceDueAt' : 'reviewDueAt';
  const value = job.variables[stage];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;
}
