/**
 * Builds the rows a case needs on top of the demo seed: the demo people and
 * employers by name, an application with its start-form data, and files
 * (photo, signature, evidence) stored as the server stores uploads — an
 * attachment whose kind is the form field's key, linked to the case.
 */
import crypto from 'node:crypto';
import type { Application } from '../../server/db/models/application.js';
import type { Enterprise } from '../../server/db/models/enterprise.js';
import type { Models } from '../../server/db/models/index.js';
import type { Person } from '../../server/db/models/person.js';
import { portraitPng, signaturePng } from '../../server/seed/portrait.js';
import { idNumberCheckChar } from '../../server/validation/id-number.js';

/** The employers of server/seed/demo.ts, by the key the seed gives them. */
export const DEMO_EMPLOYERS = {
  design: '浙江华建工程设计有限公司',
  construction: '浙江宏远建设集团有限公司',
  supervision: '浙江正诚工程监理有限公司',
  unqualified: '浙江新筑工程设计有限公司',
  testing: '浙江安信建筑工程检测有限公司',
  drawingReview: '杭州恒信施工图审查中心',
  other: '江苏中衡建筑设计研究院有限公司',
} as const;

export type DemoEmployer = keyof typeof DEMO_EMPLOYERS;

/** A demo applicant (zhangwei, lina, wangfang, liuyang) by login name. */
export async function demoPerson(models: Models, username: string): Promise<Person> {
  const account = await models.Account.findOne({ where: { username } });
  const person = account?.personId ? await models.Person.findByPk(account.personId) : null;
  if (!person) throw new Error(`no demo person ${username}`);
  return person;
}

export async function demoEmployer(models: Models, key: DemoEmployer): Promise<Enterprise> {
  const enterprise = await models.Enterprise.findOne({ where: { name: DEMO_EMPLOYERS[key] } });
  if (!enterprise) throw new Error(`no demo employer ${key}`);
  return enterprise;
}

let filed = 0;

export interface CaseSpec {
  person?: Person | null;
  employer?: Enterprise | null;
  profession: string;
  matter: string;
  /** The start form's values, keys as in forms/apply-*.form. */
  data?: Record<string, unknown>;
  specialties?: string[];
  status?: string;
  /** When the case was filed; a fixed day by default so documents that print it do not follow the calendar. */
  submittedAt?: Date;
}

/** The day fileCase files on unless told otherwise; the document specs' clocks stand on it. */
export const FILED_AT = new Date('2026-11-23T02:00:00Z');

/** An application as the application service files it: 个人已上报 unless told otherwise. */
export async function fileCase(models: Models, spec: CaseSpec): Promise<Application> {
  filed += 1;
  const data = spec.data ?? {};
  const named = [data.specialty, ...(Array.isArray(data.specialties) ? data.specialties : []), data.specialty1, data.specialty2].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  return models.Application.create({
    number: `T${process.pid}${String(filed).padStart(5, '0')}`,
    matter: spec.matter,
    profession: spec.profession,
    personId: spec.person?.id ?? null,
    enterpriseId: spec.employer?.id ?? null,
    province: spec.employer?.province ?? null,
    specialties: spec.specialties ?? named,
    status: spec.status ?? '个人已上报',
    data: { ...(spec.employer ? { employerCode: spec.employer.creditCode, employerName: spec.employer.name } : {}), ...data },
    flags: null,
    processInstanceKey: String(9000 + filed),
    submittedAt: spec.submittedAt ?? FILED_AT,
    acceptedAt: null,
    decidedAt: null,
  });
}

export interface FileSpec {
  /** The form field's key (photo, signature, idCardScans …). */
  kind: string;
  fileName: string;
  bytes: Buffer;
  personId?: number | null;
  enterpriseId?: number | null;
  applicationId?: number | null;
  mimeType?: string;
}

/** Stores the bytes once per hash and an attachment pointing to them. */
export async function storeFile(models: Models, spec: FileSpec) {
  const sha256 = crypto.createHash('sha256').update(spec.bytes).digest('hex');
  await models.AttachmentContent.findOrCreate({ where: { sha256 }, defaults: { sha256, content: spec.bytes } });
  return models.Attachment.create({
    kind: spec.kind,
    fileName: spec.fileName,
    mimeType: spec.mimeType ?? (/\.png$/i.test(spec.fileName) ? 'image/png' : /\.jpe?g$/i.test(spec.fileName) ? 'image/jpeg' : 'application/octet-stream'),
    size: spec.bytes.length,
    sha256,
    width: null,
    height: null,
    personId: spec.personId ?? null,
    enterpriseId: spec.enterpriseId ?? null,
    applicationId: spec.applicationId ?? null,
    uploadedBy: null,
  });
}

/** Puts a real photo and signature (PNG, recommended sizes) on file in the person's profile. */
export async function givePortrait(models: Models, person: Person): Promise<void> {
  const photo = await storeFile(models, { kind: 'photo', fileName: 'photo.png', bytes: portraitPng(person.name), personId: person.id });
  const signature = await storeFile(models, { kind: 'signature', fileName: 'signature.png', bytes: signaturePng(person.name), personId: person.id });
  await person.update({ photoAttachmentId: photo.id, signatureAttachmentId: signature.id });
}

let born = 0;

/** A person outside the demo seed, with a valid 身份证号 of Hangzhou. */
export async function newPerson(models: Models, name: string, fields: Partial<Pick<Person, 'idType' | 'sex'>> = {}): Promise<Person> {
  born += 1;
  const first17 = `33010619850315${String(born).padStart(3, '0')}`;
  return models.Person.create({
    idType: fields.idType ?? '身份证',
    idNumber: `${first17}${idNumberCheckChar(first17)}`,
    name,
    sex: fields.sex ?? (born % 2 === 1 ? '男' : '女'),
    birthDate: '1985-03-15',
    ethnicity: '汉族',
    mobile: null,
    email: null,
    education: null,
    school: null,
    major: null,
    graduationDate: null,
    photoAttachmentId: null,
    signatureAttachmentId: null,
  });
}

let issued = 0;

/** A registration of the person at the employer, active unless told otherwise. */
export async function registerPerson(
  models: Models,
  person: Person,
  employer: Enterprise,
  registration: { profession: string; specialty: string; validTo?: string; status?: '已注册' | '预注册' | '已注销' },
) {
  issued += 1;
  const validTo = registration.validTo ?? '2028-06-30';
  return models.Registration.create({
    personId: person.id,
    profession: registration.profession,
    specialty: registration.specialty,
    enterpriseId: employer.id,
    registrationNumber: `TREG${String(issued).padStart(6, '0')}`,
    sealNumber: `TSEAL-${String(issued).padStart(5, '0')}`,
    validFrom: `${Number(validTo.slice(0, 4)) - 3}${validTo.slice(4)}`,
    validTo,
    status: registration.status ?? '已注册',
  });
}
