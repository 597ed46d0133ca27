/**
 * zhuce.write-registration: the approved case becomes the register. By matter:
 *   initial, re-register  a registration per specialty, with a new 注册号 and
 *                         执业印章号 (一级建造师 and 监理工程师: one of each per
 *                         person), valid from today for the profession's years;
 *   change                the registration moves to the new employer, keeping
 *                         its numbers and validity (rule 7);
 *   renewal               the validity runs on from the old expiry (rule 8);
 *   add-specialty         the specialty joins the person's 注册号 and seal;
 *   modify-reissue        a new 执业印章号 (更改执业印章号), or the certificate is
 *                         marked for reissue (补办注册证书) (rule 9).
 * A case whose employer lacks a qualification writes 预注册 (rule 13). Every
 * change leaves a history row keyed by the case, and a repeated job finds
 * those rows and returns the same 注册号 without taking another number.
 */
import type { Transaction } from 'sequelize';
import type { Application } from '../../server/db/models/application.js';
import type { Enterprise } from '../../server/db/models/enterprise.js';
import type { Registration, RegistrationStatus } from '../../server/db/models/registration.js';
import { isProfessionCode, professionByCode, type ProfessionCode } from '../../server/domain/professions.js';
import { chinaDay } from '../../server/domain/working-days.js';
import { complete, type Job } from '../../server/engine/port.js';
import { dedupeKey, type JobWorker, type WorkerDeps } from '../worker.js';
import { writeAudit } from './audit.js';
import { caseSpecialties, employerOf, formText, lockedApplication } from './case-data.js';
import { addDays, addYears, validityFrom } from './dates.js';
import { ACTIVE_STATUSES, recordChange, stateOf } from './registration-history.js';
import { numberedPerPerson, registrationNumberFormat, sealNumberFormat, takeNumber } from './registration-numbers.js';
import { writing } from './transaction.js';

/** The history change names each matter writes. */
const CHANGES: Record<string, string[]> = {
  initial: ['initial'],
  're-register': ['re-register'],
  change: ['change'],
  renewal: ['renewal'],
  'add-specialty': ['add-specialty'],
  'modify-reissue': ['change-seal', 'reissue-certificate'],
};

interface Context {
  deps: WorkerDeps;
  transaction: Transaction;
  job: Job;
  application: Application;
  profession: ProfessionCode;
  matter: string;
  today: string;
  status: RegistrationStatus;
}

function personOf(context: Context): number {
  const { personId } = context.application;
  if (!personId) throw new Error(`case ${context.application.id} has no applicant to register`);
  return personId;
}

async function activeRegistrations(context: Context, where: Record<string, unknown> = {}): Promise<Registration[]> {
  return context.deps.models.Registration.findAll({
    where: { personId: personOf(context), profession: context.profession, status: ACTIVE_STATUSES, ...where },
    order: [['id', 'ASC']],
    transaction: context.transaction,
  });
}

/** The registration of the case's specialty and, where the profession numbers per person, its siblings under the same 注册号. */
async function registrationsOfCase(context: Context): Promise<Registration[]> {
  const specialties = caseSpecialties(context.application);
  const found = await activeRegistrations(context, specialties.length ? { specialty: specialties } : {});
  if (!found.length) throw new Error(`case ${context.application.id}: no active ${context.profession} registration of ${specialties.join(', ') || 'any specialty'}`);
  if (!numberedPerPerson(context.profession)) return found;
  return activeRegistrations(context, { registrationNumber: found[0].registrationNumber });
}

async function caseEmployer(context: Context): Promise<Enterprise> {
  const employer = await employerOf(context.job, context.application, context.deps, context.transaction);
  if (!employer) throw new Error(`case ${context.application.id} names no known employer`);
  return employer;
}

function validity(context: Context): { validFrom: string; validTo: string } {
  return validityFrom(context.today, professionByCode(context.profession).validityYears);
}

async function register(context: Context): Promise<Registration[]> {
  const { deps, transaction, application, profession } = context;
  const specialties = caseSpecialties(application);
  if (!specialties.length) throw new Error(`case ${application.id} names no specialty to register`);
  const employer = await caseEmployer(context);
  const active = await activeRegistrations(context);
  const clash = specialties.find((s) => active.some((r) => r.specialty === s));
  if (clash) throw new Error(`case ${application.id}: the person already holds an active registration of ${clash}`);

  const year = Number(context.today.slice(0, 4));
  const newNumbers = async (specialty: string) => ({
    registrationNumber: await takeNumber(deps, transaction, registrationNumberFormat(profession, specialty, employer.province, year)),
    sealNumber: await takeNumber(deps, transaction, sealNumberFormat(profession, specialty, employer.province)),
  });
  const held = numberedPerPerson(profession) ? active.find((r) => r.registrationNumber) : undefined;
  let shared = held ? { registrationNumber: held.registrationNumber, sealNumber: held.sealNumber } : null;
  const written: Registration[] = [];
  for (const specialty of specialties) {
    const numbers = shared ?? (await newNumbers(specialty));
    if (numberedPerPerson(profession)) shared = numbers;
    const registration = await deps.models.Registration.create(
      { personId: personOf(context), profession, specialty, enterpriseId: employer.id, ...numbers, ...validity(context), status: context.status },
      { transaction },
    );
    await recordChange(deps, transaction, { registration, change: context.matter, applicationId: application.id, before: null });
    written.push(registration);
  }
  return written;
}

