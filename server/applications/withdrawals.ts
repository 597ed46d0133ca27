/**
 * Rule 11, 撤回. Allowed while 个人已上报 or 企业已上报 and while the authority
 * has not accepted the case (省级/部级未受理, also waiting for 补正); refused
 * after acceptance; 一级建造师 cannot withdraw once the employer reported
 * (seed 003 FAQ 11).
 *
 * Where the case waits decides what happens (processes/README.md, Messages):
 * at the employer's 上报 task, or at acceptance of a matter without employer,
 * `application-withdrawn` ends it at once; at acceptance after the employer
 * forwarded it, `withdrawal-requested` asks the employer to consent. Both are
 * published with a time to live of 0, so the service first makes sure a task
 * of the case is open to catch them, and says so when there is none.
 */
import type { CaseEvents } from './case-events.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import type { EnginePort } from '../engine/port.js';
import type { UserTaskService } from '../inbox/user-task-service.js';
import { isProfessionCode, matterOf, type MatterCode } from '../domain/professions.js';
import { Refusal, conflict, invalid, unknown } from './refusal.js';
import { STATUS, WITHDRAWABLE_STATUSES, isInFlight } from './statuses.js';
import { WITHDRAWAL_NEEDS_CONSENT } from './texts.js';
import type { ServiceActor } from './actor.js';

export const MESSAGE = {
  withdrawn: 'application-withdrawn',
  withdrawalRequested: 'withdrawal-requested',
} as const;

/** Forms of the tasks a withdrawal can interrupt. */
const REPORT_FORM = 'employer-report';
const ACCEPTANCE_FORMS = ['province-acceptance', 'ministry-acceptance', 'applicant-correction'];
const CONSENT_FORM = 'employer-withdrawal-consent';

export interface WithdrawalResult {
  applicationId: number;
  /** withdrawn: the case ends as 个人撤回; consent-requested: the employer decides. */
  outcome: 'withdrawn' | 'consent-requested';
  message: string;
}

export class Withdrawals {
  constructor(private readonly deps: { models: Models; engine: EnginePort; caseEvents: CaseEvents; clock: Clock; userTasks: UserTaskService }) {}

  async withdraw(actor: ServiceActor, applicationId: number, reason?: string | null): Promise<WithdrawalResult> {
    const { models } = this.deps;
    const application = await models.Application.findByPk(applicationId);
    // Another's case answers as a missing one, so the answer tells nothing about it.
    if (!application || actor.role !== 'applicant' || !actor.personId || application.personId !== actor.personId) throw unknown('申报不存在');
    const opinion = typeof reason === 'string' && reason.trim() ? reason.trim() : null;
    if (opinion && [...opinion].length > 500) throw invalid('撤回原因不能超过500个字符', 11, '撤回原因');

    if (!isInFlight(application)) throw conflict(`该申报已办结（状态：${application.status}），不能撤回（规则11）`, 11);
    if (!WITHDRAWABLE_STATUSES.includes(application.status)) {
      throw conflict(
        `该申报已被受理（状态：${application.status}），受理后不能撤回；只有申报状态为“个人已上报”或“企业已上报”、主管部门尚未受理时才可以撤回（规则11）`,
        11,
      );
    }
    const offering = isProfessionCode(application.profession) ? matterOf(application.profession, application.matter as MatterCode) : undefined;
    const employerStep = offering?.employerStep ?? false;
    if (application.profession === 'constructor' && employerStep && application.status !== STATUS.submitted) {
      throw conflict('一级建造师：聘用企业已上报的申报不能撤回（规则11）', 11);
    }

    const open = await models.InboxTask.findAll({ where: { applicationId: application.id, status: 'open' }, order: [['id', 'ASC']] });
    if (open.some((t) => t.formId === CONSENT_FORM)) throw conflict('撤回申请已提交，正在等待聘用单位审核，请勿重复提交（规则11）', 11);
    const atReport = open.find((t) => t.formId === REPORT_FORM);
    const atAcceptance = open.find((t) => t.formId !== null && ACCEPTANCE_FORMS.includes(t.formId));
    const waiting = atReport ?? atAcceptance;
    if (!waiting) throw conflict('该申报正在系统自动核查或流转中，暂不能撤回，请稍后再试（规则11）', 11);

    const needsConsent = !atReport && employerStep;
    const name = needsConsent ? MESSAGE.withdrawalRequested : MESSAGE.withdrawn;
    try {
      // Time to live 0: the request acts on the task that waits now, or not at all.
      await this.deps.engine.publishMessage({
        name,
        correlationKey: String(application.id),
        variables: { withdrawalReason: opinion },
        timeToLiveMs: 0,
      });
    } catch (err) {
      throw new Refusal(503, `流程引擎暂时不可用，撤回未能提交，请稍后再试（${(err as Error).message}）`);
    }
    // The message interrupted the task the case waited in; its inbox row must go (a consent task may follow).
    await this.deps.userTasks.cancelTasks([waiting.id]);
    if (!needsConsent) {
      // The process records 个人撤回 itself (zhuce.set-status), with the reason as opinion.
      return { applicationId: application.id, outcome: 'withdrawn', message: '已撤回该申报，撤回的申报可以再次申请注册' };
    }
    await this.deps.caseEvents.record({
      application,
      step: '个人申请撤回',
      opinion,
      actor: { accountId: actor.id, name: actor.displayName },
      notify: ['applicant', 'employer'],
      // A request refused by the employer may be made again: each request is its own entry.
      dedupeKey: `withdrawal-requested:${application.id}:${this.deps.clock.now().getTime()}`,
      detail: { taskId: waiting.id },
    });
    return { applicationId: application.id, outcome: 'consent-requested', message: WITHDRAWAL_NEEDS_CONSENT };
  }
}
