/**
 * zhuce.cancel-registration (rule 10): the registration of the case's
 * specialty (一级建造师: every specialty under the person's 注册号) becomes
 * 已注销, with the reason, whether it was forced and when in its history row;
 * certificates of a 注册号 left without a registered specialty are voided
 * (注销后，原注册证书和执业印章作废). A repeated job finds the history rows of the
 * case and changes nothing.
 */
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { writeAudit } from './audit.js';
import { caseSpecialties, formText, lockedApplication } from './case-data.js';
import { voidCertificates } from './certificates.js';
import { ACTIVE_STATUSES, recordChange, stateOf } from './registration-history.js';
import { writing } from './transaction.js';

export const cancelRegistration: JobWorker = {
  type: 'zhuce.cancel-registration',
  async handle(job, deps) {
    const { Registration, RegistrationHistory } = deps.models;
    await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      if (await RegistrationHistory.findOne({ where: { applicationId: application.id, change: 'cancel' }, transaction })) return;
      if (!application.personId) throw new Error(`case ${application.id} has no person whose registration to cancel`);

      const specialties = caseSpecialties(application);
      const wholePerson = application.profession === 'constructor' || !specialties.length;
      const registrations = await Registration.findAll({
        where: {
          personId: application.personId,
          profession: application.profession,
          status: ACTIVE_STATUSES,
          ...(wholePerson ? {} : { specialty: specialties }),
        },
        order: [['id', 'ASC']],
        transaction,
      });
      if (!registrations.length) throw new Error(`case ${application.id}: no active ${application.profession} registration to cancel`);

      const now = deps.clock.now();
      const facts = {
        cancellationReason: formText(application, 'cancellationReason'),
        forced: formText(application, 'forcedCancellation') === 'yes' || job.variables.filedBy === 'employer',
        cancelledAt: now.toISOString(),
      };
      for (const registration of registrations) {
        const before = await stateOf(deps, registration, transaction);
        await registration.update({ status: '已注销' }, { transaction });
        await recordChange(deps, transaction, { registration, change: 'cancel', applicationId: application.id, before, extra: facts });
      }
      const voided: Record<string, number> = {};
      for (const number of new Set(registrations.map((r) => r.registrationNumber).filter((n): n is string => Boolean(n)))) {
        voided[number] = await voidCertificates(deps, application.personId, number, transaction);
      }
      await writeAudit(deps, transaction, {
        action: 'registration-cancelled',
        entityType: 'application',
        entityId: application.id,
        detail: { registrations: registrations.map((r) => r.id), ...facts, voidedCertificates: voided },
        dedupeKey: dedupeKey(job),
      });
    });
    return complete();
  },
};
