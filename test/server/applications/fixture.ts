/**
 * The application service on a migrated database with the demo data set, the
 * real processes in the catalog, the real forms, a recording engine and a
 * manual clock. Inbox tasks are made as the engine would hand them out, so a
 * test places a case at the employer's 上报 task or at acceptance without a
 * running process.
 */
import { QUALIFICATION_METHODS } from '../../../server/domain/professions.js';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { ApplicationService } from '../../../server/applications/application-service.js';
import { CaseEvents } from '../../../server/applications/case-events.js';
import { COMMITMENT_READING_MS } from '../../../server/applications/commitments.js';
import { ManualClock } from '../../../server/clock.js';
import type { Account } from '../../../server/db/models/account.js';
import type { Application } from '../../../server/db/models/application.js';
import type { Enterprise } from '../../../server/db/models/enterprise.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import type { Person } from '../../../server/db/models/person.js';
import { readModels } from '../../../server/engine/deploy-models.js';
import { USER_TASK_JOB_TYPE } from '../../../server/engine/port.js';
import { ProcessCatalog } from '../../../server/engine/process-catalog.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { HttpError } from '../../../server/http/errors.js';
import { UserTaskService } from '../../../server/inbox/user-task-service.js';
import { localRegisters } from '../../../server/registers/local.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { RecordingEngine } from '../../support/recording-engine.js';
import { jpeg, png } from '../validation/images.js';

/** Monday 2 March 2026, 10:00 in Beijing. */
export const NOW = new Date('2026-03-02T02:00:00Z');
const ROOT = path.resolve('.');
const DAY_MS = 86_400_000;

/** The catalog as a deployment of the repository's processes would fill it. */
export async function repositoryCatalog(): Promise<ProcessCatalog> {
  const catalog = new ProcessCatalog();
  const resources = readModels([path.join(ROOT, 'processes')]);
  await catalog.record(resources, {
    key: '1',
    processes: resources.map((r) => ({ bpmnProcessId: r.name.replace(/\.bpmn$/, ''), version: 1, processDefinitionKey: '1', resourceName: r.name })),
    forms: [],
  });
  return catalog;
}

export interface Fixture {
  sequelize: Sequelize;
  models: Models;
  clock: ManualClock;
  engine: RecordingEngine;
  userTasks: UserTaskService;
  service: ApplicationService;
  account(username: string): Promise<Account>;
  personOf(username: string): Promise<Person>;
  enterpriseOf(username: string): Promise<Enterprise>;
  /** An uploaded file of the account, as the upload endpoint stores it. */
  upload(account: Account, fileName: string, bytes: Buffer): Promise<number>;
  /** A valid photo and signature on file in the person's profile. */
  givePhotoAndSignature(username: string): Promise<void>;
  /** The letter opened and read for 60 seconds. */
  readLetter(account: Account, purpose: Parameters<ApplicationService['openCommitment']>[1]): Promise<void>;
  /** An open inbox task of the case, as the engine hands a user task out. */
  taskAt(application: Application, elementId: string, groups: string[]): Promise<number>;
  registration(username: string, values: { profession: string; specialty: string; employer: string; daysLeft: number }): Promise<void>;
  /** A case of the applicant at the employer, in the given status, as the process would have left it. */
  caseAt(username: string, employer: string, status: string, processId: string, specialties?: string[]): Promise<Application>;
  /** Row counts of everything a request could change, the cases' statuses, and what the engine was told. */
  snapshot(): Promise<Record<string, number | string>>;
  close(): Promise<void>;
}

const COUNTED = ['applications', 'application_events', 'messages', 'inbox_tasks', 'audit_log', 'appeals', 'announcements', 'person_employers'];

