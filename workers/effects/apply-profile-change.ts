/**
 * zhuce.apply-profile-change (rule 15), after the authority approved:
 *   identity         the new name, ID type and ID number go to the person and
 *                    every record that names the person by them (the
 *                    qualification and social-security registers, the
 *                    applicant's account), each registration keeps a history
 *                    row of the change;
 *   photo-signature  the photo and signature uploaded with the request
 *                    replace the ones on file.
 * The audit record of the job holds the before and after, and marks it done.
 */
import { Op, type Transaction } from 'sequelize';
import type { Application } from '../../server/db/models/application.js';
import type { Person } from '../../server/db/models/person.js';
import { complete } from '../../server/engine/port.js';
import { FieldError } from '../../server/validation/field-error.js';
import { validateIdNumber } from '../../server/validation/id-number.js';
import { dedupeKey, type JobWorker, type WorkerDeps } from '../worker.js';
import { auditedBefore, writeAudit } from './audit.js';
import { applicantOf, attachmentIds, formText, formValue, lockedApplication } from './case-data.js';
import { recordChange, stateOf } from './registration-history.js';
import { writing } from './transaction.js';

async function changeIdentity(deps: WorkerDeps, transaction: Transaction, application: Application, person: Person): Promise<Record<string, unknown>> {
  const { models } = deps;
  const before = { name: person.name, idType: person.idType, idNumber: person.idNumber, birthDate: person.birthDate, sex: person.sex };
  const identity = {
    name: formText(application, 'newName') ?? person.name,
    idType: formText(application, 'newIdType') ?? person.idType,
    idNumber: (formText(application, 'newIdNumber') ?? person.idNumber).toUpperCase(),
  };
  // A 身份证号 carries the birth date and the sex (SPEC §7): a corrected number brings its own, never the old number's.
  const derived = identity.idType === '身份证' ? validateIdNumber(identity.idNumber, { field: '证件号码', today: deps.clock.now() }) : null;
  const after = {
    ...identity,
    birthDate: derived && !(derived instanceof FieldError) ? derived.birthDate : person.birthDate,
    sex: derived && !(derived instanceof FieldError) ? derived.sex : person.sex,
  };
  const holder = await models.Person.findOne({
    where: { idType: after.idType, idNumber: after.idNumber, id: { [Op.ne]: person.id } },
    transaction,
  });
  if (holder) throw new Error(`证件号码 ${after.idNumber} 已属于另一人员（编号 ${holder.id}），不能更正为该号码`);

  await person.update(after, { transaction });
  const [qualifications] = await models.Qualification.update({ idNumber: after.idNumber, name: after.name }, { where: { idNumber: before.idNumber }, transaction });
  const [socialSecurity] = await models.SocialSecurityRecord.update({ idNumber: after.idNumber }, { where: { idNumber: before.idNumber }, transaction });
  const [accounts] = await models.Account.update({ displayName: after.name }, { where: { personId: person.id, role: 'applicant' }, transaction });
  const registrations = await models.Registration.findAll({ where: { personId: person.id }, transaction });
  for (const registration of registrations) {
    await recordChange(deps, transaction, {
      registration,
      change: 'identity',
      applicationId: application.id,
      before: { ...(await stateOf(deps, registration, transaction)), personName: before.name, idType: before.idType, idNumber: before.idNumber },
      extra: { personName: after.name, idType: after.idType, idNumber: after.idNumber },
    });
  }
  return { before, after, updated: { qualifications, socialSecurity, accounts, registrations: registrations.length } };
}

/** The attachment of a file field of the request, else the latest upload of that kind with the case. */
async function uploaded(deps: WorkerDeps, transaction: Transaction, application: Application, kind: 'photo' | 'signature'): Promise<number | null> {
  const [id] = attachmentIds(formValue(application, kind));
  if (id) return id;
  const latest = await deps.models.Attachment.findOne({ where: { applicationId: application.id, kind }, order: [['id', 'DESC']], transaction });
  return latest?.id ?? null;
}

async function changePhotoSignature(deps: WorkerDeps, transaction: Transaction, application: Application, person: Person): Promise<Record<string, unknown>> {
  const before = { photoAttachmentId: person.photoAttachmentId, signatureAttachmentId: person.signatureAttachmentId };
  const photo = await uploaded(deps, transaction, application, 'photo');
  const signature = await uploaded(deps, transaction, application, 'signature');
  if (!photo && !signature) throw new Error(`case ${application.id} carries neither a photo nor a signature to put on file`);
  const after = { photoAttachmentId: photo ?? before.photoAttachmentId, signatureAttachmentId: signature ?? before.signatureAttachmentId };
  await person.update(after, { transaction });
  // The uploads now belong to the person's file, not only to the request.
  await deps.models.Attachment.update({ personId: person.id }, { where: { id: [photo, signature].filter((a): a is number => a !== null), personId: { [Op.is]: null } }, transaction });
  return { before, after };
}

export const applyProfileChange: JobWorker = {
  type: 'zhuce.apply-profile-change',
  async handle(job, deps) {
    const change = job.customHeaders.change;
    if (change !== 'identity' && change !== 'photo-signature') throw new Error(`zhuce.apply-profile-change: unknown change header "${change}"`);
    const key = dedupeKey(job);
    await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      if (await auditedBefore(deps, key, transaction)) return;
      const person = await applicantOf(application, deps, transaction);
      const detail =
        change === 'identity'
          ? await changeIdentity(deps, transaction, application, person)
          : await changePhotoSignature(deps, transaction, application, person);
      await writeAudit(deps, transaction, {
        action: change === 'identity' ? 'person-identity-changed' : 'person-photo-signature-changed',
        entityType: 'person',
        entityId: person.id,
        detail: { applicationId: application.id, ...detail },
        dedupeKey: key,
      });
    });
    return complete();
  },
};
