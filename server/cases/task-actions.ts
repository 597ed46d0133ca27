/** The case pages' task actions, on the inbox service, for the account of the request. */
import type { Request } from 'express';
import type { Models } from '../db/models/index.js';
import type { DocumentService } from '../documents/document-service.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import type { FormRegistry } from '../forms/registry.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';
import type { Actor, UserTaskService } from '../inbox/user-task-service.js';
import type { CaseServices } from '../portals/cases.js';

export async function actorOf(models: Models, req: Request): Promise<Actor> {
  const account = req.account;
  if (!account) throw unauthenticated();
  const groups = [...candidateGroupsOf(account)];
  if (account.role === 'applicant' && account.personId) groups.push(`applicant:${account.personId}`);
  if (account.role === 'employer' && account.enterpriseId) {
    const enterprise = await models.Enterprise.findByPk(account.enterpriseId);
    if (enterprise) groups.push(`employer:${enterprise.creditCode}`);
  }
  return { accountId: account.id, username: account.username, groups: [...new Set(groups)] };
}

export function caseServices(deps: {
  models: Models;
  catalog: ProcessCatalog;
  forms: FormRegistry;
  documents: DocumentService;
  userTasks: UserTaskService;
}): CaseServices {
  const { models, userTasks } = deps;
  return {
    catalog: deps.catalog,
    forms: deps.forms,
    documents: deps.documents,
    async submitTask(req, taskId, submission) {
      const task = await userTasks.complete(taskId, await actorOf(models, req), submission);
      return { redirect: task.applicationId ? `/applications/${task.applicationId}` : '/' };
    },
    async mayWork(req, taskId) {
      const task = await models.InboxTask.findByPk(taskId);
      if (!task) throw notFound('任务');
      return userTasks.mayWork(task, await actorOf(models, req));
    },
  };
}
