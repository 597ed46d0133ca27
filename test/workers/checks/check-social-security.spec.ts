import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkSocialSecurity } from '../../../workers/checks/check-social-security.js';
import { dedupeKey } from '../../../workers/worker.js';
import { demoEmployer, demoPerson, fileCase, newPerson, type DemoEmployer } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { writesOf } from './expectations.js';

describe('zhuce.check-social-security', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  async function filed(username: string | { id: number; name: string }, employerKey: DemoEmployer, data: Record<string, unknown> = {}) {
    const person = typeof username === 'string' ? await demoPerson(h.models, username) : await h.models.Person.findByPk(username.id);
    const employer = await demoEmployer(h.models, employerKey);
    const application = await fileCase(h.models, { person, employer, profession: 'architect', matter: 'initial', data: { specialty: 'architecture', ...data } });
    const delivery = job({ type: checkSocialSecurity.type, bpmnProcessId: 'zhuce-initial-architect', variables: { applicationId: application.id, employerCode: employer.creditCode } });
    return { person: person!, employer, application, delivery };
  }

  it('flags an applicant without contributions at the employer, records the acknowledgement and opens one appeal', async () => {
    // given: wangfang pays no social security (demo seed)
    const { person, employer, application, delivery } = await filed('wangfang', 'design', { socialSecurityAcknowledged: true });
    const reason = '经核查，您在“浙江华建工程设计有限公司”的社保缴纳情况异常（未查到缴纳记录），请在“我的申辩”中说明情况';
    // when
    const result = await checkSocialSecurity.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkSocialSecurity.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { socialSecurityAnomaly: true } });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before, 'the second delivery writes nothing');

    await application.reload();
    assert.equal(application.flags?.socialSecurityAnomaly, true);
    assert.equal(application.flags?.socialSecurityAcknowledged, true);
    assert.deepEqual((application.flags?.findings as Record<string, unknown>).socialSecurity, {
      reason,
      employerCode: employer.creditCode,
      lastPaidMonth: null,
      acknowledged: true,
      foundBy: dedupeKey(delivery),
      foundAt: h.clock.now().toISOString(),
    });
    const appeals = await h.models.Appeal.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      appeals.map((a) => [a.kind, a.status, a.personId, a.enterpriseId, a.reason]),
      [['社保异常', '待申辩', person.id, employer.id, reason]],
    );
    const events = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(events.map((e) => [e.step, e.status, e.opinion, e.actorName]), [['核查社保缴纳（异常，待申辩）', null, reason, '系统']]);
    const messages = await h.models.Message.findAll({ where: { applicationId: application.id }, order: [['recipientKind', 'ASC']] });
    assert.deepEqual(messages.map((m) => [m.recipientKind, m.recipientId, m.opinion]), [['enterprise', employer.id, reason], ['person', person.id, reason]]);
  });

  it('passes an applicant who pays at the employer, writing nothing', async () => {
    // given: zhangwei pays at the design institute (demo seed)
    const { application, delivery } = await filed('zhangwei', 'design');
    const before = await writesOf(h.models, application.id);
    // when
    const result = await checkSocialSecurity.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { socialSecurityAnomaly: false } });
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('does not count contributions at another employer or contributions that stopped', async () => {
    // given
    const elsewhere = await filed('zhangwei', 'other');
    const lapsed = await newPerson(h.models, '何平');
    const current = await newPerson(h.models, '吕芳');
    const design = await demoEmployer(h.models, 'design');
    await h.models.SocialSecurityRecord.bulkCreate([
      { idNumber: lapsed.idNumber, creditCode: design.creditCode, firstMonth: '2024-01', lastMonth: '2026-08', monthsPaid: 32 },
      { idNumber: current.idNumber, creditCode: design.creditCode, firstMonth: '2024-01', lastMonth: '2026-10', monthsPaid: 34 },
    ]);
    const lapsedCase = await filed(lapsed, 'design');
    const currentCase = await filed(current, 'design');
    // when
    const results = [
      await checkSocialSecurity.handle(elsewhere.delivery, h.deps),
      await checkSocialSecurity.handle(lapsedCase.delivery, h.deps),
      await checkSocialSecurity.handle(currentCase.delivery, h.deps),
    ];
    // then
    assert.deepEqual(results.map((r) => r.outcome === 'complete' && r.variables?.socialSecurityAnomaly), [true, true, false]);
    const [appeal] = await h.models.Appeal.findAll({ where: { applicationId: lapsedCase.application.id } });
    assert.equal(appeal.reason, '经核查，您在“浙江华建工程设计有限公司”的社保缴纳情况异常（最近一次缴纳为2026-08），请在“我的申辩”中说明情况');
    await lapsedCase.application.reload();
    assert.equal(lapsedCase.application.flags?.socialSecurityAcknowledged, false, 'no acknowledgement in the form');
  });

  it('opens one appeal per case even when the check runs again in another element instance', async () => {
    // given
    const { application, delivery, employer } = await filed('wangfang', 'design');
    await checkSocialSecurity.handle(delivery, h.deps);
    // when
    const rerun = await checkSocialSecurity.handle(
      job({ type: checkSocialSecurity.type, variables: { applicationId: application.id, employerCode: employer.creditCode } }),
      h.deps,
    );
    // then
    assert.deepEqual(rerun, { outcome: 'complete', variables: { socialSecurityAnomaly: true } });
    assert.equal(await h.models.Appeal.count({ where: { applicationId: application.id } }), 1);
    assert.equal(await h.models.ApplicationEvent.count({ where: { applicationId: application.id } }), 1);
  });

  it('fails the job without an employerCode', async () => {
    const { application } = await filed('wangfang', 'design');
    await assert.rejects(
      checkSocialSecurity.handle(job({ type: checkSocialSecurity.type, variables: { applicationId: application.id } }), h.deps),
      /without employerCode/,
    );
  });
});
