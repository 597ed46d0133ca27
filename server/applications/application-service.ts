/**
 * The application service the portals call: start a matter, submit a task,
 * withdraw, report or return (employer), publish an announcement (ministry).
 *
 * Every refusal is a Refusal (or the inbox's SubmissionRefused) with a
 * Chinese message naming the field and the rule, thrown before anything is
 * written; what a request changes it changes in one transaction. Starting a
 * case writes the case, its first timeline entry, the uses of the commitment
 * reading and the uploaded files, commits, and then starts the process; when
 * the engine refuses, the case is taken back out, so the database is as it
 * was.
 *
 * Attachments: the page uploads files first and puts attachment ids into the
 * form's filepicker fields (see uploads.ts). Commitment letters: the page
 * calls openCommitment when it shows the letter (see commitments.ts).
 */
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Application } from '../db/models/application.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import type { InboxTask } from '../db/models/inbox-task.js';
import type { Person } from '../db/models/person.js';
import type { EnginePort, Variables } from '../engine/port.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import type { FormRegistry } from '../forms/registry.js';
import type { FormSchema } from '../forms/schema.js';
import { validateSubmission } from '../forms/validate-submission.js';
import { HttpError } from '../http/errors.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';
import { canViewCase } from '../cases/access.js';
import { SubmissionRefused, type UserTaskService } from '../inbox/user-task-service.js';
import type { Registers } from '../registers/ports.js';
import type { SmsCode, SmsCodes } from '../sms/codes.js';
import type { ServiceActor } from './actor.js';
import type { DocumentService } from '../documents/document-service.js';
import { Announcements, type PublishedAnnouncement } from './announcements.js';
import type { CaseEvents } from './case-events.js';
import { CommitmentTimer, type OpenedLetter } from './commitments.js';
import { AlreadyFiled, FilingKeys, startFilingKey } from './filing-keys.js';
import { EMPLOYER_REPORT_FORM, EMPLOYER_REPORT_PURPOSE, EmployerDesk, type EmployerDecision, type EmployerDecisionResult } from './employer-desk.js';
import { Employment, type EmployerInput } from './employment.js';
import { resolveMatter, type ResolvedMatter, type StartMatter } from './matters.js';
import { defineApplicationModels, type ApplicationModels, type CommitmentLetter, type CommitmentReading } from './models.js';
import { nextApplicationNumber, withUniqueRetry } from './numbering.js';
import { Refusal, conflict, notYours, unknown } from './refusal.js';
import { StartFactFinder, findComponent, type StartFacts } from './start-facts.js';
import { StartRules, checkConditions, checkRequiredByRule } from './start-rules.js';
import { specialtyChoices } from './specialty-choices.js';
import { STATUS } from './statuses.js';
import { SOCIAL_SECURITY_WARNING, SUBMITTED, SUBMITTED_TO_EMPLOYER } from './texts.js';
import { UploadChecks, attachmentIds, fileFields, type Upload } from './uploads.js';
import { Withdrawals, type WithdrawalResult } from './withdrawals.js';

export interface ApplicationServiceDeps {
  models: Models;
  sequelize: Sequelize;
  clock: Clock;
  engine: EnginePort;
  catalog: ProcessCatalog;
  forms: FormRegistry;
  userTasks: UserTaskService;
  caseEvents: CaseEvents;
  registers: Registers;
  /** The 公告 PDF is rendered when an announcement is published (announcements.ts). */
  documents?: DocumentService;
  /**
   * 短信验证码 (seed 003 §3.1.4): with it, a start form that asks for the code
   * is refused unless the code sent to the person's phone is typed; without it
   * (unit fixtures), the form's pattern alone judges the field.
   */
  smsCodes?: SmsCodes;
  log?: (message: string) => void;
}

export interface MatterRequest {
  /** architect / engineer / constructor / supervisor; not needed for the employer's own matters. */
  profession?: string;
  /** A matter code of professions.ts, or photo-signature, enterprise-rename, qualification-fix. */
  matter: StartMatter | string;
}