async function changeEmployer(context: Context): Promise<Registration[]> {
  const employer = await caseEmployer(context);
  const registrations = await registrationsOfCase(context);
  for (const registration of registrations) {
    const before = await stateOf(context.deps, registration, context.transaction);
    await registration.update({ enterpriseId: employer.id, status: context.status }, { transaction: context.transaction });
    await recordChange(context.deps, context.transaction, { registration, change: 'change', applicationId: context.application.id, before });
  }
  return registrations;
}

async function renew(context: Context): Promise<Registration[]> {
  const years = professionByCode(context.profession).validityYears;
  const registrations = await (numberedPerPerson(context.profession) && caseSpecialties(context.application).length
    ? activeRegistrations(context, { specialty: caseSpecialties(context.application) })
    : registrationsOfCase(context));
  if (!registrations.length) throw new Error(`case ${context.application.id}: nothing to renew`);
  for (const registration of registrations) {
    const before = await stateOf(context.deps, registration, context.transaction);
    const next = registration.validTo
      ? { validFrom: addDays(registration.validTo, 1), validTo: addYears(registration.validTo, years) }
      : validity(context);
    await registration.update({ ...next, status: context.status }, { transaction: context.transaction });
    await recordChange(context.deps, context.transaction, { registration, change: 'renewal', applicationId: context.application.id, before });
  }
  return registrations;
}

async function addSpecialty(context: Context): Promise<Registration[]> {
  const { deps, transaction, application } = context;
  const active = await activeRegistrations(context);
  const base = active.find((r) => r.registrationNumber);
  if (!base) throw new Error(`case ${application.id}: 增项 needs an active ${context.profession} registration`);
  const specialties = caseSpecialties(application);
  if (!specialties.length) throw new Error(`case ${application.id} names no specialty to add`);
  const clash = specialties.find((s) => active.some((r) => r.specialty === s));
  if (clash) throw new Error(`case ${application.id}: the person already holds an active registration of ${clash}`);
  const written: Registration[] = [];
  for (const specialty of specialties) {
    const registration = await deps.models.Registration.create(
      {
        personId: base.personId,
        profession: context.profession,
        specialty,
        enterpriseId: base.enterpriseId,
        registrationNumber: base.registrationNumber,
        sealNumber: base.sealNumber,
        ...validity(context),
        status: context.status,
      },
      { transaction },
    );
    await recordChange(deps, transaction, { registration, change: 'add-specialty', applicationId: application.id, before: null });
    written.push(registration);
  }
  return written;
}

async function modifyOrReissue(context: Context): Promise<Registration[]> {
  const { deps, transaction, application, profession } = context;
  const requirement = formText(application, 'reissueRequirement');
  if (requirement !== 'change-seal' && requirement !== 'reissue-certificate') {
    throw new Error(`case ${application.id}: 更改/补办要求 is "${String(requirement)}", not change-seal or reissue-certificate`);
  }
  const registrations = await registrationsOfCase(context);
  const employer = await deps.models.Enterprise.findByPk(registrations[0].enterpriseId, { transaction });
  const sealNumber =
    requirement === 'change-seal' ? await takeNumber(deps, transaction, sealNumberFormat(profession, registrations[0].specialty, employer?.province ?? application.province ?? '')) : null;
  for (const registration of registrations) {
    const before = await stateOf(deps, registration, transaction);
    if (sealNumber) await registration.update({ sealNumber }, { transaction });
    await recordChange(deps, transaction, {
      registration,
      change: requirement,
      applicationId: application.id,
      before,
      extra: { reissueReason: formText(application, 'reissueReason') },
    });
  }
  return registrations;
}

const WRITERS: Record<string, (context: Context) => Promise<Registration[]>> = {
  initial: register,
  're-register': register,
  change: changeEmployer,
  renewal: renew,
  'add-specialty': addSpecialty,
  'modify-reissue': modifyOrReissue,
};

function registrationNo(registrations: Registration[]): string {
  return [...new Set(registrations.map((r) => r.registrationNumber).filter(Boolean))].join('、');
}

export const writeRegistration: JobWorker = {
  type: 'zhuce.write-registration',
  async handle(job, deps) {
    const number = await writing(deps, async (transaction) => {
      const application = await lockedApplication(job, deps, transaction);
      const matter = String(job.variables.matter ?? application.matter);
      const profession = String(job.variables.profession ?? application.profession);
      const write = WRITERS[matter];
      if (!write) throw new Error(`zhuce.write-registration: nothing to write for matter ${matter}`);
      if (!isProfessionCode(profession)) throw new Error(`zhuce.write-registration: unknown profession ${profession}`);

      const { Registration, RegistrationHistory } = deps.models;
      const done = await RegistrationHistory.findAll({ where: { applicationId: application.id, change: CHANGES[matter] }, transaction });
      if (done.length) {
        return registrationNo(await Registration.findAll({ where: { id: done.map((h) => h.registrationId) }, order: [['id', 'ASC']], transaction }));
      }
      const written = await write({
        deps,
        transaction,
        job,
        application,
        profession,
        matter,
        today: chinaDay(deps.clock.now()),
        status: application.flags?.preRegistration === true ? '预注册' : '已注册',
      });
      await writeAudit(deps, transaction, {
        action: 'registration-written',
        entityType: 'application',
        entityId: application.id,
        detail: {
          matter,
          registrations: written.map((r) => ({ id: r.id, specialty: r.specialty, registrationNumber: r.registrationNumber, sealNumber: r.sealNumber, validTo: r.validTo, status: r.status })),
        },
        dedupeKey: dedupeKey(job),
      });
      return registrationNo(written);
    });
    return complete({ registrationNo: number });
  },
};
