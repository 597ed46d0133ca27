/**
 * What a reviewer does from the inbox besides opening a task: claim and
 * release, a supervisor's assignment to a colleague, 批量受理 (the acceptance
 * decision of several tasks at once, each through the ordinary completion
 * path with its own checks, refusals reported per case) and saved filters.
 */
import type { ServiceActor } from '../applications/actor.js';
import type { Account } from '../db/models/account.js';
import { QueryTypes } from 'sequelize';
import type { InboxSavedFilter, InboxTask } from '../db/models/inbox-task.js';
import type { Models } from '../db/models/index.js';
import type { Clock } from '../clock.js';
import { HttpError } from '../http/errors.js';
import { clientErrorOf } from '../http/request-errors.js';
import { canViewCase } from '../cases/access.js';
import { candidateGroupsOf } from './candidate-groups.js';
import { inboxQueryString, parseInboxQuery } from './inbox-query.js';
import type { Actor, UserTaskService } from './user-task-service.js';

/** The forms of the acceptance (受理) tasks: what 批量受理 decides. */
export const ACCEPTANCE_FORMS: readonly string[] = ['ministry-acceptance', 'province-acceptance'];
export const MAX_BATCH = 100;
export const MAX_SAVED_FILTERS = 20;
const MAX_FILTER_NAME = 20;
const MAX_OPINION = 500;

export type InboxAccount = ServiceActor & Pick<Account, 'supervisorId'>;

export interface BatchOutcome {
  taskId: number;
  applicationNumber: string | null;
  applicantName: string | null;
  accepted: boolean;
  /** Why this one was not accepted, in the words of the single decision's refusal. */
  message: string;
}

export type SavedFilter = Pick<InboxSavedFilter, 'id' | 'name' | 'query'>;

export interface InboxActionsDeps {
  models: Models;
  clock: Clock;
  /**
   * What moves tasks (claims, decisions). Without it, as in an app built
   * without the engine, the inbox still lists, filters and saves filters,
   * and the actions that move a task answer 503.
   */
  tasks?: {
    userTasks: UserTaskService;
    /** The ordinary completion path of one task (ApplicationService.submitTask). */
    submitTask(actor: ServiceActor, taskId: number, submission: Record<string, unknown>): Promise<InboxTask>;
  };
}

const isReviewer = (account: Pick<Account, 'role'>) => account.role === 'provincial_reviewer' || account.role === 'ministry_reviewer';

export function actorOfAccount(account: Pick<Account, 'id' | 'username' | 'displayName' | 'role' | 'personId' | 'province' | 'professions'>): Actor {
  return { accountId: account.id, username: account.username, displayName: account.displayName, groups: candidateGroupsOf(account) };
}

export class InboxActions {
  constructor(private readonly deps: InboxActionsDeps) {}

  claim(account: InboxAccount, taskId: number): Promise<InboxTask> {
    this.mustBeReviewer(account);
    return this.tasks().userTasks.claim(taskId, actorOfAccount(account));
  }

  /** The holder releases a claim; a supervisor may release a subordinate's. */
  async unclaim(account: InboxAccount, taskId: number): Promise<InboxTask> {
    this.mustBeReviewer(account);
    const task = await this.deps.models.InboxTask.findByPk(taskId);
    const holder = task?.claimedBy ? await this.deps.models.Account.findByPk(task.claimedBy) : null;
    return this.tasks().userTasks.unclaim(taskId, actorOfAccount(account), holder?.supervisorId === account.id);
  }

  /** The colleagues a supervisor assigns to: the active reviewers they supervise, and themselves. None for others. */
  async colleagues(account: InboxAccount): Promise<Account[]> {
    if (!isReviewer(account)) return [];
    const subordinates = await this.deps.models.Account.findAll({
      where: { supervisorId: account.id, active: true },
      order: [['displayName', 'ASC']],
    });
    if (!subordinates.length) return [];
    const self = await this.deps.models.Account.findByPk(account.id);
    return [...subordinates, ...(self ? [self] : [])].filter(isReviewer);
  }

  /**
   * 指派 (supervisor only): to a reviewer they supervise, or to themselves.
   * A task outside the supervisor's scope is "不存在" before anything is said
   * of the assignee, so that no answer tells such a task exists.
   */
  async assign(account: InboxAccount, taskId: number, assigneeId: number): Promise<InboxTask> {
    this.mustBeReviewer(account);
    const { userTasks } = this.tasks();
    const actor = actorOfAccount(account);
    const task = Number.isInteger(taskId) ? await this.deps.models.InboxTask.findByPk(taskId) : null;
    if (!task || !(await userTasks.mayWork(task, actor))) throw new HttpError(404, '任务不存在');
    const colleagues = await this.colleagues(account);
    if (!colleagues.length) throw new HttpError(403, '无权指派任务：只有上级（处长）可以指派');
    if (!Number.isInteger(assigneeId) || assigneeId < 1) throw new HttpError(422, '请选择指派对象', 'assignee');
    const colleague = colleagues.find((c) => c.id === assigneeId);
    if (!colleague) throw new HttpError(422, '指派对象无效：须为您所督办的审查人员', 'assignee');
    return userTasks.assign(taskId, actor, actorOfAccount(colleague));
  }

