/**
 * Turns job-worker user tasks into inbox rows and completes them.
 *
 * The engine hands a user task out as a job of type io.camunda.zeebe:userTask
 * with a long but finite timeout; when it passes (or the server restarts) the
 * same element instance comes back, so rows are keyed by element instance and
 * a returning job never makes a second task. A submission is validated against
 * the task's form, stored in the database, and only the decision variables go
 * to the engine. Completion is written before the engine is told, so a crash
 * in between is repaired at start-up or when the job comes back.
 */
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import type { InboxTask, InboxTaskStatus } from '../db/models/inbox-task.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import { forward, USER_TASK_JOB_TYPE, type EnginePort, type Job, type Variables, type WorkerHandle } from '../engine/port.js';
import type { FormRegistry } from '../forms/registry.js';
import { validateSubmission } from '../forms/validate-submission.js';
import { HttpError } from '../http/errors.js';
import type { FieldError } from '../validation/field-error.js';
import { candidateScope } from './candidate-scope.js';
import { caseFacts } from './task-facts.js';

export const DEFAULT_USER_TASK_TIMEOUT_MS = 15 * 60_000;

/** Zeebe's header names for job-worker user tasks. */
const HEADER = {
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  assignee: 'io.camunda.zeebe:assignee',
  dueDate: 'io.camunda.zeebe:dueDate',
};

export class SubmissionRefused extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(422, errors.map((e) => e.message).join('；'), errors[0]?.field);
  }
}

function claimedByOther(task: InboxTask): HttpError {
  return new HttpError(409, `该任务已由${task.claimedByName ?? '其他审查人员'}认领，只能由其办理`);
}

export interface Actor {
  accountId: number;
  groups: string[];
  username?: string;
  /** Shown to colleagues as who holds a claimed task. */
  displayName?: string;
}

export interface UserTaskServiceDeps {
  engine: EnginePort;
  models: Models;
  sequelize: Sequelize;
  clock: Clock;
  forms: FormRegistry;
  catalog: ProcessCatalog;
  jobTimeoutMs?: number;
  /**
   * How long after a failed completion this server tells the engine again,
   * attempt by attempt; after the last the job's return (its timeout) or a
   * restart repairs it.
   */
  resendAfterMs?: number[];
  log?: (message: string) => void;
}

/** A refusal the engine gives while a timer fires in the same instance, or a node failing mid-way, passes within seconds. */
const RESEND_AFTER_MS = [1_000, 5_000, 15_000, 60_000];

function parseGroups(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Zeebe sends a JSON array; a plain comma list is accepted from older models.
  }
  return raw.split(',').map((g) => g.trim()).filter(Boolean);
}

