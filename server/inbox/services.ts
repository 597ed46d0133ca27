/** The reviewer inbox's services as the pages use them, built beside the user-task service. */
import type { ApplicationService } from '../applications/application-service.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { InboxActions } from './inbox-actions.js';
import { InboxQuery } from './inbox-query.js';
import type { UserTaskService } from './user-task-service.js';

export interface InboxServices {
  query: InboxQuery;
  actions: InboxActions;
  clock: Clock;
}

/** Without `userTasks` and `applications` (an app built without the engine) the inbox lists but moves no task. */
export function inboxServices(deps: { models: Models; clock: Clock; userTasks?: UserTaskService; applications?: ApplicationService }): InboxServices {
  const { models, clock, userTasks, applications } = deps;
  return {
    clock,
    query: new InboxQuery(models, clock),
    actions: new InboxActions({
      models,
      clock,
      tasks:
        userTasks && applications
          ? { userTasks, submitTask: (actor, taskId, submission) => applications.submitTask(actor, taskId, submission) }
          : undefined,
    }),
  };
}
