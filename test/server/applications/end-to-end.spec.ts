/**
 * The application service on the embedded engine with the repository's
 * processes and forms deployed, the real inbox, and stand-in job workers that
 * only set the status (the real workers are tested on their own): the
 * messages the service publishes reach the process, and the tasks the
 * process creates are the ones the service completes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { JOB } from '../../../processes/generator/vocabulary.js';
import { ApplicationService } from '../../../server/applications/application-service.js';
import { CaseEvents } from '../../../server/applications/case-events.js';
import { COMMITMENT_READING_MS } from '../../../server/applications/commitments.js';
import { ManualClock } from '../../../server/clock.js';
import type { Account } from '../../../server/db/models/account.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { deployModels, readModels } from '../../../server/engine/deploy-models.js';
import { EmbeddedEngine } from '../../../server/engine/embedded/index.js';
import { complete, type Job, type JobResult, type WorkerHandle } from '../../../server/engine/port.js';
import { ProcessCatalog } from '../../../server/engine/process-catalog.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { UserTaskService } from '../../../server/inbox/user-task-service.js';
import { localRegisters } from '../../../server/registers/local.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { NOW, engineerInitial } from './fixture.js';

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the application service on the embedded engine', function () {
  this.timeout(60_000);
  let sequelize: Sequelize;
  let models: Models;
  let clock: ManualClock;
  let engine: EmbeddedEngine;
  let userTasks: UserTaskService;
  let service: ApplicationService;
  let workers: WorkerHandle[];

  /** Stand-ins: set-status writes the status and timeline; the checks find nothing; write-registration leaves its history row. */
  function standIn(type: string): (job: Job) => Promise<JobResult> {
    const caseEvents = new CaseEvents({ models, sequelize, clock });
    const applicationOf = async (job: Job) => (await models.Application.findByPk(Number(job.variables.applicationId)))!;
    switch (type) {
      case JOB.setStatus:
        return async (job) => {
          await caseEvents.record({
            application: await applicationOf(job),
            step: job.customHeaders.event,
            status: job.customHeaders.status,
            actor: { name: '系统' },
            notify: [],
            dedupeKey: `${job.bpmnProcessId}:${job.elementInstanceKey}`,
          });
          return complete();
        };
      case JOB.computeDeadline:
        return async () => complete({ dueAt: '2099-12-31T17:00:00+08:00', remindAt: '2099-12-30T09:00:00+08:00' });
      case JOB.checkSocialSecurity:
        return async () => complete({ socialSecurityAnomaly: false });
      case JOB.checkDuplicatePerson:
        return async () => complete({ duplicatePerson: false, duplicateDetail: null });
      case JOB.checkEmployerQualification:
        return async () => complete({ preRegistration: false });
      case JOB.writeRegistration:
        return async (job) => {
          const application = await applicationOf(job);
          const registration = await models.Registration.create({
            personId: application.personId!,
            profession: application.profession,
            specialty: application.specialties![0],
            enterpriseId: application.enterpriseId!,
            registrationNumber: 'JG33202600001',
            sealNumber: 'JG33-0000001',
            validFrom: '2026-03-02',
            validTo: '2029-03-01',
            status: '已注册',
          });
          await models.RegistrationHistory.create({ registrationId: registration.id, applicationId: application.id, change: 'initial', before: null, after: {}, at: clock.now() });
          return complete({ registrationNo: registration.registrationNumber });
        };
      default:
        return async () => complete();
    }
  }

  beforeEach(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    clock = new ManualClock(NOW);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    engine = new EmbeddedEngine({ sequelize, clock });
    await engine.start();
    const catalog = new ProcessCatalog();
    const root = path.resolve('.');
    await deployModels(engine, catalog, readModels([path.join(root, 'forms'), path.join(root, 'processes')]));
    const forms = FormRegistry.fromDirectory(path.join(root, 'forms'));
    userTasks = new UserTaskService({ engine, models, sequelize, clock, forms, catalog });
    await userTasks.start();
    workers = Object.values(JOB).map((type) => engine.registerWorker({ type, timeoutMs: 60_000, handler: standIn(type) }));
    service = new ApplicationService({ models, sequelize, clock, engine, catalog, forms, userTasks, caseEvents: new CaseEvents({ models, sequelize, clock }), registers: localRegisters(models) });
  });

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await userTasks.stop();
    await engine.stop();
    await sequelize.close();
  });

  const account = async (username: string) => (await models.Account.findOne({ where: { username } }))!;
  const statusOf = async (id: number) => (await models.Application.findByPk(id))!.status;
  const openTask = (applicationId: number, formId: string) => eventually(() => models.InboxTask.findOne({ where: { applicationId, formId, status: 'open' } }));
  const reach = (id: number, status: string) => eventually(async () => (await statusOf(id)) === status);

  async function zhangweiFiles(): Promise<{ zhangwei: Account; applicationId: number }> {
    const zhangwei = await account('zhangwei');
    await service.saveEmployer(zhangwei, { creditCode: (await models.Enterprise.findByPk((await account('qiye')).enterpriseId!))!.creditCode });
    await models.Person.update({ photoAttachmentId: 1, signatureAttachmentId: 2 }, { where: { id: zhangwei.personId! } });
    await service.openCommitment(zhangwei, { profession: 'engineer', matter: 'initial' });
    clock.advance(COMMITMENT_READING_MS);
    const { application } = await service.start(zhangwei, { profession: 'engineer', matter: 'initial', formData: engineerInitial() });
    return { zhangwei, applicationId: application.id };
  }

  async function employerReports(applicationId: number): Promise<void> {
    const qiye = await account('qiye');
    await openTask(applicationId, 'employer-report');
    await service.openCommitment(qiye, 'employer-report');
    clock.advance(COMMITMENT_READING_MS);
    const [result] = await service.employerDecide(qiye, [applicationId], 'report');
    assert.equal(result.outcome, 'reported');
  }

  it('a withdrawal while the employer has the case ends it as 个人撤回', async () => {
    // given
    const { zhangwei, applicationId } = await zhangweiFiles();
    await openTask(applicationId, 'employer-report');
    // when
    const result = await service.withdraw(zhangwei, applicationId, '信息有误');
    // then
    assert.equal(result.outcome, 'withdrawn');
    await reach(applicationId, '个人撤回');
    // and the employer can no longer report it
    const qiye = await account('qiye');
    await service.openCommitment(qiye, 'employer-report');
    clock.advance(COMMITMENT_READING_MS);
    const [late] = await service.employerDecide(qiye, [applicationId], 'report');
    assert.deepEqual([late.outcome, late.message.endsWith('已办结（状态：个人撤回），不能上报或退回')], ['refused', true]);
  });

  it('a withdrawal after the employer reported asks the employer, and its consent ends the case as 个人撤回', async () => {
    // given
    const { zhangwei, applicationId } = await zhangweiFiles();
    await employerReports(applicationId);
    await openTask(applicationId, 'ministry-acceptance');
    assert.equal(await statusOf(applicationId), '部级未受理');
    // when
    const result = await service.withdraw(zhangwei, applicationId, '需要重新申报');
    // then
    assert.equal(result.outcome, 'consent-requested');
    const consent = await openTask(applicationId, 'employer-withdrawal-consent');
    const groups = await models.InboxTaskCandidate.findAll({ where: { taskId: consent.id } });
    const qiye = await models.Enterprise.findByPk((await account('qiye')).enterpriseId!);
    assert.deepEqual(groups.map((g) => g.candidateGroup), [`employer:${qiye!.creditCode}`]);
    // and when the employer agrees
    await service.submitTask(await account('qiye'), consent.id, { withdrawalConsent: 'agree' });
    await reach(applicationId, '个人撤回');
  });

  it('a return by the employer ends the case as 企业退回', async () => {
    // given
    const { applicationId } = await zhangweiFiles();
    await openTask(applicationId, 'employer-report');
    // when
    const [result] = await service.employerDecide(await account('qiye'), [applicationId], 'return', '材料不全');
    // then
    assert.equal(result.outcome, 'returned');
    await reach(applicationId, '企业退回');
  });

  it('an approved registration waits for the announcement and is certified once it is published', async () => {
    // given
    const { applicationId } = await zhangweiFiles();
    await employerReports(applicationId);
    const buji = await account('buji');
    await service.submitTask(buji, (await openTask(applicationId, 'ministry-acceptance')).id, { acceptanceDecision: 'accept', acceptanceOpinion: '材料齐全' });
    await service.submitTask(buji, (await openTask(applicationId, 'ministry-review')).id, { reviewDecision: 'approve', reviewOpinion: '符合注册条件' });
    await eventually(async () => (await models.RegistrationHistory.count({ where: { applicationId } })) > 0);
    assert.equal(await statusOf(applicationId), '审批通过');
    // when
    const { announcement, undelivered } = await service.publishAnnouncement(buji, [applicationId]);
    // then
    assert.deepEqual(undelivered, []);
    await reach(applicationId, '已发证');
    const announced = await models.ApplicationEvent.findOne({ where: { applicationId, status: '已公告' } });
    assert.ok(announced, `the case passed 已公告 (${announcement.number})`);
  });
});
