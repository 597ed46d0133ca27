/** An open inbox task of a case, as the inbox stores a user task the engine handed out. */
import type { Application } from '../../../server/db/models/application.js';
import type { WorkerHarness } from '../../support/worker-harness.js';
import { candidateScope } from '../../../server/inbox/candidate-scope.js';

export async function openTask(h: WorkerHarness, application: Application, spec: { elementId: string; name: string; groups: string[]; dueAt: Date | null }) {
  const now = h.clock.now();
  const task = await h.models.InboxTask.create({
    elementInstanceKey: `task-${application.id}-${spec.elementId}`,
    jobKey: `job-${application.id}-${spec.elementId}`,
    processInstanceKey: application.processInstanceKey!,
    bpmnProcessId: `zhuce-${application.matter}-${application.profession}`,
    elementId: spec.elementId,
    name: spec.name,
    formId: null,
    applicationId: application.id,
    assignee: null,
    variables: null,
    dueAt: spec.dueAt,
    result: null,
    completedAt: null,
    completedBy: null,
    createdAt: now,
    updatedAt: now,
    ...candidateScope(spec.groups),
  });
  await h.models.InboxTaskCandidate.bulkCreate(spec.groups.map((candidateGroup) => ({ taskId: task.id, candidateGroup, createdAt: now })));
  return task;
}