export interface StartRequest extends MatterRequest {
  /** The start form as the page submits it; file fields carry attachment ids. */
  formData: Record<string, unknown>;
  /** The answers to the page's questions: 确定 on the social-security warning (rule 3). */
  acknowledgements?: { socialSecurity?: boolean };
}

export interface StartResult {
  application: Application;
  /** The same form opening was filed before: this is that case, and nothing was created now. */
  repeated?: boolean;
  /** What the page shows after submitting (seed 000 §3.2.2, seed 002). */
  message: string;
  /** Accepted but worth telling, e.g. a photo not at the recommended size. */
  warnings: string[];
}

export interface StartForm {
  processId: string;
  formId: string;
  title: string;
  /** The form's input data: read-only values and the flags its conditions read. */
  data: Record<string, unknown>;
  /** The specialties the person may name in this matter (specialty-choices.ts); null: the form's lists stand. */
  allowedSpecialties: string[] | null;
}

/** Profile fields the constructors' forms change directly (rule 15: "the other profile fields change directly"). */
const DIRECT_PROFILE_FIELDS = ['ethnicity', 'education', 'degree', 'school', 'major', 'graduationDate'] as const;

interface PersonChange {
  personId: number;
  before: Partial<Person>;
  after: Partial<Person>;
}

export class ApplicationService {
  readonly own: ApplicationModels;
  private readonly commitments: CommitmentTimer;
  private readonly employment: Employment;
  private readonly facts: StartFactFinder;
  private readonly rules: StartRules;
  private readonly uploads: UploadChecks;
  private readonly withdrawals: Withdrawals;
  private readonly employerDesk: EmployerDesk;
  private readonly announcements: Announcements;
  private readonly filingKeys: FilingKeys;

  constructor(private readonly deps: ApplicationServiceDeps) {
    const { models, sequelize, clock, registers, engine, caseEvents, userTasks } = deps;
    this.own = defineApplicationModels(sequelize);
    this.commitments = new CommitmentTimer({ own: this.own, clock });
    this.filingKeys = new FilingKeys({ sequelize, clock });
    this.employment = new Employment({ models, own: this.own, clock });
    this.facts = new StartFactFinder({ models, registers, clock, employment: this.employment });
    this.rules = new StartRules({ models, registers, clock });
    this.uploads = new UploadChecks({ models });
    this.withdrawals = new Withdrawals({ models, engine, caseEvents, clock, userTasks });
    this.employerDesk = new EmployerDesk({ models, sequelize, userTasks, commitments: this.commitments, rules: this.rules, filingKeys: this.filingKeys });
    this.announcements = new Announcements({ models, own: this.own, sequelize, clock, engine, filingKeys: this.filingKeys, documents: deps.documents, log: deps.log });
  }

  /** The 短信验证码 the start forms ask for, when the SMS port is configured. */
  get smsCodes(): SmsCodes | undefined {
    return this.deps.smsCodes;
  }

  // --- before starting -------------------------------------------------------

  /** 保存企业关系: the applicant's employer (所在企业信息). */
  async saveEmployer(actor: ServiceActor, input: EmployerInput): Promise<Enterprise> {
    if (actor.role !== 'applicant' || !actor.personId) throw notYours('只有申请人可以保存所在企业信息');
    return this.employment.save(actor.personId, input);
  }

