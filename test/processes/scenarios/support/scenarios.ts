/**
 * The scenarios every matter goes through, on its route (routes.ts), each
 * driving one case through the portals and asserting what it leaves behind:
 *
 *   certified            the happy path with one correction round (补正) at the
 *                        first acceptance, the withdrawals rule 11 refuses on
 *                        the way, approval, 公告 where due, 注册证书;
 *   withdrawnAtEmployer  撤回 while the employer has the case (个人已上报);
 *   returned             the employer's 退回;
 *   withdrawnWithConsent 撤回 before acceptance after the employer forwarded
 *                        it: the employer consents (rule 11);
 *   withdrawnBeforeAcceptance / withdrawnWhileCorrecting
 *                        撤回 of a matter without employer, at acceptance and
 *                        while it waits for 补正;
 *   refusedAfterReminders the time limits run out (rule 16: reminder to the
 *                        reviewers, escalation to their supervisor), then the
 *                        authority refuses, with its 不予注册告知书 where due;
 *   cancelled            注销 approved: the registration 注销, the 注销证明.
 *
 * Each returns the case for the spec's own assertions on the registers.
 */
import assert from 'node:assert/strict';
import { Op } from 'sequelize';
import type { Application } from '../../../../server/db/models/application.js';
import type { InboxTask } from '../../../../server/db/models/inbox-task.js';
import { WITHDRAWAL_NEEDS_CONSENT } from '../../../../server/applications/texts.js';
import { assertRefused } from './records.js';
import type { Level, Route } from './routes.js';
import type { FormOptions } from './start-forms.js';
import type { Stage } from './suite.js';
import { STEP, acceptedAt, arrival, corrected, correctionRequested, outcome, stepOf, submittedWith, toMinistryReview, type Anomaly } from './timelines.js';
import { eventually } from './waits.js';

export interface CaseOptions {
  form: FormOptions;
  /** What the automatic checks find and open an appeal for (rule 3, 4). */
  anomalies?: Anomaly[];
}

export const TEXT = {
  withdrawalReason: '信息填写有误，撤回后重新申报',
  returnReason: '聘用合同期限与申报材料不一致，请核对后重新申报',
  correctionContent: '学历证书扫描件',
  correctionReason: '扫描件模糊，无法辨认毕业院校和专业',
  correctionNote: '已重新上传清晰的学历证书扫描件',
  consentRefusal: '该工程项目尚未完成交接，不同意撤回',
  consentAgreed: '同意撤回',
  approval: '符合注册条件，准予注册',
  refusal: '继续教育学时不足，不符合注册条件',
  provinceRefusal: '所在单位社保缴纳记录与聘用关系不符，审查不通过',
} as const;

const ANOMALY_KINDS: Record<Anomaly, string> = { socialSecurity: '社保异常', duplicatePerson: '人员重复' };

const settledRefusal = (status: string) => `该申报已办结（状态：${status}），不能撤回（规则11）`;
const acceptedRefusal = (status: string) => new RegExp(`^该申报已被受理（状态：${status.replace(/[()]/g, '\\$&')}），受理后不能撤回`);
const CONSTRUCTOR_REPORTED = '一级建造师：聘用企业已上报的申报不能撤回（规则11）';

export class Scenarios {
  constructor(private readonly stage: Stage) {}

  private get portal() {
    return this.stage.portal;
  }

  private get records() {
    return this.stage.records;
  }

  private get models() {
    return this.stage.world.models;
  }

  /** Files the case from the start form; returns its id. */
  async file(route: Route, options: CaseOptions): Promise<number> {
    const formData = await this.stage.forms.of(route.applicant, route.profession, route.matter, options.form);
    const { application } = await this.portal.file(route.applicant, { profession: route.profession, matter: route.matter, formData });
    return application.id;
  }