function numericId(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export class UserTaskService {
  private worker?: WorkerHandle;
  private readonly resends = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: UserTaskServiceDeps) {}

  /** The clock the inbox runs on, for the services built beside it (inbox query, deadlines). */
  get clock(): Clock {
    return this.deps.clock;
  }

  async start(): Promise<void> {
    await this.resendUnacknowledged();
    this.worker = this.deps.engine.registerWorker({
      type: USER_TASK_JOB_TYPE,
      timeoutMs: this.deps.jobTimeoutMs ?? DEFAULT_USER_TASK_TIMEOUT_MS,
      maxJobsToActivate: 32,
      handler: async (job) => {
        await this.receive(job);
        return forward();
      },
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.resends) clearTimeout(timer);
    this.resends.clear();
    await this.worker?.close();
  }

  /** Records a user-task job as an inbox task, once per element instance. */
  async receive(job: Job): Promise<InboxTask | null> {
    const { InboxTask, InboxTaskCandidate } = this.deps.models;
    const existing = await InboxTask.findOne({ where: { elementInstanceKey: job.elementInstanceKey } });
    if (existing) {
      if (existing.status === 'completing' || existing.status === 'completed') await this.acknowledgeAgain(existing);
      else if (existing.jobKey !== job.key) await existing.update({ jobKey: job.key });
      return existing;
    }
    const element = this.deps.catalog.element(job.bpmnProcessId, job.processDefinitionVersion, job.elementId);
    // A shared broker may hand us user tasks of processes this deployment does not run.
    if (!this.deps.catalog.process(job.bpmnProcessId)) {
      this.deps.log?.(`user task of unknown process ${job.bpmnProcessId} left alone`);
      return null;
    }
    const groups = parseGroups(job.customHeaders[HEADER.candidateGroups]);
    const due = job.customHeaders[HEADER.dueDate];
    const now = this.deps.clock.now();
    try {
      return await this.deps.sequelize.transaction(async (transaction) => {
        const applicationId = numericId(job.variables.applicationId);
        const task = await InboxTask.create(
          {
            elementInstanceKey: job.elementInstanceKey,
            jobKey: job.key,
            processInstanceKey: job.processInstanceKey,
            bpmnProcessId: job.bpmnProcessId,
            elementId: job.elementId,
            name: element?.name ?? job.elementId,
            formId: element?.formId ?? null,
            applicationId,
            // The inbox's filters read these from the task itself (server/inbox/inbox-query.ts).
            ...(await caseFacts(this.deps.models, applicationId, transaction)),
            ...candidateScope(groups),
            assignee: job.customHeaders[HEADER.assignee] || null,
            variables: job.variables,
            dueAt: due && !Number.isNaN(Date.parse(due)) ? new Date(due) : null,
            result: null,
            completedAt: null,
            completedBy: null,
            createdAt: now,
            updatedAt: now,
          },
          { transaction },
        );
        if (groups.length) {
          await InboxTaskCandidate.bulkCreate(
            groups.map((candidateGroup) => ({ taskId: task.id, candidateGroup, status: 'open' as const, createdAt: now })),
            { transaction },
          );
        }
        return task;
      });
    } catch (err) {
      // Two deliveries raced; the other one wrote the row.
      const raced = await InboxTask.findOne({ where: { elementInstanceKey: job.elementInstanceKey } });
      if (raced) return raced;
      throw err;
    }
  }

  /** Whether the actor may work the task: assignee, or member of a candidate group. */
  async mayWork(task: InboxTask, actor: Actor): Promise<boolean> {
    if (task.assignee) return task.assignee === actor.username;
    const candidates = await this.deps.models.InboxTaskCandidate.findAll({ where: { taskId: task.id } });
    return candidates.some((c) => actor.groups.includes(c.candidateGroup));
  }

  /**
   * Validates and stores a submission, then completes the job with the
   * decision variables only (see decisionVariables).
   */
  async complete(taskId: number, actor: Actor, submission: Record<string, unknown>): Promise<InboxTask> {
    const { InboxTask, InboxTaskCandidate } = this.deps.models;
    const task = await InboxTask.findByPk(taskId);
    if (!task) throw new HttpError(404, '任务不存在');
    if (task.status !== 'open') throw new HttpError(409, '该任务已办理或已撤销，不能重复提交');
    if (!(await this.mayWork(task, actor))) throw new HttpError(403, '无权办理该任务：不在该任务的办理范围内');
    if (task.claimedBy !== null && task.claimedBy !== undefined && task.claimedBy !== actor.accountId) throw claimedByOther(task);
    const schema = task.formId ? this.deps.forms.get(task.formId) : undefined;
    if (task.formId && !schema) throw new HttpError(500, `表单 ${task.formId} 未部署`);
    const { values, errors } = schema ? validateSubmission(schema, submission, task.variables ?? {}) : { values: {}, errors: [] };
    if (errors.length) throw new SubmissionRefused(errors);

    const now = this.deps.clock.now();
    const claimed = await this.deps.sequelize.transaction(async (transaction) => {
      const [count] = await InboxTask.update(
        { status: 'completing', result: values, completedAt: now, completedBy: actor.accountId, updatedAt: now },
        { where: { id: task.id, status: 'open' }, transaction },
      );
      if (count === 1) await InboxTaskCandidate.update({ status: 'completed' }, { where: { taskId: task.id }, transaction });
      return count === 1;
    });
    if (!claimed) throw new HttpError(409, '该任务已办理或已撤销，不能重复提交');
    await task.reload();
    const acknowledged = await this.acknowledge(task);
    if (acknowledged === 'gone') {
      // The job was open a moment ago and is gone now: the process left the task (withdrawn, interrupted).
      await this.cancel([task.id], 'completing');
      throw new HttpError(409, '该任务已撤销（申报已撤回或流程已变更），无需办理');
    }
    if (acknowledged === 'retry') this.resendLater(task.id, 0);
    return task;
  }

  /** 认领: the task becomes the actor's alone until they release it or finish it. */
  async claim(taskId: number, actor: Actor): Promise<InboxTask> {
    const task = await this.workable(taskId, actor);
    if (task.claimedBy === actor.accountId) return task;
    if (task.claimedBy) throw claimedByOther(task);
    const now = this.deps.clock.now();
    const [count] = await this.deps.models.InboxTask.update(
      { claimedBy: actor.accountId, claimedByName: actor.displayName ?? actor.username ?? null, claimedAt: now, updatedAt: now },
      { where: { id: task.id, status: 'open', claimedBy: null } },
    );
    await task.reload();
    if (count !== 1) throw task.status === 'open' ? claimedByOther(task) : new HttpError(409, '该任务已办理或已撤销');
    return task;
  }

  /** 取消认领: back to the group. Only the holder, or a supervisor (`mayRelease`), releases a claim. */
  async unclaim(taskId: number, actor: Actor, mayRelease = false): Promise<InboxTask> {
    const task = await this.workable(taskId, actor);
    if (!task.claimedBy) return task;
    if (task.claimedBy !== actor.accountId && !mayRelease) throw claimedByOther(task);
    const now = this.deps.clock.now();
    await this.deps.models.InboxTask.update(
      { claimedBy: null, claimedByName: null, claimedAt: null, updatedAt: now },
      { where: { id: task.id, status: 'open', claimedBy: task.claimedBy } },
    );
    return task.reload();
  }

  /**
   * 指派: a supervisor hands the task to a colleague, whose scope must cover
   * it; it replaces any claim. The caller checks that the actor supervises
   * the colleague; here the colleague's groups are checked against the task's.
   */
  async assign(taskId: number, actor: Actor, colleague: Actor): Promise<InboxTask> {
    const task = await this.workable(taskId, actor);
    if (!(await this.mayWork(task, colleague))) {
      throw new HttpError(422, `不能指派给${colleague.displayName ?? colleague.username ?? '该人员'}：该任务不在其审查范围内`, 'assignee');
    }
    const now = this.deps.clock.now();
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.models.InboxTask.update(
        { claimedBy: colleague.accountId, claimedByName: colleague.displayName ?? colleague.username ?? null, claimedAt: now, updatedAt: now },
        { where: { id: task.id, status: 'open' }, transaction },
      );
      await this.deps.models.AuditEntry.create(
        {
          at: now,
          actorAccountId: actor.accountId,
          actorName: actor.displayName ?? actor.username ?? null,
          action: 'task-assigned',
          entityType: 'inbox_task',
          entityId: String(task.id),
          detail: { from: task.claimedBy, to: colleague.accountId, toName: colleague.displayName ?? colleague.username ?? null },
          dedupeKey: null,
        },
        { transaction },
      );
    });
    return task.reload();
  }

  /** An open task in the actor's scope; one outside it answers as if it did not exist. */
  private async workable(taskId: number, actor: Actor): Promise<InboxTask> {
    const task = await this.deps.models.InboxTask.findByPk(taskId);
    if (!task || !(await this.mayWork(task, actor))) throw new HttpError(404, '任务不存在');
    if (task.status !== 'open') throw new HttpError(409, '该任务已办理或已撤销');
    return task;
  }

  /**
   * The variables a completed task hands to the engine: the fields the task
   * names in its `processVariables` header (comma-separated), else every field
   * the user could edit — the decision, its opinion, the correction request.
   * Read-only display fields never leave the database.
   */
  decisionVariables(task: InboxTask): Variables {
    const element = this.deps.catalog.process(task.bpmnProcessId)?.elements.get(task.elementId);
    const result = task.result ?? {};
    const header = element?.headers.processVariables;
    if (!header) return { ...result };
    const names = header.split(',').map((s) => s.trim()).filter(Boolean);
    return Object.fromEntries(names.filter((n) => n in result).map((n) => [n, result[n]]));
  }

  /** Cancels inbox rows the engine has left behind (an interrupting event ended their user task). */
  async cancelTasks(ids: number[]): Promise<void> {
    if (ids.length) await this.cancel(ids);
  }

  private async cancel(ids: number[], from: InboxTaskStatus = 'open'): Promise<void> {
    const { InboxTask, InboxTaskCandidate } = this.deps.models;
    await this.deps.sequelize.transaction(async (transaction) => {
      await InboxTask.update({ status: 'cancelled', updatedAt: this.deps.clock.now() }, { where: { id: ids, status: from }, transaction });
      await InboxTaskCandidate.update({ status: 'cancelled' }, { where: { taskId: ids }, transaction });
    });
  }

  /** Tells the engine; 'gone' when the engine no longer has the job. */
  private async acknowledge(task: InboxTask): Promise<'done' | 'gone' | 'retry'> {
    try {
      await this.deps.engine.completeJob(task.jobKey, this.decisionVariables(task));
    } catch (err) {
      if (!/not found|NOT_FOUND/i.test(String((err as Error).message))) {
        this.deps.log?.(`completing job ${task.jobKey} of task ${task.id} failed, will retry: ${(err as Error).message}`);
        return 'retry';
      }
      return 'gone';
    }
    if (task.status === 'completing') await task.update({ status: 'completed' });
    return 'done';
  }

  /** Tells the engine again of a completion stored before; a job it no longer has was completed by an attempt whose answer was lost. */
  private async acknowledgeAgain(task: InboxTask): Promise<'done' | 'gone' | 'retry'> {
    const acknowledged = await this.acknowledge(task);
    if (acknowledged === 'gone' && task.status === 'completing') await task.update({ status: 'completed' });
    return acknowledged;
  }

  /**
   * Tells the engine again a little later. Only this server resends before
   * the job comes back, so no other completion of it is under way; a job
   * gone by then was completed by an attempt whose answer was lost.
   */
  private resendLater(taskId: number, attempt: number): void {
    const delays = this.deps.resendAfterMs ?? RESEND_AFTER_MS;
    if (attempt >= delays.length) return;
    const timer = setTimeout(() => {
      this.resends.delete(timer);
      void (async () => {
        const task = await this.deps.models.InboxTask.findByPk(taskId);
        if (task?.status !== 'completing') return;
        if ((await this.acknowledgeAgain(task)) === 'retry') this.resendLater(taskId, attempt + 1);
      })().catch((err: unknown) => {
        this.deps.log?.(`resending the completion of task ${taskId} failed: ${(err as Error).message}`);
        this.resendLater(taskId, attempt + 1);
      });
    }, delays[attempt]);
    timer.unref();
    this.resends.add(timer);
  }

  /** After a crash: a completion stored but maybe not delivered. A job the engine no longer has was completed before. */
  private async resendUnacknowledged(): Promise<void> {
    const pending = await this.deps.models.InboxTask.findAll({ where: { status: 'completing' } });
    for (const task of pending) await this.acknowledgeAgain(task);
  }
}