  /**
   * 批量受理: the acceptance decision `accept` on each selected task, as if
   * taken one by one; a task that is not an acceptance, is claimed by someone
   * else, closed or out of scope is reported and the others go on.
   */
  async batchAccept(account: InboxAccount, taskIds: number[], opinion?: string): Promise<BatchOutcome[]> {
    this.mustBeReviewer(account);
    const { submitTask } = this.tasks();
    const ids = [...new Set(taskIds)];
    if (!ids.length) throw new HttpError(422, '请至少选择一项受理任务', 'taskIds');
    if (ids.length > MAX_BATCH) throw new HttpError(422, `一次最多批量受理${MAX_BATCH}项`, 'taskIds');
    if (ids.some((id) => !Number.isInteger(id) || id < 1)) throw new HttpError(400, '任务编号无效：须为正整数', 'taskIds');
    const text = (opinion ?? '').trim();
    if (text.length > MAX_OPINION) throw new HttpError(422, `受理说明不得超过${MAX_OPINION}个字符`, 'acceptanceOpinion');
    const outcomes: BatchOutcome[] = [];
    for (const taskId of ids) {
      const task = await this.deps.models.InboxTask.findByPk(taskId);
      const outcome: BatchOutcome = {
        taskId,
        applicationNumber: task?.applicationNumber ?? null,
        applicantName: task?.applicantName ?? null,
        accepted: false,
        message: '',
      };
      // A task whose case the reviewer may not see is "不存在", whatever it is: neither its name nor its number is told.
      const visible = task ? await this.mayViewCase(account, task) : false;
      if (!visible) {
        outcome.applicationNumber = null;
        outcome.applicantName = null;
      }
      try {
        if (task && visible && task.status === 'open' && !ACCEPTANCE_FORMS.includes(task.formId ?? '')) {
          throw new HttpError(422, `“${task.name}”不是受理任务，请逐件办理`);
        }
        await submitTask(account, taskId, { acceptanceDecision: 'accept', ...(text ? { acceptanceOpinion: text } : {}) });
        outcome.accepted = true;
        outcome.message = '已受理';
      } catch (err) {
        const known = clientErrorOf(err);
        if (!known) throw err;
        outcome.message = known.message;
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /**
   * What the inbox page shows of the reviewer beside the tasks: their saved
   * filters, and whether they supervise anyone (指派; see colleagues). One
   * raw statement: the two reads as models were a fifth of the busiest
   * page's CPU (bench row 3).
   */
  async besideTasks(account: InboxAccount): Promise<{ savedFilters: SavedFilter[]; supervises: boolean }> {
    const rows = await this.deps.models.InboxSavedFilter.sequelize!.query<SavedFilter & { id: number | null; supervises: boolean | number }>(
      `SELECT f.id, f.name, f.query,
              EXISTS (SELECT 1 FROM accounts s WHERE s."supervisorId" = :accountId AND s.active = :active) AS supervises
         FROM (SELECT 1 AS me) me LEFT JOIN inbox_saved_filters f ON f."accountId" = :accountId
        ORDER BY f.name`,
      { replacements: { accountId: account.id, active: true }, type: QueryTypes.SELECT },
    );
    return {
      savedFilters: rows.filter((row) => row.id !== null).map(({ id, name, query }) => ({ id, name, query })),
      supervises: isReviewer(account) && Boolean(rows[0]?.supervises),
    };
  }

  /** Saves the inbox's current filter under a name; the same name again replaces it. */
  async saveFilter(account: InboxAccount, name: string, query: Record<string, unknown>): Promise<InboxSavedFilter> {
    this.mustBeReviewer(account);
    const label = String(name ?? '').trim();
    if (!label) throw new HttpError(422, '请填写筛选条件名称', 'name');
    if ([...label].length > MAX_FILTER_NAME) throw new HttpError(422, `筛选条件名称不得超过${MAX_FILTER_NAME}个字符`, 'name');
    const { filters } = parseInboxQuery(query);
    const stored = inboxQueryString(filters);
    const now = this.deps.clock.now();
    const existing = await this.deps.models.InboxSavedFilter.findOne({ where: { accountId: account.id, name: label } });
    if (existing) return existing.update({ query: stored, updatedAt: now });
    if ((await this.deps.models.InboxSavedFilter.count({ where: { accountId: account.id } })) >= MAX_SAVED_FILTERS) {
      throw new HttpError(422, `最多保存${MAX_SAVED_FILTERS}个筛选条件，请先删除不用的`, 'name');
    }
    return this.deps.models.InboxSavedFilter.create({ accountId: account.id, name: label, query: stored, createdAt: now, updatedAt: now });
  }

  /** Deletes one of the account's own saved filters; another's answers as if it did not exist. */
  async deleteFilter(account: Pick<Account, 'id'>, id: number): Promise<void> {
    const count = await this.deps.models.InboxSavedFilter.destroy({ where: { id, accountId: account.id } });
    if (!count) throw new HttpError(404, '筛选条件不存在');
  }

  private async mayViewCase(account: InboxAccount, task: InboxTask): Promise<boolean> {
    const application = task.applicationId ? await this.deps.models.Application.findByPk(task.applicationId) : null;
    return application !== null && canViewCase(account, application);
  }

  private tasks(): NonNullable<InboxActionsDeps['tasks']> {
    if (!this.deps.tasks) throw new HttpError(503, '审查服务暂不可用，请稍后再试');
    return this.deps.tasks;
  }

  private mustBeReviewer(account: Pick<Account, 'role'>): void {
    if (!isReviewer(account)) throw new HttpError(403, '无权访问：只有审查人员可以办理待办任务');
  }
}