  /** The start form of a matter with its input data, as `start` will judge it. */
  async startForm(actor: ServiceActor, request: MatterRequest & { formData?: Record<string, unknown> }): Promise<StartForm> {
    const matter = resolveMatter(actor.role, request.profession, request.matter);
    const schema = this.schemaOf(matter);
    const subject = await this.subjectOf(actor, matter, request.formData ?? {});
    const choices =
      subject.person && matter.filer === 'applicant'
        ? await specialtyChoices({ models: this.deps.models, registers: this.deps.registers }, subject.person, matter.profession, matter.matter)
        : null;
    const allowed = choices?.allowed ?? null;
    // One specialty to choose from is chosen already, with what the register says of it.
    const only = allowed?.length === 1 ? allowed[0] : null;
    const chosen: Record<string, unknown> = {};
    if (only && findComponent(schema, 'specialty')) chosen.specialty = only;
    else if (only && findComponent(schema, 'specialties')) chosen.specialties = [only];
    else if (only && findComponent(schema, 'specialty1')) chosen.specialty1 = only;
    const formData = { ...chosen, ...(request.formData ?? {}) };
    const facts = await this.facts.find({ matter, schema, ...subject, formData, filerName: actor.displayName });
    return {
      processId: matter.processId,
      formId: matter.formId,
      title: matter.title,
      data: { ...chosen, ...facts.registerDefaults, ...facts.context },
      allowedSpecialties: allowed,
    };
  }

  /**
   * The page shows a commitment letter: the 个人承诺书 of a matter (applicant),
   * the 企业承诺书 of a forced cancellation (employer, with the matter), or the
   * 企业承诺书 of reporting (employer, 'employer-report').
   */
  async openCommitment(actor: ServiceActor, purpose: MatterRequest | typeof EMPLOYER_REPORT_PURPOSE): Promise<OpenedLetter> {
    const [letter, key] = this.letterOf(actor, purpose);
    return this.commitments.open(actor.id, letter, key);
  }

  /** 本人不做出上述承诺: cancels the draft; the next attempt opens the letter again. */
  async declineCommitment(actor: ServiceActor, purpose: MatterRequest | typeof EMPLOYER_REPORT_PURPOSE): Promise<{ message: string }> {
    const [letter, key] = this.letterOf(actor, purpose);
    await this.commitments.decline(actor.id, letter, key);
    return { message: '您未作出承诺，本次申报已取消' };
  }

  private letterOf(actor: ServiceActor, purpose: MatterRequest | typeof EMPLOYER_REPORT_PURPOSE): [CommitmentLetter, string] {
    if (purpose === EMPLOYER_REPORT_PURPOSE) {
      if (actor.role !== 'employer') throw notYours('企业承诺书由聘用企业阅读并确认');
      return ['employer', EMPLOYER_REPORT_PURPOSE];
    }
    const matter = resolveMatter(actor.role, purpose.profession, purpose.matter);
    return [matter.filer === 'employer' ? 'employer' : 'personal', matter.processId];
  }

  // --- start -------------------------------------------------------------------

  async start(actor: ServiceActor, request: StartRequest): Promise<StartResult> {
    const matter = resolveMatter(actor.role, request.profession, request.matter);
    const schema = this.schemaOf(matter);
    if (!this.deps.catalog.process(matter.processId)) throw new Refusal(503, `${matter.title}的流程尚未部署，暂不能申报，请联系系统管理员`);
    const formData: Record<string, unknown> = { ...(request.formData ?? {}) };
    if (request.acknowledgements?.socialSecurity === true) formData.socialSecurityAcknowledged = true;

    // The page opened the letter when it showed the form: that opening and what was submitted are the filing's key.
    const [letter] = this.letterOf(actor, request);
    const opening = await this.commitments.latest(actor.id, letter, matter.processId);
    const filingKey = opening ? startFilingKey(opening.id, formData) : null;
    const filed = filingKey ? await this.filingKeys.find('start', actor.id, filingKey) : null;
    if (filed) return this.filedBefore(matter, (filed.result as { applicationId: number }).applicationId);

    let checked: Awaited<ReturnType<typeof this.checkFiling>>;
    try {
      checked = await this.checkFiling(actor, matter, schema, formData);
    } catch (err) {
      // A twin of this submission may have been filed while this one was checked, and made a rule refuse it (one case of a matter at a time).
      const twin = filingKey ? await this.filingKeys.find('start', actor.id, filingKey) : null;
      if (twin) return this.filedBefore(matter, (twin.result as { applicationId: number }).applicationId);
      throw err;
    }
    const { reading, facts, values, uploads, warnings, smsCode } = checked;

    const personChange = this.personChangeOf(facts, values, uploads);
    let application: Application;
    try {
      application = await this.create(actor, facts, values, reading, uploads, personChange, filingKey, smsCode);
    } catch (err) {
      if (!(err instanceof AlreadyFiled)) throw err;
      const first = await this.filingKeys.find('start', actor.id, err.key);
      return this.filedBefore(matter, (first?.result as { applicationId: number }).applicationId);
    }
    try {
      const instance = await this.deps.engine.createInstance(matter.processId, this.startVariables(application, facts));
      await this.deps.models.Application.update({ processInstanceKey: instance.processInstanceKey }, { where: { id: application.id } });
      application.processInstanceKey = instance.processInstanceKey;
    } catch (err) {
      await this.takeBack(application, reading, uploads, personChange, filingKey ? { accountId: actor.id, key: filingKey } : null, smsCode);
      this.deps.log?.(`starting ${matter.processId} for application ${application.id} failed: ${(err as Error).message}`);
      throw new Refusal(503, '流程引擎暂时不可用，申报未能提交，请稍后再试');
    }
    return { application, message: matter.employerStep ? SUBMITTED_TO_EMPLOYER : SUBMITTED, warnings };
  }

