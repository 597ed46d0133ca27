/**
 * zhuce.generate-document: the notices of a case (受理通知书, 补正通知书,
 * 不予注册告知书, 注销证明) rendered to PDF with a verification code, stored,
 * linked to the case, and announced to the applicant in 我的消息. The issuing
 * authority is the provincial department for the architects' provincial
 * stage (elements Task_Province…), the ministry otherwise.
 */
import type { Transaction } from 'sequelize';
import type { Application } from '../../server/db/models/application.js';
import { chineseDate, DOCUMENT_KINDS, type DocumentKind } from '../../server/documents/document-service.js';
import { professionName, specialtyName } from '../../server/domain/labels.js';
import { isProfessionCode, matterOf, type MatterCode } from '../../server/domain/professions.js';
import { provinceByCode } from '../../server/domain/regions.js';
import { complete, type Job } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker, type WorkerDeps } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { MINISTRY_AUTHORITY, provincialDepartment } from './authorities.js';
import { applicantOf, caseMatterName, caseText, caseValue, employerOf, idLabel, lockedApplication } from './case-data.js';
import { writing } from './transaction.js';

type NoticeKind = Extract<DocumentKind, 'acceptance-notice' | 'correction-notice' | 'refusal-notice' | 'cancellation-certificate'>;

/** The character of each notice in its 文号: 建注受〔2026〕ZC…号. */
const NUMBER_WORDS: Record<NoticeKind, string> = {
  'acceptance-notice': '受',
  'correction-notice': '补',
  'refusal-notice': '不予',
  'cancellation-certificate': '销',
};

interface Issuer {
  provincial: boolean;
  authority: string;
  /** 建注, or the province's abbreviation before it: 浙建注. */
  numberPrefix: string;
}

function issuerOf(job: Job, application: Application): Issuer {
  if (job.elementId.startsWith('Task_Province')) {
    const abbreviation = application.province ? provinceByCode(application.province)?.abbreviation ?? '' : '';
    return { provincial: true, authority: provincialDepartment(application.province), numberPrefix: `${abbreviation}建注` };
  }
  return { provincial: false, authority: MINISTRY_AUTHORITY, numberPrefix: '建注' };
}

async function documentNumber(deps: WorkerDeps, kind: NoticeKind, issuer: Issuer, application: Application): Promise<string> {
  const earlier = await deps.models.Document.count({ where: { applicationId: application.id, kind: DOCUMENT_KINDS[kind] } });
  const year = chineseDate(deps.clock.now()).slice(0, 4);
  return `${issuer.numberPrefix}${NUMBER_WORDS[kind]}〔${year}〕${application.number}${earlier ? `-${earlier + 1}` : ''}号`;
}

/** The opinion that decided a refusal: the province's, the ministry's, or the duplicate-person finding (rule 4). */
async function refusalReason(job: Job, deps: WorkerDeps, application: Application): Promise<string> {
  if ((await caseValue(job, deps, application, 'provinceReviewDecision')) === 'refuse') {
    const opinion = await caseText(job, deps, application, 'provinceReviewOpinion');
    if (opinion) return opinion;
  }
  if ((await caseValue(job, deps, application, 'reviewDecision')) === 'refuse') {
    const opinion = await caseText(job, deps, application, 'reviewOpinion');
    if (opinion) return opinion;
  }
  if (job.variables.duplicatePerson === true && typeof job.variables.duplicateDetail === 'string' && job.variables.duplicateDetail) {
    return `${job.variables.duplicateDetail.replace(/^人员查重：/, '')}，不符合只受聘于一个单位的注册条件。`;
  }
  // A refusal by an automatic check (Error_CheckFailed): the check's own message names the rule.
  const failure = job.variables.checkFailure as { message?: unknown } | undefined;
  if (failure && typeof failure.message === 'string' && failure.message) return `自动核查未通过：${failure.message}`;
  return '申请不符合注册条件。';
}

async function cancellationFacts(deps: WorkerDeps, application: Application): Promise<Record<string, unknown>> {
  const rows = await deps.models.RegistrationHistory.findAll({ where: { applicationId: application.id, change: 'cancel' }, order: [['id', 'ASC']] });
  if (!rows.length) throw new Error(`case ${application.id} has no cancelled registration to certify`);
  const before = rows.map((r) => r.before ?? {});
  const after = rows[0].after ?? {};
  const specialtyNames = rows.map((r) => specialtyName(String(r.after?.profession ?? ''), String(r.after?.specialty ?? ''))).join('、');
  return {
    registrationNumber: [...new Set(before.map((b) => String(b.registrationNumber ?? '')))].join('、'),
    specialtyNames,
    enterpriseName: before[0].enterpriseName ?? '',
    cancelledOn: chineseDate(new Date(String(after.cancelledAt ?? rows[0].at.toISOString()))),
    reason: after.cancellationReason ?? '',
    forced: after.forced ? '是' : '否',
  };
}

