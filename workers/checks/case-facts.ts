/**
 * What the checks read about a case from the database: the applicant, the
 * employer named by the job, the specialties the start form asked for, the
 * person's registrations, the files uploaded with the request, and whether
 * other cases are still in flight.
 */
import { Op } from 'sequelize';
import type { Job } from '../../server/engine/port.js';
import type { Application } from '../../server/db/models/application.js';
import type { Attachment } from '../../server/db/models/attachment.js';
import type { Registration } from '../../server/db/models/registration.js';
import { matterOf, isProfessionCode, type MatterCode } from '../../server/domain/professions.js';
import { chinaDate } from '../../server/validation/fields.js';
import type { WorkerDeps } from '../worker.js';

export async function applicantOf(application: Application, deps: WorkerDeps) {
  const person = application.personId ? await deps.models.Person.findByPk(application.personId) : null;
  if (!person) throw new Error(`application ${application.id} has no known applicant (personId ${String(application.personId)})`);
  return person;
}

/** The 统一社会信用代码 the process carries: the employer that reports (the new one in 变更注册). */
export function employerCodeOf(job: Job): string {
  const code = job.variables.employerCode;
  if (typeof code !== 'string' || code.trim() === '') throw new Error(`job ${job.type} without employerCode`);
  return code.trim().toUpperCase();
}

/** The employer's own record (account, basic info); an unknown code is a fault of the caller, not a refusal. */
export async function employerOf(job: Job, deps: WorkerDeps) {
  const creditCode = employerCodeOf(job);
  const enterprise = await deps.models.Enterprise.findOne({ where: { creditCode } });
  if (!enterprise) throw new Error(`job ${job.type}: no enterprise with credit code ${creditCode}`);
  return enterprise;
}

/** The employer as the enterprise register knows it (kind, qualification certificates). */
export async function employerRecordOf(job: Job, deps: WorkerDeps) {
  const creditCode = employerCodeOf(job);
  const record = await deps.registers.enterprises.find(creditCode);
  if (!record) throw new Error(`job ${job.type}: the enterprise register has no ${creditCode}`);
  return record;
}

/**
 * The specialty codes a case asks for, as its start form names them
 * (`specialty`, `specialties`, `specialty1`/`specialty2`), else as the case
 * record lists them. Empty where the form names none (一级建造师 注销手续).
 */
export function caseSpecialties(application: Pick<Application, 'data' | 'specialties'>): string[] {
  const data = application.data ?? {};
  const listed = Array.isArray(data.specialties) ? data.specialties : [];
  const named = [data.specialty, ...listed, data.specialty1, data.specialty2].filter(
    (s): s is string => typeof s === 'string' && s.trim() !== '',
  );
  return [...new Set(named.length > 0 ? named : (application.specialties ?? []))];
}

/** The matter as the profession words it (一级建造师: 注销手续, 信息修改). */
export function matterLabel(application: Pick<Application, 'profession' | 'matter'>): string {
  const offering = isProfessionCode(application.profession) ? matterOf(application.profession, application.matter as MatterCode) : undefined;
  return offering?.name ?? application.matter;
}

/** Registrations that still bind the person: registered or pre-registered, not cancelled. */
export const ACTIVE_REGISTRATION_STATUSES = ['已注册', '预注册'];

export async function activeRegistrations(
  deps: WorkerDeps,
  where: { personId: number; profession?: string; specialty?: string },
): Promise<Array<Registration & { enterprise?: { name: string; creditCode: string } }>> {
  return deps.models.Registration.findAll({
    where: { ...where, status: { [Op.in]: ACTIVE_REGISTRATION_STATUSES } },
    include: [{ model: deps.models.Enterprise, as: 'enterprise', attributes: ['name', 'creditCode'] }],
    order: [['id', 'ASC']],
  });
}

/**
 * The files uploaded with the request in one start-form field: an upload is
 * an attachment of the case whose kind is the field's key (photo, signature,
 * idCardScans, evidenceFiles, renamedQualificationCopy …), newest first.
 */
export async function uploadsOf(application: Application, field: string, deps: WorkerDeps): Promise<Attachment[]> {
  return deps.models.Attachment.findAll({ where: { applicationId: application.id, kind: field }, order: [['id', 'DESC']] });
}

/** Statuses after which a case no longer moves: its process has ended. */
const FINAL_STATUSES = ['审批不通过', '个人撤回', '企业退回', '已发证', '已更正'];
/** Matters whose process ends with the approval itself: no announcement or certificate follows. */
const ENDS_AT_APPROVAL = new Set(['cancel', 'enterprise-rename', 'qualification-fix']);

export function isInFlight(application: Pick<Application, 'status' | 'matter'>): boolean {
  if (FINAL_STATUSES.includes(application.status)) return false;
  return !(application.status === '审批通过' && ENDS_AT_APPROVAL.has(application.matter));
}

/** Other cases still in flight among those the filter finds. */
export async function otherCasesInFlight(
  application: Application,
  where: { personId?: number; enterpriseId?: number; matter?: string | string[] },
  deps: WorkerDeps,
): Promise<Application[]> {
  const { matter, ...rest } = where;
  const rows = await deps.models.Application.findAll({
    where: {
      ...rest,
      ...(matter ? { matter: Array.isArray(matter) ? { [Op.in]: matter } : matter } : {}),
      id: { [Op.ne]: application.id },
      status: { [Op.notIn]: FINAL_STATUSES },
    },
    order: [['id', 'ASC']],
  });
  return rows.filter(isInFlight);
}

/** Today in China (YYYY-MM-DD), where the authority's dates live. */
export function chinaToday(deps: WorkerDeps): string {
  return chinaDate(deps.clock.now());
}