  /** Every check a start filing passes before its case is created; refusals are thrown. */
  private async checkFiling(actor: ServiceActor, matter: ResolvedMatter, schema: FormSchema, formData: Record<string, unknown>) {
    checkConditions(schema, formData);
    const reading = await this.commitmentOf(actor, matter, schema, formData);
    const subject = await this.subjectOf(actor, matter, formData);
    const facts = await this.facts.find({ matter, schema, ...subject, formData, filerName: actor.displayName });
    if (facts.context.socialSecurityAnomaly === true && formData.socialSecurityAcknowledged !== true) {
      throw conflict(SOCIAL_SECURITY_WARNING, 3, '社保核查');
    }
    // What the server knows wins over what the page sent: read-only values, and the flags the form's conditions read.
    const submitted = { ...formData, ...facts.context };
    checkRequiredByRule(facts, submitted);
    const { values, errors } = validateSubmission(schema, submitted);
    if (errors.length > 0) throw new SubmissionRefused(errors);
    await this.rules.check(facts, values, subject.filingEnterprise);
    // The code is checked last, so a refusal for anything else does not spend a try of it.
    const smsCode =
      this.deps.smsCodes && facts.person && matter.filer === 'applicant' && findComponent(schema, 'smsCode')
        ? await this.deps.smsCodes.check(actor.id, facts.person.mobile, values.smsCode)
        : null;
    const uploader = { accountId: actor.id, personId: matter.filer === 'applicant' ? facts.person?.id : null, enterpriseId: actor.enterpriseId };
    const { uploads, warnings } = await this.uploads.check(uploader, fileFields(schema), values);
    return { reading, facts, values, uploads, warnings, smsCode };
  }

  /** A repeated submission of one form opening: the case the first one created. */
  private async filedBefore(matter: ResolvedMatter, applicationId: number): Promise<StartResult> {
    const application = await this.deps.models.Application.findByPk(applicationId);
    if (!application) throw conflict('本次申报已提交过，请在“当前申报”中查看', 2);
    return { application, repeated: true, message: matter.employerStep ? SUBMITTED_TO_EMPLOYER : SUBMITTED, warnings: [] };
  }

  private schemaOf(matter: ResolvedMatter): FormSchema {
    const schema = this.deps.forms.get(matter.formId);
    if (!schema) throw new HttpError(500, `表单 ${matter.formId} 未部署`);
    return schema;
  }

