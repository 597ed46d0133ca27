/**
 * What the portals do, on the application service and the inbox: the
 * applicant files (reading the 个人承诺书 for a minute on the scenario clock),
 * corrects and withdraws; the employer reports, returns and answers a
 * withdrawal request (reading the 企业承诺书 before reporting); reviewers work
 * their inbox; the ministry publishes the 公告. Each step first waits until
 * the case is where the step needs it (an open task with the step's form),
 * as a person would wait for it to appear in the inbox.
 *
 * A commitment letter is read per account and purpose, and a confirmation
 * uses the latest reading up: two cases confirmed by the same account for the
 * same purpose at once would take each other's reading. Steps that read a
 * letter therefore queue per account and purpose; everything else may run
 * in parallel.
 */
import type { StartRequest, StartResult } from '../../../../server/applications/application-service.js';
import { COMMITMENT_READING_MS } from '../../../../server/applications/commitments.js';
import { findComponent } from '../../../../server/applications/start-facts.js';
import type { EmployerDecisionResult } from '../../../../server/applications/employer-desk.js';
import type { WithdrawalResult } from '../../../../server/applications/withdrawals.js';
import type { Application } from '../../../../server/db/models/application.js';
import type { InboxTask } from '../../../../server/db/models/inbox-task.js';
import { storeUpload } from '../../../../server/uploads/store-upload.js';
import { jpeg } from '../../../server/validation/images.js';
import { eventually } from './waits.js';
import type { World } from './world.js';

/** A correction image as the manual wants it: jpg, 200–500 KB (rule 5). */
const CORRECTION_IMAGE = jpeg(1200, 1600, { totalBytes: 300 * 1024 });

