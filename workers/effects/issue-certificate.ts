/**
 * zhuce.issue-certificate: the electronic certificates of the registrations
 * the case wrote (`reason = registration`: the history rows keyed by the
 * case), or of every registered 注册号 of the person after a change of name,
 * ID or photo (`reason = profile-change`). Each supersedes the earlier
 * certificate of its 注册号; a repeated job gets the same documents back.
 */
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { issueCertificates } from './certificates.js';
import { writing } from './transaction.js';

export const issueCertificate: JobWorker = {
  type: 'zhuce.issue-certificate',
  async handle(job, deps) {
    const { Application, Registration, RegistrationHistory } = deps.models;
    const application = await Application.findByPk(Number(job.variables.applicationId));
    if (!application) throw new Error(`job ${job.type} without a known applicationId (${String(job.variables.applicationId)})`);
    if (!application.personId) throw new Error(`case ${application.id} has no person to certify`);

    const registrations =
      job.customHeaders.reason === 'profile-change'
        ? await Registration.findAll({ where: { personId: application.personId, status: '已注册' } })
        : await Registration.findAll({
            where: {
              id: (await RegistrationHistory.findAll({ where: { applicationId: application.id } })).map((h) => h.registrationId),
              status: '已注册',
            },
          });
    const numbers = registrations.map((r) => r.registrationNumber).filter((n): n is string => Boolean(n));
    if (!numbers.length) deps.log(`case ${application.id}: no registered 注册号 to certify`);

    const key = dedupeKey(job);
    const documents = await issueCertificates(deps, { personId: application.personId, registrationNumbers: numbers, applicationId: application.id, dedupeKey: key });
    await writing(deps, async (transaction) => {
      if (await auditedBefore(deps, key, transaction)) return;
      await writeAudit(deps, transaction, {
        action: 'certificate-issued',
        entityType: 'application',
        entityId: application.id,
        detail: { reason: job.customHeaders.reason ?? 'registration', documents: documents.map((d) => ({ id: d.id, number: d.number })) },
        dedupeKey: key,
      });
    });
    return complete();
  },
};
