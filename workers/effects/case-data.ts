/**
 * What the effect workers read about a case. The database is the system of
 * record: the start form is `applications.data`, reviewers' submissions are
 * `inbox_tasks.result`; process variables carry ids and decisions, so a value
 * the job does not carry is looked up in the latest task that submitted it.
 */
import type { Transaction } from 'sequelize';
import type { Application } from '../../server/db/models/application.js';
import type { Enterprise } from '../../server/db/models/enterprise.js';
import type { Person } from '../../server/db/models/person.js';
import { caseTitle } from '../../server/domain/labels.js';
import type { Job } from '../../server/engine/port.js';
import type { WorkerDeps } from '../worker.js';

/** The case, locked for this transaction so two deliveries of one job write one after the other. */
export async function lockedApplication(job: Job, deps: WorkerDeps, transaction: Transaction): Promise<Application> {
  const id = Number(job.variables.applicationId);
  const application = Number.isInteger(id)
    ? await deps.models.Application.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE })
    : null;
  if (!application) throw new Error(`job ${job.type} without a known applicationId (${String(job.variables.applicationId)})`);
  return application;
}

/** The employer-side matters of seed 001, which belong to no profession. */
/** 一级建造师注销手续, 勘察设计注册工程师初始注册, 企业名称变更: the matter in the profession's own words. */
export function caseMatterName(application: Application): string {
  return caseTitle(application.profession, application.matter);
}

export function formValue(application: Application, key: string): unknown {
  return application.data?.[key];
}

export function formText(application: Application, key: string): string | null {
  const value = formValue(application, key);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** How a document labels the person's ID: 身份证号, or 护照号码 and the like for other ID types. */
export function idLabel(idType: string | null | undefined): string {
  return !idType || idType === '身份证' ? '身份证号' : `${idType}号码`;
}

/** The specialty codes the case names: the case record, else the start form's specialty fields. */
export function caseSpecialties(application: Application): string[] {
  const listed = application.specialties?.filter((s) => typeof s === 'string' && s) ?? [];
  if (listed.length) return [...new Set(listed)];
  const data = application.data ?? {};
  const fromForm = [
    ...(Array.isArray(data.specialties) ? data.specialties : []),
    data.specialty,
    data.specialty1,
    data.specialty2,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [...new Set(fromForm)];
}

/** A variable of the job, else the value the latest submitted task of the case stored under that name. */
export async function caseValue(job: Job, deps: WorkerDeps, application: Application, name: string, transaction?: Transaction): Promise<unknown> {
  const carried = job.variables[name];
  if (carried !== undefined && carried !== null && carried !== '') return carried;
  const tasks = await deps.models.InboxTask.findAll({
    where: { applicationId: application.id, status: ['completing', 'completed'] },
    order: [
      ['completedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    transaction,
  });
  for (const task of tasks) {
    const value = task.result?.[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return null;
}

export async function caseText(job: Job, deps: WorkerDeps, application: Application, name: string, transaction?: Transaction): Promise<string | null> {
  const value = await caseValue(job, deps, application, name, transaction);
  return value === null ? null : String(value).trim() || null;
}

export async function applicantOf(application: Application, deps: WorkerDeps, transaction?: Transaction): Promise<Person> {
  const person = application.personId ? await deps.models.Person.findByPk(application.personId, { transaction }) : null;
  if (!person) throw new Error(`application ${application.id} has no applicant on record`);
  return person;
}

/** The case's employer: the case record, else the credit code the process carries. */
export async function employerOf(job: Job, application: Application, deps: WorkerDeps, transaction?: Transaction): Promise<Enterprise | null> {
  const { Enterprise } = deps.models;
  if (application.enterpriseId) return Enterprise.findByPk(application.enterpriseId, { transaction });
  const code = job.variables.employerCode;
  return typeof code === 'string' && code ? Enterprise.findOne({ where: { creditCode: code.toUpperCase() }, transaction }) : null;
}

/**
 * The attachment ids a file field of the start form holds: an id, a list of
 * ids, or objects carrying `id` / `attachmentId`, as the upload stored them.
 */
export function attachmentIds(value: unknown): number[] {
  const one = (v: unknown): number[] => {
    if (typeof v === 'number' && Number.isInteger(v)) return [v];
    if (typeof v === 'string' && /^\d+$/.test(v)) return [Number(v)];
    if (v && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      return one(record.attachmentId ?? record.id);
    }
    return [];
  };
  return Array.isArray(value) ? value.flatMap(one) : one(value);
}

export async function attachmentBytes(deps: WorkerDeps, attachmentId: number | null, transaction?: Transaction): Promise<Buffer | null> {
  if (!attachmentId) return null;
  const attachment = await deps.models.Attachment.findByPk(attachmentId, { transaction });
  if (!attachment) return null;
  const content = await deps.models.AttachmentContent.findByPk(attachment.sha256, { transaction });
  return content?.content ?? null;
}
