/**
 * zhuce.set-status: a thin worker over CaseEvents (rule 18). The headers say
 * what happened (`event`), who did it (`actor`), the new status (`status`,
 * optional) and who hears of it (`notify`); the task's input mapping hands
 * in the opinion. The timeline shows the step in the manuals' words and the
 * actor by name: 系统, the employer, the provincial department, 住房和城乡建设部.
 */
import type { Transaction } from 'sequelize';
import type { Recipient } from '../../server/applications/case-events.js';
import type { Application } from '../../server/db/models/application.js';
import { DOCUMENT_KINDS } from '../../server/documents/document-service.js';
import { STATUS } from '../../server/domain/statuses.js';
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker, type WorkerDeps } from '../worker.js';
import { MINISTRY_ACTOR, provincialDepartment, SYSTEM_ACTOR } from './authorities.js';
import { lockedApplication } from './case-data.js';
import { writing } from './transaction.js';

type Actor = 'applicant' | 'employer' | 'province' | 'ministry' | 'system';

/** Timeline steps by event; where the province and the ministry both do it, each has its own words. */
const STEPS: Record<string, string | Partial<Record<Actor, string>>> = {
  submitted: '个人上报',
  returned: '企业退回',
  withdrawn: '个人撤回',
  'employer-reported': '企业上报',
  'employer-filed-cancellation': '企业申请强制注销',
  'employer-info-missing': '企业基本信息未保存',
  'forwarded-to-province': '报送省级主管部门',
  'forwarded-to-ministry': '报送住房和城乡建设部',
  'province-accepted': '省级受理',
  'province-forwarded': '省级审查通过',
  accepted: '部级受理',
  'review-started': '进入审查',
  'correction-requested': { province: '省级通知补正', ministry: '部级通知补正' },
  corrected: '个人补正',
  'withdrawal-refused': '企业不同意撤回',
  'withdrawn-with-consent': '企业同意撤回',
  refused: { province: '省级审查不通过', ministry: '部级审批不通过' },
  approved: '审批通过',
  announced: '公告',
  certified: '发证',
  'profile-corrected': '信息已更正',
  'check-failed': '自动核查未通过',
  'duplicate-person-refused': '人员查重不予注册',
};

/** Events after which the case record carries the moment itself. */
const MOMENTS: Record<string, 'submittedAt' | 'acceptedAt' | 'decidedAt'> = {
  submitted: 'submittedAt',
  accepted: 'acceptedAt',
  approved: 'decidedAt',
  refused: 'decidedAt',
  'check-failed': 'decidedAt',
  'duplicate-person-refused': 'decidedAt',
};

/** Matters that change the person's records and then issue the certificates of the registrations the person holds. */
const PROFILE_CHANGE_MATTERS = new Set(['info-correction', 'photo-signature']);

/**
 * 已发证 only when a certificate was issued: an approved 信息更正 of a person
 * with no registration changed the records and issued nothing, so it ends as
 * 已更正 with a step that says so.
 */
async function outcomeOf(
  deps: WorkerDeps,
  application: Application,
  event: string,
  status: string | undefined,
  transaction: Transaction,
): Promise<{ event: string; status: string | undefined; opinion?: string }> {
  if (event !== 'certified' || status !== STATUS.certified || !PROFILE_CHANGE_MATTERS.has(application.matter)) return { event, status };
  const issued = await deps.models.Document.count({ where: { applicationId: application.id, kind: DOCUMENT_KINDS.certificate }, transaction });
  if (issued > 0) return { event, status };
  return { event: 'profile-corrected', status: STATUS.corrected, opinion: '信息已更正；您名下没有有效注册，无需换发注册证书' };
}

export function stepName(event: string, actor: Actor, status: string | undefined): string {
  const step = STEPS[event];
  if (typeof step === 'string') return step;
  return step?.[actor] ?? Object.values(step ?? {})[0] ?? status ?? event;
}

async function actorName(actor: Actor, application: Application, deps: WorkerDeps, transaction: Transaction): Promise<string> {
  switch (actor) {
    case 'applicant': {
      const person = application.personId ? await deps.models.Person.findByPk(application.personId, { transaction }) : null;
      return person?.name ?? '申请人';
    }
    case 'employer': {
      const enterprise = application.enterpriseId ? await deps.models.Enterprise.findByPk(application.enterpriseId, { transaction }) : null;
      return enterprise?.name ?? String(application.data?.employerName ?? '聘用单位');
    }
    case 'province':
      return provincialDepartment(application.province);
    case 'ministry':
      return MINISTRY_ACTOR;
    default:
      return SYSTEM_ACTOR;
  }
}

function recipients(header: string | undefined): Recipient[] {
  const named = (header ?? 'applicant').split(',').map((r) => r.trim());
  return named.filter((r): r is Recipient => r === 'applicant' || r === 'employer');
}

export const setStatus: JobWorker = {
  type: 'zhuce.set-status',
  async handle(job, deps) {
    const { status, event = 'status-changed', notify } = job.customHeaders;
    const actor = (['applicant', 'employer', 'province', 'ministry', 'system'].includes(job.customHeaders.actor)
      ? job.customHeaders.actor
      : 'system') as Actor;
    const opinion = job.variables.opinion;
    await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      const outcome = await outcomeOf(deps, application, event, status || undefined, transaction);
      const recorded = await deps.caseEvents.record(
        {
          application,
          step: stepName(outcome.event, actor, outcome.status),
          status: outcome.status,
          opinion: typeof opinion === 'string' && opinion.trim() ? opinion.trim() : (outcome.opinion ?? null),
          actor: { name: await actorName(actor, application, deps, transaction) },
          notify: recipients(notify),
          dedupeKey: dedupeKey(job),
          detail: { event: outcome.event, elementId: job.elementId },
        },
        transaction,
      );
      const moment = MOMENTS[event];
      if (recorded && moment && !(moment === 'submittedAt' && application.submittedAt)) {
        await application.update({ [moment]: deps.clock.now() }, { transaction });
      }
    });
    return complete();
  },
};