  /** The happy path, with one 补正 round at the first acceptance and the withdrawals refused on the way. */
  async certified(route: Route, options: CaseOptions): Promise<Application> {
    const { portal } = this;
    const [first] = route.acceptance;
    const id = await this.file(route, options);
    const expected = [...submittedWith(options.anomalies)];
    if (route.employer) await portal.report(route.employer, [id]);
    expected.push(...arrival(route));

    await portal.openTask(id, `${first}-acceptance`);
    if (route.withdrawal === 'none') await assertRefused(this.withdraw(route, id), 409, CONSTRUCTOR_REPORTED);
    await portal.requestCorrection(first, id, TEXT.correctionContent, TEXT.correctionReason);
    expected.push(correctionRequested(first));
    await portal.openTask(id, 'applicant-correction');
    if (route.withdrawal === 'consent') {
      // 待补正 is before acceptance: the employer that forwarded the case decides, and here refuses.
      const request = await this.withdraw(route, id);
      assert.deepEqual([request.outcome, request.message], ['consent-requested', WITHDRAWAL_NEEDS_CONSENT]);
      await portal.answerWithdrawal(route.employer!, id, 'refuse', TEXT.consentRefusal);
      expected.push(STEP.withdrawalRequested, STEP.withdrawalRefused);
    }
    if (route.withdrawal === 'none') await assertRefused(this.withdraw(route, id), 409, CONSTRUCTOR_REPORTED);
    await portal.correct(route.applicant, id, TEXT.correctionNote);
    expected.push(corrected(first));

    await portal.accept(first, id);
    expected.push(acceptedAt(first));
    const reviewing = first === 'province' ? '省级审查' : '审查中';
    await portal.openTask(id, first === 'province' ? 'province-review' : route.review);
    await assertRefused(this.withdraw(route, id), 409, acceptedRefusal(reviewing));
    if (route.acceptance.length > 1) {
      await portal.review('province-review', id, 'forward', '审查通过，同意上报住房和城乡建设部');
      await portal.accept('ministry', id);
      expected.push(...toMinistryReview(route));
    }
    await portal.review(route.review, id, 'approve', TEXT.approval);
    if (route.announced) await this.announce(id);
    expected.push(...outcome(route));
    const done = await portal.until(id, '已发证');
    await assertRefused(this.withdraw(route, id), 409, settledRefusal('已发证'));

    await this.records.assertTimeline(id, expected);
    assert.equal(await this.records.opinion(id, stepOf(correctionRequested(first))), `${TEXT.correctionContent}：${TEXT.correctionReason}`);
    assert.equal(await this.records.opinion(id, '审批通过'), TEXT.approval);
    assert.equal(await this.records.actor(id, stepOf(acceptedAt(first))), first === 'province' ? '浙江省住房和城乡建设厅' : '住房和城乡建设部');
    if (route.employer) assert.equal(await this.records.actor(id, '企业上报'), (await this.stage.world.enterprise(route.employer)).name);
    await this.records.assertApplicantToldEveryStatus(id);
    if (route.employer) await this.records.assertEmployerTold(id, ['企业已上报', '审批通过', '已发证']);
    await this.records.assertDocuments(id, ['补正通知书', ...route.acceptance.map(() => '受理通知书'), '注册证书']);
    await this.assertAppeals(id, options.anomalies ?? []);
    return done;
  }

  /** 撤回 while the case waits at the employer: it ends at once, and the employer can no longer report it. */
  async withdrawnAtEmployer(route: Route, options: CaseOptions): Promise<Application> {
    const id = await this.file(route, options);
    await this.portal.openTask(id, 'employer-report');
    const result = await this.withdraw(route, id);
    assert.deepEqual([result.outcome, result.message], ['withdrawn', '已撤回该申报，撤回的申报可以再次申请注册']);
    const done = await this.portal.until(id, '个人撤回');

    await this.records.assertTimeline(id, [...submittedWith(options.anomalies), STEP.withdrawn]);
    assert.equal(await this.records.opinion(id, '个人撤回'), TEXT.withdrawalReason);
    await this.records.assertApplicantToldEveryStatus(id);
    await this.records.assertEmployerTold(id, ['个人已上报', '个人撤回']);
    const [late] = await this.stage.world.runtime.applications.employerDecide(await this.stage.world.account(route.employer!), [id], 'return', '迟到的退回');
    assert.deepEqual([late.outcome, late.message], ['refused', `申报编号${done.number}：已办结（状态：个人撤回），不能上报或退回`]);
    await this.records.assertDocuments(id, []);
    return done;
  }

