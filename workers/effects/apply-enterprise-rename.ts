/**
 * zhuce.apply-enterprise-rename (rule 14): the approved new name replaces the
 * old one on the enterprise row, which every registration of the employer
 * references, so every registration and certificate from now on shows it.
 * Each registration keeps a history row with the old name, the employer's
 * accounts take the new name, and the employer's registered staff get their
 * certificates issued again under it, with a message each.
 */
import { complete } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { employerOf, formText, lockedApplication } from './case-data.js';
import { issueCertificates } from './certificates.js';
import { ACTIVE_STATUSES, recordChange, stateOf } from './registration-history.js';
import { writing } from './transaction.js';

export const applyEnterpriseRename: JobWorker = {
  type: 'zhuce.apply-enterprise-rename',
  // Every registered member of staff gets a new certificate: large employers take a while.
  timeoutMs: 10 * 60_000,
  async handle(job, deps) {
    const { models } = deps;
    const key = dedupeKey(job);
    const { enterpriseId, newName } = await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      const enterprise = await employerOf(job, application, deps, transaction);
      if (!enterprise) throw new Error(`case ${application.id} names no known employer to rename`);
      const newName = formText(application, 'newEnterpriseName');
      if (!newName) throw new Error(`case ${application.id} has no 现单位名称`);
      if (await auditedBefore(deps, key, transaction)) return { enterpriseId: enterprise.id, newName };

      const oldName = enterprise.name;
      const registrations = await models.Registration.findAll({ where: { enterpriseId: enterprise.id, status: ACTIVE_STATUSES }, transaction });
      const before = new Map<number, Record<string, unknown>>();
      for (const registration of registrations) before.set(registration.id, await stateOf(deps, registration, transaction));
      await enterprise.update({ name: newName }, { transaction });
      const [accounts] = await models.Account.update({ displayName: newName }, { where: { enterpriseId: enterprise.id, role: 'employer' }, transaction });
      for (const registration of registrations) {
        await recordChange(deps, transaction, { registration, change: 'enterprise-rename', applicationId: application.id, before: before.get(registration.id)! });
      }
      await writeAudit(deps, transaction, {
        action: 'enterprise-renamed',
        entityType: 'enterprise',
        entityId: enterprise.id,
        detail: { applicationId: application.id, before: { name: oldName }, after: { name: newName }, registrations: registrations.length, accounts },
        dedupeKey: key,
      });
      return { enterpriseId: enterprise.id, newName };
    });

    // Certificates after the commit, one person at a time; a retry picks up where a crash left off.
    const registered = await models.Registration.findAll({ where: { enterpriseId, status: '已注册' }, order: [['personId', 'ASC']] });
    const numbersByPerson = new Map<number, Set<string>>();
    for (const r of registered) {
      if (!r.registrationNumber) continue;
      numbersByPerson.set(r.personId, (numbersByPerson.get(r.personId) ?? new Set()).add(r.registrationNumber));
    }
    for (const [personId, numbers] of numbersByPerson) {
      // The certificates are the person's, not documents of the employer's case.
      await issueCertificates(deps, { personId, registrationNumbers: numbers, applicationId: null, dedupeKey: `${key}:person-${personId}` });
      await models.Message.findOrCreate({
        where: { dedupeKey: `${key}:person:${personId}` },
        defaults: {
          recipientKind: 'person',
          recipientId: personId,
          applicationId: null,
          title: '【企业名称变更】注册证书已按新单位名称重新签发',
          body: `您的聘用单位名称已变更为“${newName}”，您的电子注册证书已按新单位名称重新签发，原证书同时作废。请在“个人信息”中查看、下载新证书。`,
          opinion: null,
          readAt: null,
          dedupeKey: `${key}:person:${personId}`,
        },
      });
    }
    return complete();
  },
};