/** Whom a notice is addressed to: the applicant, or for the employer's own matters (企业名称变更, 补正资质) the enterprise. */
async function addresseeOf(application: Application, deps: WorkerDeps, enterprise: Awaited<ReturnType<typeof employerOf>>) {
  if (!application.personId && enterprise) return { name: enterprise.name, idLabel: '统一社会信用代码', idNumber: enterprise.creditCode };
  const person = await applicantOf(application, deps);
  return { name: person.name, idLabel: idLabel(person.idType), idNumber: person.idNumber };
}

async function noticeData(kind: NoticeKind, job: Job, deps: WorkerDeps, application: Application, issuer: Issuer): Promise<Record<string, unknown>> {
  const enterprise = await employerOf(job, application, deps);
  const person = await addresseeOf(application, deps, enterprise);
  const offering = isProfessionCode(application.profession) ? matterOf(application.profession, application.matter as MatterCode) : undefined;
  const common = {
    authority: issuer.authority,
    provincial: issuer.provincial,
    person,
    // Registration matters refuse the registration; the others (注销, 信息更正, 企业名称变更 …) refuse the request.
    registration: ['initial', 'change', 'renewal', 'add-specialty', 're-register'].includes(application.matter),
    professionName: professionName(application.profession),
    matterName: offering?.name ?? caseMatterName(application),
    application: { number: application.number },
    submittedOn: chineseDate(application.submittedAt ?? application.createdAt),
    enterpriseName: enterprise?.name ?? String(application.data?.employerName ?? ''),
  };
  switch (kind) {
    case 'acceptance-notice':
      return { ...common, reviewWorkingDays: offering?.reviewWorkingDays ?? 20, acceptedOn: chineseDate(deps.clock.now()) };
    case 'correction-notice':
      return {
        ...common,
        correctionContent: (await caseText(job, deps, application, 'correctionContent')) ?? '',
        correctionReason: (await caseText(job, deps, application, 'correctionReason')) ?? '',
      };
    case 'refusal-notice':
      return { ...common, reason: await refusalReason(job, deps, application) };
    case 'cancellation-certificate':
      return { ...common, ...(await cancellationFacts(deps, application)) };
  }
}

async function tellApplicant(deps: WorkerDeps, transaction: Transaction, key: string, application: Application, title: string, number: string, documentId: number) {
  const matter = caseMatterName(application);
  // The employer's own matters have no applicant: the enterprise hears of its notice.
  const recipient = application.personId ? { recipientKind: 'person' as const, recipientId: application.personId } : application.enterpriseId ? { recipientKind: 'enterprise' as const, recipientId: application.enterpriseId } : null;
  if (recipient) await deps.models.Message.create(
    {
      ...recipient,
      applicationId: application.id,
      title: `【${matter}】${title}已生成`,
      body: `您的${matter}申请（申报编号：${application.number}）的《${title}》（编号：${number}）已生成，可在“当前申报”或“历史申报”中查看、下载，并可扫描文书上的二维码核验真伪。`,
      opinion: null,
      readAt: null,
      dedupeKey: `${key}:applicant`,
    },
    { transaction },
  );
  await writeAudit(deps, transaction, {
    action: 'document-issued',
    entityType: 'application',
    entityId: application.id,
    detail: { documentId, kind: title, number },
    dedupeKey: key,
  });
}

export const generateDocument: JobWorker = {
  type: 'zhuce.generate-document',
  async handle(job, deps) {
    const kind = job.customHeaders.document as NoticeKind;
    if (!(kind in NUMBER_WORDS)) throw new Error(`zhuce.generate-document: unknown document header "${job.customHeaders.document}"`);
    const key = dedupeKey(job);
    const application = await deps.models.Application.findByPk(Number(job.variables.applicationId));
    if (!application) throw new Error(`job ${job.type} without a known applicationId (${String(job.variables.applicationId)})`);
    const issuer = issuerOf(job, application);
    const document = await deps.documents.issue({
      kind,
      number: await documentNumber(deps, kind, issuer, application),
      dedupeKey: key,
      data: await noticeData(kind, job, deps, application, issuer),
      applicationId: application.id,
      personId: application.personId,
    });
    await writing(deps, async (transaction) => {
      const locked = await lockedApplication(job, deps, transaction);
      if (await auditedBefore(deps, key, transaction)) return;
      await tellApplicant(deps, transaction, key, locked, DOCUMENT_KINDS[kind], document.number, document.id);
    });
    return complete();
  },
};