  /** 退回 by the employer with a reason the applicant reads. */
  async returned(route: Route, options: CaseOptions): Promise<Application> {
    const id = await this.file(route, options);
    const result = await this.portal.returnCase(route.employer!, id, TEXT.returnReason);
    assert.equal(result.outcome, 'returned');
    const done = await this.portal.until(id, '企业退回');

    await this.records.assertTimeline(id, [...submittedWith(options.anomalies), STEP.returned]);
    assert.equal(await this.records.opinion(id, '企业退回'), TEXT.returnReason);
    await this.records.assertApplicantToldEveryStatus(id);
    const told = await this.records.messages(id, { kind: 'person', id: done.personId! });
    assert.equal(told.at(-1)?.opinion, TEXT.returnReason, 'the applicant reads why');
    const [again] = await this.stage.world.runtime.applications.employerDecide(await this.stage.world.account(route.employer!), [id], 'return', TEXT.returnReason);
    assert.deepEqual([again.outcome, again.message], ['warning', `申报编号${done.number}：已退回，无需重复退回`]);
    await this.records.assertDocuments(id, []);
    return done;
  }

  /** 撤回 at the first acceptance after the employer forwarded the case: the employer consents (rule 11). */
  async withdrawnWithConsent(route: Route, options: CaseOptions): Promise<Application> {
    const id = await this.file(route, options);
    await this.portal.report(route.employer!, [id]);
    await this.portal.openTask(id, `${route.acceptance[0]}-acceptance`);
    const request = await this.withdraw(route, id);
    assert.equal(request.outcome, 'consent-requested');
    await this.portal.answerWithdrawal(route.employer!, id, 'agree');
    const done = await this.portal.until(id, '个人撤回');

    await this.records.assertTimeline(id, [...submittedWith(options.anomalies), ...arrival(route), STEP.withdrawalRequested, STEP.withdrawnWithConsent]);
    assert.equal(await this.records.opinion(id, '个人申请撤回'), TEXT.withdrawalReason);
    await this.records.assertApplicantToldEveryStatus(id);
    await this.records.assertEmployerTold(id, ['企业已上报', '个人撤回']);
    await this.records.assertDocuments(id, []);
    return done;
  }

  /** 撤回 of a matter without employer while it waits for acceptance: it ends at once. */
  async withdrawnBeforeAcceptance(route: Route, options: CaseOptions): Promise<Application> {
    const id = await this.file(route, options);
    await this.portal.openTask(id, 'ministry-acceptance');
    assert.equal((await this.withdraw(route, id)).outcome, 'withdrawn');
    const done = await this.portal.until(id, '个人撤回');

    await this.records.assertTimeline(id, [...submittedWith(options.anomalies), STEP.toMinistry, STEP.withdrawn]);
    await this.records.assertApplicantToldEveryStatus(id);
    await this.records.assertDocuments(id, []);
    await this.assertNoOpenTask(id);
    return done;
  }

  /** 撤回 of a matter without employer while it waits for 补正: it ends at once. */
  async withdrawnWhileCorrecting(route: Route, options: CaseOptions): Promise<Application> {
    const id = await this.file(route, options);
    await this.portal.requestCorrection('ministry', id, TEXT.correctionContent, TEXT.correctionReason);
    await this.portal.openTask(id, 'applicant-correction');
    assert.equal((await this.withdraw(route, id)).outcome, 'withdrawn');
    const done = await this.portal.until(id, '个人撤回');

    await this.records.assertTimeline(id, [...submittedWith(options.anomalies), STEP.toMinistry, correctionRequested('ministry'), STEP.withdrawn]);
    await this.records.assertApplicantToldEveryStatus(id);
    await this.records.assertDocuments(id, ['补正通知书']);
    await this.assertNoOpenTask(id);
    return done;
  }