export class Portal {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly world: World) {}

  private get service() {
    return this.world.runtime.applications;
  }

  /** Runs `work` after every earlier work of the same key. */
  private queued<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(key, next);
    return next;
  }

  /**
   * The letter opened and read for a minute: its reading is dated a minute
   * back. Moving the shared clock instead would age every other lane's SMS
   * code too, and with two dozen lanes filing at once a code expired between
   * being sent and being entered.
   */
  private async readLetter(username: string, purpose: Parameters<Portal['service']['openCommitment']>[1]): Promise<void> {
    const opened = await this.service.openCommitment(await this.world.account(username), purpose);
    await this.world.sequelize.query('UPDATE commitment_readings SET "openedAt" = :openedAt WHERE id = :id', {
      replacements: { id: opened.readingId, openedAt: new Date(opened.openedAt.getTime() - COMMITMENT_READING_MS - 1_000) },
    });
  }

  // --- applicant and employer filing -----------------------------------------

  /** Files a matter as the start form's page does: the commitment letter first, then 提交. */
  async file(username: string, request: StartRequest): Promise<StartResult> {
    const processKey = `${request.matter}:${request.profession ?? ''}`;
    return this.queued(`${username}:letter:${processKey}`, async () => {
      const actor = await this.world.account(username);
      const { formId, data } = await this.service.startForm(actor, { profession: request.profession, matter: request.matter, formData: request.formData });
      const schema = this.world.runtime.forms.get(formId);
      const hasLetter = schema && (findComponent(schema, 'personalCommitment') || findComponent(schema, 'employerCommitment'));
      if (hasLetter) await this.readLetter(username, { profession: request.profession, matter: request.matter });
      // The page shows the social-security warning (rule 3) and the applicant answers 确定.
      const acknowledgements = data.socialSecurityAnomaly === true ? { socialSecurity: true } : request.acknowledgements;
      // 获取短信验证码: the code sent through the SMS port, read from the development outbox as the applicant reads the phone.
      // One code at a time per account: the newest unused code is the one a submission must carry.
      if (!(schema && findComponent(schema, 'smsCode') && actor.personId)) return this.service.start(actor, { ...request, acknowledgements });
      return this.queued(`${username}:sms`, async () => {
        const formData = { ...request.formData, smsCode: await this.smsCode(actor.id, actor.personId!) };
        return this.service.start(actor, { ...request, formData, acknowledgements });
      });
    });
  }

  /** A fresh code sent to the person's phone, as the SMS the applicant receives says it. */
  private async smsCode(accountId: number, personId: number): Promise<string> {
    const person = await this.world.models.Person.findByPk(personId);
    const { phone } = await this.world.runtime.smsCodes.issue(accountId, person!.mobile!);
    const [message] = await this.world.runtime.sms.latest(1, phone);
    return /验证码为(\d{6})/.exec(message.text)![1];
  }

  /** Uploads a file as the upload endpoint stores it; returns the attachment id for a filepicker field. */
  async upload(username: string, field: string, fileName: string, bytes: Buffer): Promise<number> {
    const account = await this.world.account(username);
    const { attachment } = await storeUpload({ models: this.world.models, sequelize: this.world.sequelize }, account, { originalname: fileName, buffer: bytes }, field, field);
    return attachment.id;
  }

  // --- the inbox -------------------------------------------------------------

  /** The open inbox task of the case with this form, once the engine has handed it out. */
  openTask(applicationId: number, formId: string): Promise<InboxTask> {
    const { InboxTask } = this.world.models;
    return eventually(
      `an open ${formId} task of case ${applicationId}`,
      () => InboxTask.findOne({ where: { applicationId, formId, status: 'open' } }),
      () => this.whereIs(applicationId),
    );
  }

  /** Where the case is: its status and open tasks, for a wait that ran out. */
  async whereIs(applicationId: number): Promise<unknown> {
    const { Application, InboxTask } = this.world.models;
    const application = await Application.findByPk(applicationId);
    const open = await InboxTask.findAll({ where: { applicationId, status: 'open' } });
    const incidents = application?.processInstanceKey ? await this.world.runtime.engine.listIncidents({ processInstanceKey: application.processInstanceKey }) : [];
    return { status: application?.status, openTasks: open.map((t) => t.formId), incidents: incidents.map((i) => `${i.elementId}: ${i.errorMessage}`) };
  }

  /** Waits for the task, then submits it as `username` would from the task page. */
  async submit(username: string, applicationId: number, formId: string, submission: Record<string, unknown>): Promise<InboxTask> {
    const task = await this.openTask(applicationId, formId);
    return this.service.submitTask(await this.world.account(username), task.id, submission);
  }

  // --- the employer ----------------------------------------------------------

  /** 上报 of a selection in 注册申报管理, once every case waits at the employer. */
  async report(employer: string, applicationIds: number[]): Promise<EmployerDecisionResult[]> {
    await Promise.all(applicationIds.map((id) => this.openTask(id, 'employer-report')));
    return this.queued(`${employer}:letter:employer-report`, async () => {
      await this.readLetter(employer, 'employer-report');
      return this.service.employerDecide(await this.world.account(employer), applicationIds, 'report');
    });
  }

  /** 退回 with a reason. */
  async returnCase(employer: string, applicationId: number, reason: string): Promise<EmployerDecisionResult> {
    await this.openTask(applicationId, 'employer-report');
    const [result] = await this.service.employerDecide(await this.world.account(employer), [applicationId], 'return', reason);
    return result;
  }

  /** The employer answers a withdrawal request (rule 11). */
  answerWithdrawal(employer: string, applicationId: number, consent: 'agree' | 'refuse', opinion?: string): Promise<InboxTask> {
    return this.submit(employer, applicationId, 'employer-withdrawal-consent', { withdrawalConsent: consent, ...(opinion ? { withdrawalConsentOpinion: opinion } : {}) });
  }

  // --- the applicant after filing ----------------------------------------------

  /** 撤回, as the applicant's 当前申报 page asks for it. */
  async withdraw(username: string, applicationId: number, reason: string): Promise<WithdrawalResult> {
    return this.service.withdraw(await this.world.account(username), applicationId, reason);
  }

  /** 个人补正: uploads a correction image and submits the correction task. */
  async correct(username: string, applicationId: number, note: string): Promise<InboxTask> {
    const task = await this.openTask(applicationId, 'applicant-correction');
    const image = await this.upload(username, 'correctionFiles', '补正材料.jpg', CORRECTION_IMAGE);
    return this.service.submitTask(await this.world.account(username), task.id, { correctionFiles: [image], correctionNote: note });
  }

  // --- the authority ---------------------------------------------------------

  /** 受理 at the province (shengji) or the ministry (buji). */
  accept(level: 'province' | 'ministry', applicationId: number, opinion = '材料齐全，予以受理'): Promise<InboxTask> {
    return this.submit(reviewerOf(level), applicationId, `${level}-acceptance`, { acceptanceDecision: 'accept', acceptanceOpinion: opinion });
  }

  /** 补正: the acceptance task names what is missing and why. */
  requestCorrection(level: 'province' | 'ministry', applicationId: number, content: string, reason: string): Promise<InboxTask> {
    return this.submit(reviewerOf(level), applicationId, `${level}-acceptance`, { acceptanceDecision: 'correct', correctionContent: content, correctionReason: reason });
  }

  /** A review or decision task: province-review (forward/refuse) or a ministry form (approve/refuse). */
  review(formId: string, applicationId: number, decision: string, opinion: string): Promise<InboxTask> {
    const level = formId.startsWith('province') ? 'province' : 'ministry';
    const field = formId === 'province-review' ? 'provinceReview' : 'review';
    return this.submit(reviewerOf(level), applicationId, formId, { [`${field}Decision`]: decision, [`${field}Opinion`]: opinion });
  }

  /** 公告 of approved cases of one profession, by the ministry. */
  async publish(applicationIds: number[]) {
    return this.service.publishAnnouncement(await this.world.account('buji'), applicationIds);
  }

  // --- what the case looks like ------------------------------------------------

  async application(applicationId: number): Promise<Application> {
    const application = await this.world.models.Application.findByPk(applicationId);
    if (!application) throw new Error(`no case ${applicationId}`);
    return application;
  }

  /** Waits until the case shows `status` (the process sets it in the background). */
  async until(applicationId: number, status: string): Promise<Application> {
    return eventually(
      `case ${applicationId} to reach ${status}`,
      async () => {
        const application = await this.application(applicationId);
        return application.status === status ? application : null;
      },
      () => this.whereIs(applicationId),
    );
  }
}

export function reviewerOf(level: 'province' | 'ministry'): string {
  return level === 'province' ? 'shengji' : 'buji';
}