export async function fixture(): Promise<Fixture> {
  const sequelize = await migratedDatabase();
  const models = defineModels(sequelize);
  const clock = new ManualClock(NOW);
  await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
  const demoPersons = await models.Person.findAll({ where: { name: ['张伟', '李娜', '王芳', '刘洋'] } });
  for (const q of await models.Qualification.findAll({ where: { idNumber: demoPersons.map((p) => p.idNumber) } })) {
    DEMO_CERTIFICATES[q.specialty] = {
      qualificationNo: q.certificateNumber,
      qualificationApprovalDate: q.approvalDate,
      qualificationMethod: QUALIFICATION_METHODS.find((m) => m.name === q.obtainedBy)!.code,
    };
  }
  Object.assign(ZHANGWEI_STRUCTURAL, DEMO_CERTIFICATES.structural);
  const engine = new RecordingEngine();
  const catalog = await repositoryCatalog();
  const forms = FormRegistry.fromDirectory(path.join(ROOT, 'forms'));
  const userTasks = new UserTaskService({ engine, models, sequelize, clock, forms, catalog });
  const caseEvents = new CaseEvents({ models, sequelize, clock });
  const service = new ApplicationService({ models, sequelize, clock, engine, catalog, forms, userTasks, caseEvents, registers: localRegisters(models) });
  let jobs = 0;
  let cases = 0;

  const account = async (username: string) => (await models.Account.findOne({ where: { username } }))!;
  const personOf = async (username: string) => (await models.Person.findByPk((await account(username)).personId!))!;
  const enterpriseOf = async (username: string) => (await models.Enterprise.findByPk((await account(username)).enterpriseId!))!;
  const upload = async (owner: Account, fileName: string, bytes: Buffer) => {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    if (!(await models.AttachmentContent.findByPk(sha256))) await models.AttachmentContent.create({ sha256, content: bytes });
    const attachment = await models.Attachment.create({
      kind: 'upload',
      fileName,
      mimeType: fileName.endsWith('.png') ? 'image/png' : fileName.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg',
      size: bytes.length,
      sha256,
      width: null,
      height: null,
      personId: owner.personId,
      enterpriseId: owner.enterpriseId,
      applicationId: null,
      uploadedBy: owner.id,
    });
    return attachment.id;
  };

  return {
    sequelize,
    models,
    clock,
    engine,
    userTasks,
    service,
    account,
    personOf,
    enterpriseOf,
    upload,
    async givePhotoAndSignature(username) {
      const owner = await account(username);
      const photo = await upload(owner, 'photo.jpg', jpeg(295, 413));
      const signature = await upload(owner, 'signature.png', png(405, 162));
      await models.Person.update({ photoAttachmentId: photo, signatureAttachmentId: signature }, { where: { id: owner.personId! } });
    },
    async readLetter(reader, purpose) {
      await service.openCommitment(reader, purpose);
      clock.advance(COMMITMENT_READING_MS);
    },
    async taskAt(application, elementId, groups) {
      jobs += 1;
      const task = await userTasks.receive({
        key: `job-${jobs}`,
        type: USER_TASK_JOB_TYPE,
        processInstanceKey: application.processInstanceKey ?? '1',
        bpmnProcessId: String(application.data?.processId),
        processDefinitionVersion: 1,
        elementId,
        elementInstanceKey: `element-${jobs}`,
        customHeaders: { 'io.camunda.zeebe:candidateGroups': JSON.stringify(groups) },
        variables: { applicationId: String(application.id), employerCode: application.data?.employerCode ?? null },
        retries: 3,
        deadline: Date.now() + 60_000,
      });
      return task!.id;
    },
    async registration(username, { profession, specialty, employer, daysLeft }) {
      const person = await personOf(username);
      const enterprise = await enterpriseOf(employer);
      const validTo = new Date(clock.now().getTime() + daysLeft * DAY_MS).toISOString().slice(0, 10);
      await models.Registration.create({
        personId: person.id,
        profession,
        specialty,
        enterpriseId: enterprise.id,
        registrationNumber: `T${person.id}${specialty}`.slice(0, 20),
        sealNumber: `S${person.id}-${specialty}`.slice(0, 20),
        validFrom: `${Number(validTo.slice(0, 4)) - 3}${validTo.slice(4)}`,
        validTo,
        status: '已注册',
      });
    },
    async caseAt(username, employer, status, processId, specialties) {
      const person = await personOf(username);
      const enterprise = await enterpriseOf(employer);
      const [, matter, profession] = /^zhuce-(.+)-([a-z]+)$/.exec(processId)!;
      cases += 1;
      return models.Application.create({
        number: `T-${cases}`,
        matter,
        profession,
        personId: person.id,
        enterpriseId: enterprise.id,
        province: enterprise.province,
        specialties: specialties ?? null,
        status,
        data: { processId, employerCode: enterprise.creditCode },
        flags: null,
        processInstanceKey: String(100 + cases),
        submittedAt: null,
        acceptedAt: null,
        decidedAt: null,
      });
    },
    async snapshot() {
      const result: Record<string, number | string> = {};
      for (const table of COUNTED) {
        const [rows] = await sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
        result[table] = Number((rows as Array<{ n: number | string }>)[0].n);
      }
      const [bound] = await sequelize.query('SELECT COUNT(*) AS n FROM attachments WHERE "applicationId" IS NOT NULL');
      result.boundAttachments = Number((bound as Array<{ n: number | string }>)[0].n);
      const [statuses] = await sequelize.query('SELECT status FROM applications ORDER BY id');
      result.statuses = (statuses as Array<{ status: string }>).map((s) => s.status).join('|');
      const [readings] = await sequelize.query("SELECT COUNT(*) AS n FROM commitment_readings WHERE decision IS NOT NULL");
      result.decidedReadings = Number((readings as Array<{ n: number | string }>)[0].n);
      result.engineInstances = engine.instances.length;
      result.engineMessages = engine.messages.length;
      result.completedJobs = engine.completed.length;
      return result;
    },
    close: () => sequelize.close(),
  };
}

