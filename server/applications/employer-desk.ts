/**
 * 注册申报管理 (seed 001 §3.2, rule 12): the employer reports (上报) or returns
 * (退回) a selection of its staff's cases at once, by completing the employer
 * task each case waits at. Reporting needs the saved basic information and the
 * 企业承诺书 read for 60 seconds (rule 2), once for the whole selection; a
 * return needs a reason. Each case then gets its own result: a case reported
 * before only warns, and nothing changes for it. What the case does next —
 * status, timeline, the applicant's message, leaving the employer's list when
 * returned — is the process's zhuce.set-status.
 */
import type { Sequelize } from 'sequelize';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import { HttpError } from '../http/errors.js';
import type { UserTaskService } from '../inbox/user-task-service.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';
import type { ServiceActor, TaskActor } from './actor.js';
import type { CommitmentTimer } from './commitments.js';
import type { FilingKeys } from './filing-keys.js';
import { invalid, notYours } from './refusal.js';
import type { StartRules } from './start-rules.js';
import { REPORTED_STATUSES, STATUS, isInFlight } from './statuses.js';

export type EmployerDecision = 'report' | 'return';

/** The purpose under which the employer's 企业承诺书 is read before reporting. */
export const EMPLOYER_REPORT_PURPOSE = 'employer-report';
export const EMPLOYER_REPORT_FORM = 'employer-report';

export interface EmployerDecisionResult {
  applicationId: number;
  number: string | null;
  /** reported / returned: done; warning: nothing to do (reported before); refused: not possible for this case. */
  outcome: 'reported' | 'returned' | 'warning' | 'refused';
  message: string;
  /** The inbox task completed, where one was. */
  taskId?: number;
}

export class EmployerDesk {
  constructor(
    private readonly deps: {
      models: Models;
      sequelize: Sequelize;
      userTasks: UserTaskService;
      commitments: CommitmentTimer;
      rules: StartRules;
      filingKeys: FilingKeys;
    },
  ) {}

  async enterpriseOf(actor: ServiceActor): Promise<Enterprise> {
    const enterprise = actor.role === 'employer' && actor.enterpriseId ? await this.deps.models.Enterprise.findByPk(actor.enterpriseId) : null;
    if (!enterprise) throw notYours('只有聘用企业的法人账号可以上报或退回注册申报');
    return enterprise;
  }

  /** `filingKey`: the key the page was rendered with; the same key decides once and a repeat gets the first results. */
  async decide(actor: ServiceActor, applicationIds: number[], decision: EmployerDecision, reason?: string | null, filingKey?: string | null): Promise<EmployerDecisionResult[]> {
    if (!filingKey) return this.decideNow(actor, applicationIds, decision, reason);
    const { result } = await this.deps.filingKeys.once('employer-decide', actor.id, filingKey, () => this.decideNow(actor, applicationIds, decision, reason));
    return result;
  }

  private async decideNow(actor: ServiceActor, applicationIds: number[], decision: EmployerDecision, reason?: string | null): Promise<EmployerDecisionResult[]> {
    const enterprise = await this.enterpriseOf(actor);
    const ids = [...new Set(applicationIds.map(Number))].filter((id) => Number.isInteger(id) && id > 0);
    if (ids.length === 0) throw invalid('请先勾选要上报或退回的申报', 12);
    if (decision !== 'report' && decision !== 'return') throw invalid('处理方式：请选择上报或退回', 12, '处理方式');
    const returnReason = typeof reason === 'string' ? reason.trim() : '';
    if (decision === 'return' && !returnReason) throw invalid('退回原因：退回申报须填写退回原因，申请人将在“我的消息”中看到', 12, '退回原因');
    if ([...returnReason].length > 500) throw invalid('退回原因不能超过500个字符', 12, '退回原因');
    const reading =
      decision === 'report'
        ? (this.deps.rules.employerInfoSaved(enterprise), await this.deps.commitments.confirmable(actor.id, 'employer', EMPLOYER_REPORT_PURPOSE))
        : null;

    const taskActor: TaskActor = { accountId: actor.id, username: actor.username, groups: candidateGroupsOf(actor, enterprise) };
    const submission = decision === 'report' ? { employerDecision: 'report', employerCommitment: true } : { employerDecision: 'return', returnReason };
    const results: EmployerDecisionResult[] = [];
    for (const id of ids) results.push(await this.decideOne(enterprise, id, decision, taskActor, submission));

    if (reading && results.some((r) => r.outcome === 'reported')) {
      await this.deps.sequelize.transaction((transaction) => this.deps.commitments.confirm(reading, null, transaction));
    }
    return results;
  }

  private async decideOne(
    enterprise: Enterprise,
    id: number,
    decision: EmployerDecision,
    taskActor: TaskActor,
    submission: Record<string, unknown>,
  ): Promise<EmployerDecisionResult> {
    const { models } = this.deps;
    const application = await models.Application.findByPk(id);
    const result = (outcome: EmployerDecisionResult['outcome'], message: string, taskId?: number): EmployerDecisionResult => ({
      applicationId: id,
      number: application?.number ?? null,
      outcome,
      message,
      taskId,
    });
    // Another enterprise's case is answered as a missing one: neither its number nor its existence is told.
    if (!application || application.enterpriseId !== enterprise.id) return { applicationId: id, number: null, outcome: 'refused', message: '申报不存在' };

    // Only a case at 个人已上报 waits for its employer; a task row of a case that moved on is left over.
    const task =
      application.status === STATUS.submitted ? await models.InboxTask.findOne({ where: { applicationId: id, status: 'open', formId: EMPLOYER_REPORT_FORM } }) : null;
    if (!task) {
      if (application.status === STATUS.employerReturned) {
        return decision === 'return'
          ? result('warning', `申报编号${application.number}：已退回，无需重复退回`)
          : result('refused', `申报编号${application.number}：已退回，不能上报`);
      }
      if (isInFlight(application) && REPORTED_STATUSES.includes(application.status)) {
        return decision === 'report'
          ? result('warning', `申报编号${application.number}：已经上报过，无需重复上报（规则12）`)
          : result('refused', `申报编号${application.number}：已上报的申报不能退回`);
      }
      if (!isInFlight(application)) return result('refused', `申报编号${application.number}：已办结（状态：${application.status}），不能上报或退回`);
      return result('refused', `申报编号${application.number}：正在系统自动核查，暂不能上报或退回，请稍后再试`);
    }
    try {
      await this.deps.userTasks.complete(task.id, taskActor, submission);
    } catch (err) {
      if (err instanceof HttpError) return result('refused', `申报编号${application.number}：${err.message}`);
      throw err;
    }
    return decision === 'report'
      ? result('reported', `申报编号${application.number}：上报成功`, task.id)
      : result('returned', `申报编号${application.number}：已退回，申请人将收到退回通知`, task.id);
  }
}