  /**
   * The time limits run out while the first acceptance (or, without
   * acceptance, the first review) waits: it is reminded and escalated; then
   * the authority refuses, at the province (architects' 省级审查) or the
   * ministry.
   */
  async refusedAfterReminders(route: Route, options: CaseOptions, refuseAt: Level = 'ministry'): Promise<Application> {
    const { portal } = this;
    const person = await this.stage.world.person(route.applicant);
    const release = this.stage.world.deadlines.hurry((a) => a.personId === person.id && a.data?.processId === processIdOf(route));
    try {
      const id = await this.file(route, options);
      const expected = [...submittedWith(options.anomalies)];
      if (route.employer) await portal.report(route.employer, [id]);
      const documents: string[] = [];
      if (route.acceptance.length > 0) expected.push(...arrival(route));
      else expected.push(...(route.employer ? [STEP.reported] : []), route.provinceReview ? STEP.cancellationToProvince : STEP.reviewStarted);

      for (const level of route.acceptance) {
        // The first task shows the time limits at work; waiting for the later ones as well would only cost time.
        const task = await portal.openTask(id, `${level}-acceptance`);
        if (level === route.acceptance[0]) await this.assertRemindedAndEscalated(id, task, level);
        await portal.accept(level, id);
        documents.push('受理通知书');
        expected.push(level === 'province' ? STEP.provinceAccepted : STEP.accepted);
        if (level === 'province' && refuseAt === 'province') break;
        if (level === 'province') {
          await portal.review('province-review', id, 'forward', '审查通过，同意上报住房和城乡建设部');
          expected.push(STEP.provinceForwarded);
        }
      }
      if (route.acceptance.length === 0) {
        const first = route.provinceReview ? 'province-review' : route.review;
        await this.assertRemindedAndEscalated(id, await portal.openTask(id, first), route.provinceReview ? 'province' : 'ministry');
        if (route.provinceReview && refuseAt === 'ministry') {
          await portal.review('province-review', id, 'forward', '审查通过，同意注销');
          expected.push(STEP.reviewStarted);
        }
      }
      if (refuseAt === 'province') {
        await portal.review('province-review', id, 'refuse', TEXT.provinceRefusal);
        expected.push(STEP.provinceRefused);
      } else {
        await portal.review(route.review, id, 'refuse', TEXT.refusal);
        expected.push(STEP.refused);
      }
      if (route.refusalNotice) documents.push('不予注册告知书');
      const done = await portal.until(id, '审批不通过');
      const opinion = refuseAt === 'province' ? TEXT.provinceRefusal : TEXT.refusal;

      await this.records.assertTimeline(id, expected);
      assert.equal(await this.records.opinion(id, stepOf(expected.at(-1)!)), opinion);
      await this.records.assertApplicantToldEveryStatus(id);
      if (done.enterpriseId) await this.records.assertEmployerTold(id, ['审批不通过']);
      await eventually(`the documents of refused case ${id}`, async () => (await this.records.documents(id)).length >= documents.length, () => this.records.documents(id));
      await this.records.assertDocuments(id, documents);
      await assertRefused(this.withdraw(route, id), 409, settledRefusal('审批不通过'));
      return done;
    } finally {
      release();
    }
  }

  /** 注销 approved: the registration is 注销 and the 注销证明 issued; the reviews refuse a withdrawal on the way. */
  async cancelled(route: Route, options: CaseOptions): Promise<Application> {
    const { portal } = this;
    const id = await this.file(route, options);
    const expected = [...submittedWith(options.anomalies)];
    if (route.employer) {
      await portal.report(route.employer, [id]);
      expected.push(STEP.reported);
      if (route.provinceReview) {
        await portal.openTask(id, 'province-review');
        await assertRefused(this.withdraw(route, id), 409, acceptedRefusal('省级审查'));
        await portal.review('province-review', id, 'forward', '审查通过，同意注销');
        expected.push(STEP.cancellationToProvince);
      }
      await portal.openTask(id, 'ministry-review-cancel');
      await assertRefused(this.withdraw(route, id), 409, acceptedRefusal('审查中'));
      await portal.review('ministry-review-cancel', id, 'approve', '准予注销');
      expected.push(STEP.reviewStarted);
    }
    expected.push(STEP.approved);
    const done = await portal.until(id, '审批通过');
    await eventually(`the 注销证明 of case ${id}`, async () => (await this.records.documents(id)).includes('注销证明'), () => this.records.documents(id));
    await assertRefused(this.withdraw(route, id), 409, settledRefusal('审批通过'));

    await this.records.assertTimeline(id, expected);
    await this.records.assertApplicantToldEveryStatus(id);
    if (route.employer) await this.records.assertEmployerTold(id, ['企业已上报', '审批通过']);
    await this.records.assertDocuments(id, ['注销证明']);
    return done;
  }