  /** Rule 2: the letter the form confirms must have been open 60 seconds; declining cancels the draft. */
  private async commitmentOf(actor: ServiceActor, matter: ResolvedMatter, schema: FormSchema, formData: Record<string, unknown>): Promise<CommitmentReading | null> {
    if (findComponent(schema, 'personalCommitment')) {
      if (formData.personalCommitment === 'decline') {
        await this.commitments.decline(actor.id, 'personal', matter.processId);
        throw conflict('您选择了“本人不做出上述承诺”，本次申报已取消（规则2：不作出承诺则取消申报）', 2, '个人承诺书');
      }
      return this.commitments.confirmable(actor.id, 'personal', matter.processId);
    }
    if (findComponent(schema, 'employerCommitment')) return this.commitments.confirmable(actor.id, 'employer', matter.processId);
    return null;
  }

  /** The person the case is about and the employer filing it. */
  private async subjectOf(
    actor: ServiceActor,
    matter: ResolvedMatter,
    formData: Record<string, unknown>,
  ): Promise<{ person: Person | null; filingEnterprise: Enterprise | null }> {
    const { Person, Enterprise } = this.deps.models;
    if (matter.filer === 'applicant') {
      const person = actor.personId ? await Person.findByPk(actor.personId) : null;
      if (!person) throw notYours('当前账号未绑定申请人，不能申报');
      return { person, filingEnterprise: null };
    }
    const filingEnterprise = actor.enterpriseId ? await Enterprise.findByPk(actor.enterpriseId) : null;
    if (!filingEnterprise) throw notYours('当前账号未绑定聘用企业，不能申报');
    if (matter.matter !== 'cancel') return { person: null, filingEnterprise };
    const idNumber = typeof formData.idNumber === 'string' ? formData.idNumber.trim().toUpperCase() : '';
    const name = typeof formData.applicantName === 'string' ? formData.applicantName.trim() : '';
    const person = idNumber && name ? await Person.findOne({ where: { idNumber, name } }) : null;
    return { person, filingEnterprise };
  }