export const DESIGN_CONDITIONS = { conditionQualified: true, conditionSingleEmployer: true, conditionContinuingEducation: true };

type CertificateFacts = { qualificationNo: string; qualificationApprovalDate: string; qualificationMethod: string };

/** The demo persons' certificates by specialty as the seeded 资格库 holds them (read by fixture()): the start rules check the form against them. */
export const DEMO_CERTIFICATES: Record<string, CertificateFacts> = {};

/** zhangwei's 一级注册结构工程师 certificate. */
export const ZHANGWEI_STRUCTURAL: CertificateFacts = { qualificationNo: '', qualificationApprovalDate: '', qualificationMethod: 'exam' };

/** 勘察设计注册工程师 初始注册 as zhangwei fills it in (or the demo person holding the specialty), from the certificate of the specialty. */
export function engineerInitial(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const specialty = typeof overrides.specialty === 'string' ? overrides.specialty : 'structural';
  return {
    ...DESIGN_CONDITIONS,
    personalCommitment: 'accept',
    specialty,
    ...(DEMO_CERTIFICATES[specialty] ?? ZHANGWEI_STRUCTURAL),
    ...overrides,
  };
}

/** The constructors' basic-information block (seed 002). */
export const CONSTRUCTOR_PROFILE = {
  noticeAccepted: true,
  ethnicity: '汉族',
  education: '大学本科',
  degree: '学士',
  school: '浙江大学',
  major: '土木工程',
  graduationDate: '2012-06-30',
  personalCommitment: 'accept',
  smsCode: '123456',
};

/**
 * Runs a request that must be refused: the error carries the status and the
 * exact message, and nothing the service could have written has changed.
 */
export async function assertRefusedUnchanged(f: Fixture, request: () => Promise<unknown>, status: number, message: string | RegExp): Promise<void> {
  const before = await f.snapshot();
  await assert.rejects(request, (err: unknown) => {
    assert.ok(err instanceof HttpError, `expected an HttpError, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
  assert.deepEqual(await f.snapshot(), before, 'the refusal changed nothing');
}