  // --- shared steps --------------------------------------------------------------

  withdraw(route: Route, id: number) {
    return this.portal.withdraw(route.applicant, id, TEXT.withdrawalReason);
  }

  /** 公告 once the registration is written (a 预注册 case waits for its employer first). */
  async announce(id: number): Promise<void> {
    await eventually(
      `the registration of case ${id} written`,
      async () => (await this.models.RegistrationHistory.count({ where: { applicationId: id } })) > 0,
      () => this.portal.whereIs(id),
    );
    const { undelivered } = await this.portal.publish([id]);
    assert.deepEqual(undelivered, [], 'every listed case got the announcement');
  }

  /**
   * Rule 16 on an open task whose limits were set seconds away: the reviewers
   * of its group get a reminder, the task is marked reminded and escalated,
   * and the supervisors of those reviewers get the escalation. The demo's
   * provincial reviewer has no supervisor on record, so a provincial task is
   * escalated without anyone to tell (the audit names no supervisor).
   */
  async assertRemindedAndEscalated(applicationId: number, task: InboxTask, level: Level): Promise<void> {
    const { InboxTask: Tasks, Message, AuditEntry } = this.models;
    await eventually(
      `reminder and escalation of task ${task.elementId} of case ${applicationId}`,
      () => Tasks.findOne({ where: { id: task.id, remindedAt: { [Op.ne]: null }, escalatedAt: { [Op.ne]: null } } }),
      async () => (await Tasks.findByPk(task.id))?.toJSON(),
    );
    const reviewers = level === 'province' ? ['shengji'] : ['buji', 'buji-chuzhang'];
    for (const username of reviewers) {
      const account = await this.stage.world.account(username);
      const reminded = await Message.findOne({ where: { applicationId, recipientKind: 'account', recipientId: account.id, title: { [Op.startsWith]: `【办理提醒】${task.name}` } } });
      assert.ok(reminded, `${username} was reminded of ${task.name}`);
    }
    const escalation = await AuditEntry.findOne({ where: { action: 'task-escalated', entityType: 'inbox_task', entityId: String(task.id) } });
    assert.ok(escalation, 'the escalation is audited');
    const chief = await this.stage.world.account('buji-chuzhang');
    const escalated = await Message.findOne({ where: { applicationId, recipientKind: 'account', recipientId: chief.id, title: { [Op.startsWith]: `【超期督办】${task.name}` } } });
    if (level === 'ministry') assert.ok(escalated, `buji-chuzhang, buji's supervisor, was told that ${task.name} is overdue`);
    else assert.equal(escalated, null, 'the ministry chief does not supervise the province');
  }

  private async assertAppeals(applicationId: number, anomalies: Anomaly[]): Promise<void> {
    const appeals = await this.models.Appeal.findAll({ where: { applicationId }, order: [['id', 'ASC']] });
    assert.deepEqual(
      appeals.map((a) => [a.kind, a.status]),
      anomalies.map((a) => [ANOMALY_KINDS[a], '待申辩']),
      `申辩 of case ${applicationId}`,
    );
  }

  private async assertNoOpenTask(applicationId: number): Promise<void> {
    const open = await this.models.InboxTask.count({ where: { applicationId, status: 'open' } });
    assert.equal(open, 0, `case ${applicationId} has no open task left`);
  }
}

/** The process a route's cases run on. */
export function processIdOf(route: Route): string {
  return route.matter === 'photo-signature' ? `zhuce-photo-signature-${route.profession}` : `zhuce-${route.matter}-${route.profession}`;
}