  /** The photo and signature uploaded with a request go on file when there are none yet; constructors' forms change some profile fields directly. */
  private personChangeOf(facts: StartFacts, values: Record<string, unknown>, uploads: Upload[]): PersonChange | null {
    const person = facts.person;
    if (!person || facts.matter.filer !== 'applicant' || facts.matter.correctionKind === 'photo-signature') return null;
    const after: Partial<Person> = {};
    const photo = uploads.find((u) => u.field === 'photo');
    const signature = uploads.find((u) => u.field === 'signature');
    if (photo && !person.photoAttachmentId) after.photoAttachmentId = photo.attachment.id;
    if (signature && !person.signatureAttachmentId) after.signatureAttachmentId = signature.attachment.id;
    for (const field of DIRECT_PROFILE_FIELDS) {
      const value = values[field];
      if (typeof value === 'string' && value !== '' && value !== person[field]) (after as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(after).length === 0) return null;
    const before = Object.fromEntries(Object.keys(after).map((k) => [k, person[k as keyof Person]])) as Partial<Person>;
    return { personId: person.id, before, after };
  }

  private caseData(facts: StartFacts, values: Record<string, unknown>): Record<string, unknown> {
    const data: Record<string, unknown> = { ...facts.context, ...values, processId: facts.matter.processId };
    for (const field of fileFields(facts.schema)) {
      if (values[field.key] !== undefined && values[field.key] !== null) data[field.key] = attachmentIds(values[field.key]);
    }
    if (facts.matter.correctionKind) data.correctionKind = facts.matter.correctionKind;
    // The code proved the phone at submission; it is no part of the case.
    delete data.smsCode;
    if (facts.matter.matter === 'cancel') data.filedBy = facts.matter.filer;
    return data;
  }

  private async create(
    actor: ServiceActor,
    facts: StartFacts,
    values: Record<string, unknown>,
    reading: CommitmentReading | null,
    uploads: Upload[],
    personChange: PersonChange | null,
    filingKey: string | null,
    smsCode: SmsCode | null = null,
  ): Promise<Application> {
    const { models, sequelize, clock, caseEvents } = this.deps;
    const { matter, person, employer } = facts;
    return withUniqueRetry(() =>
      sequelize.transaction(async (transaction) => {
        const now = clock.now();
        const application = await models.Application.create(
          {
            number: await nextApplicationNumber(models, matter.profession, now, transaction),
            matter: matter.matter,
            profession: matter.profession,
            personId: person?.id ?? null,
            enterpriseId: employer?.id ?? null,
            province: employer?.province ?? null,
            specialties: facts.specialties.length > 0 ? facts.specialties : null,
            status: matter.filer === 'employer' ? STATUS.employerReported : STATUS.submitted,
            data: this.caseData(facts, values),
            flags: null,
            processInstanceKey: null,
            submittedAt: null,
            acceptedAt: null,
            decidedAt: null,
            createdAt: now,
            updatedAt: now,
          },
          { transaction },
        );
        // A second submission of the same opening fails here, in the transaction that would have made a second case.
        if (filingKey) await this.filingKeys.claim('start', actor.id, filingKey, { applicationId: application.id }, transaction);
        await caseEvents.record(
          {
            application,
            step: matter.filer === 'employer' ? '企业填报' : '个人填报',
            actor: { accountId: actor.id, name: actor.displayName },
            // The process announces the case (zhuce.set-status, 个人已上报) to whom it concerns.
            notify: [],
            dedupeKey: `start:${application.id}`,
            detail: { processId: matter.processId, socialSecurityAcknowledged: values.socialSecurityAcknowledged === true },
          },
          transaction,
        );
        if (reading) await this.commitments.confirm(reading, application.id, transaction);
        if (smsCode) await this.deps.smsCodes!.use(smsCode, transaction);
        await this.uploads.bind(uploads, application.id, transaction);
        if (personChange) {
          await models.Person.update({ ...personChange.after, updatedAt: now }, { where: { id: personChange.personId }, transaction });
          await models.AuditEntry.create(
            {
              at: now,
              actorAccountId: actor.id,
              actorName: actor.displayName,
              action: 'profile-update',
              entityType: 'person',
              entityId: String(personChange.personId),
              detail: { before: personChange.before, after: personChange.after, applicationId: application.id },
              dedupeKey: `start:${application.id}:profile`,
            },
            { transaction },
          );
        }
        return application;
      }),
    );
  }

  /** The variables of processes/README.md "Starting a process". */
  private startVariables(application: Application, facts: StartFacts): Variables {
    const variables: Variables = {
      applicationId: String(application.id),
      profession: facts.matter.profession,
      matter: facts.matter.matter,
      employerCode: facts.employer?.creditCode ?? null,
      province: facts.employer?.province ?? null,
    };
    if (facts.person) variables.applicantId = String(facts.person.id);
    if (facts.matter.matter === 'cancel') {
      variables.filedBy = facts.matter.filer;
      // The 一级建造师's immediate 审批通过 shows the reason as its opinion (=cancellationReason).
      variables.cancellationReason = application.data?.cancellationReason ?? null;
    }
    return variables;
  }

  /** The engine did not take the case: everything `create` wrote goes again. */
  private async takeBack(
    application: Application,
    reading: CommitmentReading | null,
    uploads: Upload[],
    personChange: PersonChange | null,
    filing: { accountId: number; key: string } | null,
    smsCode: SmsCode | null = null,
  ): Promise<void> {
    const { models, sequelize } = this.deps;
    await sequelize.transaction(async (transaction) => {
      if (smsCode) await smsCode.update({ usedAt: null }, { transaction });
      if (reading) await this.commitments.reopen(reading, transaction);
      if (filing) await this.filingKeys.release('start', filing.accountId, filing.key, transaction);
      await this.uploads.unbind(uploads, transaction);
      if (personChange) {
        await models.Person.update(personChange.before, { where: { id: personChange.personId }, transaction });
        await models.AuditEntry.destroy({ where: { dedupeKey: `start:${application.id}:profile` }, transaction });
      }
      await models.Message.destroy({ where: { applicationId: application.id }, transaction });
      await models.ApplicationEvent.destroy({ where: { applicationId: application.id }, transaction });
      await models.AuditEntry.destroy({ where: { entityType: 'application', entityId: String(application.id) }, transaction });
      await models.Application.destroy({ where: { id: application.id }, transaction });
    });
  }

  // --- after starting ----------------------------------------------------------

  /** 撤回 (rule 11). */
  withdraw(actor: ServiceActor, applicationId: number, reason?: string | null): Promise<WithdrawalResult> {
    return this.withdrawals.withdraw(actor, applicationId, reason);
  }

  /** 上报 / 退回 a selection of the employer's cases (rule 12); one result per case. */
  employerDecide(actor: ServiceActor, applicationIds: number[], decision: EmployerDecision, reason?: string | null, filingKey?: string | null): Promise<EmployerDecisionResult[]> {
    return this.employerDesk.decide(actor, applicationIds, decision, reason, filingKey);
  }

  /**
   * Submits an inbox task: reviewers' decisions, the applicant's 补正 (its
   * files judged as correction images, then made attachments of the case),
   * the employer's consent to a withdrawal. The employer's 上报/退回 task goes
   * through the same checks as the batch (rule 12, rule 2).
   */
  async submitTask(actor: ServiceActor, taskId: number, submission: Record<string, unknown>): Promise<InboxTask> {
    const { models, userTasks, sequelize } = this.deps;
    const task = await models.InboxTask.findByPk(taskId);
    if (!task) throw unknown('任务不存在');
    const enterprise = actor.enterpriseId ? await models.Enterprise.findByPk(actor.enterpriseId) : null;
    const taskActor = { accountId: actor.id, username: actor.username, groups: candidateGroupsOf(actor, enterprise) };
    // Scope before state: who may not see the task learns nothing about it, not even that it is closed.
    const mayWork = await userTasks.mayWork(task, taskActor);
    if (!mayWork) {
      const application = task.applicationId ? await models.Application.findByPk(task.applicationId) : null;
      if (!application || !canViewCase(actor, application)) throw unknown('任务不存在');
    }
    if (task.status !== 'open') throw conflict('该任务已办理或已撤销，不能重复提交');
    if (!mayWork) throw notYours('无权办理该任务：不在该任务的办理范围内');

    if (task.formId === EMPLOYER_REPORT_FORM && task.applicationId) {
      const decision = submission.employerDecision as EmployerDecision;
      const [result] = await this.employerDesk.decide(actor, [task.applicationId], decision, submission.returnReason as string | undefined);
      if (result.outcome === 'refused' || result.outcome === 'warning') throw conflict(result.message, 12);
      return (await models.InboxTask.findByPk(taskId))!;
    }

    const schema = task.formId ? this.deps.forms.get(task.formId) : undefined;
    const fields = schema ? fileFields(schema) : [];
    const person = actor.personId ?? null;
    const { uploads } = fields.length
      ? await this.uploads.check({ accountId: actor.id, personId: person, enterpriseId: actor.enterpriseId }, fields, submission, 5, task.applicationId ?? undefined)
      : { uploads: [] };
    const done = await userTasks.complete(task.id, taskActor, submission);
    if (uploads.length > 0 && task.applicationId) {
      await sequelize.transaction((transaction) => this.uploads.bind(uploads, task.applicationId!, transaction));
    }
    return done;
  }

  /** 公告 of approved registrations, one profession per announcement. */
  publishAnnouncement(actor: ServiceActor, applicationIds: number[], filingKey?: string | null): Promise<PublishedAnnouncement> {
    return this.announcements.publish(actor, applicationIds, filingKey);
  }

  resendAnnouncement(actor: ServiceActor, announcementId: number): Promise<PublishedAnnouncement> {
    return this.announcements.resend(actor, announcementId);
  }
}
