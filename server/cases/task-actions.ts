/** The case pages' task actions, through the application service, for the account of the request. */
import type { Request } from 'express';
import type { ApplicationService } from '../applications/application-service.js';
import type { Models } from '../db/models/index.js';
import type { DocumentService } from '../documents/document-service.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import type { FormRegistry } from '../forms/registry.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';
import { inboxServices } from '../inbox/services.js';
import type { Actor, UserTaskService } from '../inbox/user-task-service.js';
import type { CaseServices } from '../portals/cases.js';
import { inboxBack } from '../portals/reviewer.js';

export async function actorOf(models: Models, req: Request): Promise<Actor> {
  const account = req.account;
  if (!account) throw unauthenticated();
  const enterprise = account.enterpriseId ? await models.Enterprise.findByPk(account.enterpriseId) : null;
  return { accountId: account.id, username: account.username, groups: candidateGroupsOf(account, enterprise) };
}

export function caseServices(deps: {
  models: Models;
  catalog: ProcessCatalog;
  forms: FormRegistry;
  documents: DocumentService;
  userTasks: UserTaskService;
  applications: ApplicationService;
}): CaseServices {
  const { models, userTasks, applications } = deps;
  return {
    inbox: inboxServices({ models, clock: userTasks.clock, userTasks, applications }),
    catalog: deps.catalog,
    forms: deps.forms,
    documents: deps.documents,
    async submitTask(req, taskId, submission) {
      if (!req.account) throw unauthenticated();
      const task = await applications.submitTask(req.account, taskId, submission);
      const reviewer = req.account.role === 'provincial_reviewer' || req.account.role === 'ministry_reviewer';
      if (reviewer) {
        // Back to the inbox the reviewer came from, its filters kept.
        flash(req, `已提交：${task.applicationNumber ?? ''} ${task.name}`.trim());
        return { redirect: inboxBack(req.query.back) };
      }
      flash(req, '已提交');
      return { redirect: task.applicationId ? `/applications/${task.applicationId}` : '/' };
    },
    async mayWork(req, taskId) {
      const task = await models.InboxTask.findByPk(taskId);
      if (!task) throw notFound('任务');
      return userTasks.mayWork(task, await actorOf(models, req));
    },
  };
}
