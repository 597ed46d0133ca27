/**
 * zhuce.apply-qualification-fix (rule 13): the employer now holds a
 * qualification. Its certificate number goes to the enterprise register and
 * to every 预注册 case of the employer still in flight, which lose their
 * 预注册 flag; registrations written as 预注册 become 已注册. Each such case
 * waiting at 企业补正资质 gets `employer-qualification-fixed`, published with
 * a time to live and a message id per case (processes/README.md), so a case
 * still on its way to the catch event gets it once. The cases are kept in
 * the job's audit record, so a retry publishes to the same ones.
 */
import type { Application } from '../../server/db/models/application.js';
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { employerOf, formText, lockedApplication } from './case-data.js';
import { recordChange, stateOf } from './registration-history.js';
import { writing } from './transaction.js';

export const QUALIFICATION_FIXED_MESSAGE = 'employer-qualification-fixed';
const MESSAGE_TIME_TO_LIVE_MS = 24 * 60 * 60_000;

/** Statuses after which a case waits for nothing. */
const CLOSED = new Set(['企业退回', '个人撤回', '审批不通过', '已发证', '已更正']);

function waitingForQualification(application: Application): boolean {
  return application.flags?.preRegistration === true && !CLOSED.has(application.status);
}

export const applyQualificationFix: JobWorker = {
  type: 'zhuce.apply-qualification-fix',
  async handle(job, deps) {
    const { models } = deps;
    const key = dedupeKey(job);
    const caseIds = await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      const done = await auditedBefore(deps, key, transaction);
      if (done) return (done.detail?.cases as number[] | undefined) ?? [];

      const enterprise = await employerOf(job, application, deps, transaction);
      if (!enterprise) throw new Error(`case ${application.id} names no known employer`);
      const carried = job.variables.qualificationCertificateNo;
      const certificateNumber = (typeof carried === 'string' && carried.trim() ? carried : formText(application, 'qualificationCertificateNo') ?? '')
        .trim()
        .toUpperCase();
      if (!certificateNumber) throw new Error(`case ${application.id} carries no 企业资质证书号`);

      const [qualification, created] = await models.EnterpriseQualification.findOrCreate({
        where: { enterpriseId: enterprise.id, certificateNumber },
        defaults: { enterpriseId: enterprise.id, certificateNumber, industry: enterprise.industry ?? '', grade: null, validUntil: null },
        transaction,
      });

      const now = deps.clock.now();
      const waiting = (await models.Application.findAll({ where: { enterpriseId: enterprise.id }, order: [['id', 'ASC']], transaction })).filter(
        (a) => a.id !== application.id && waitingForQualification(a),
      );
      for (const pending of waiting) {
        await pending.update(
          {
            flags: { ...pending.flags, preRegistration: false, qualificationFixedBy: application.id, qualificationFixedAt: now.toISOString() },
            data: { ...pending.data, employerQualificationNo: certificateNumber },
          },
          { transaction },
        );
      }
      const preRegistered = await models.Registration.findAll({ where: { enterpriseId: enterprise.id, status: '预注册' }, transaction });
      for (const registration of preRegistered) {
        const before = await stateOf(deps, registration, transaction);
        await registration.update({ status: '已注册' }, { transaction });
        await recordChange(deps, transaction, { registration, change: 'qualification-fix', applicationId: application.id, before, extra: { qualificationCertificateNo: certificateNumber } });
      }
      const cases = waiting.map((a) => a.id);
      await writeAudit(deps, transaction, {
        action: 'enterprise-qualification-fixed',
        entityType: 'enterprise',
        entityId: enterprise.id,
        detail: { applicationId: application.id, certificateNumber, qualificationId: qualification.id, newQualification: created, cases, registrations: preRegistered.map((r) => r.id) },
        dedupeKey: key,
      });
      return cases;
    });

    for (const id of caseIds) {
      await deps.engine.publishMessage({
        name: QUALIFICATION_FIXED_MESSAGE,
        correlationKey: String(id),
        variables: { preRegistration: false },
        timeToLiveMs: MESSAGE_TIME_TO_LIVE_MS,
        messageId: `${QUALIFICATION_FIXED_MESSAGE}:${id}`,
      });
    }
    return complete();
  },
};
