/**
 * 初始注册 of every profession, end to end on the real workers: the demo
 * applicants file, their employers report or return, the province and the
 * ministry accept, ask for 补正, review and decide, the ministry announces;
 * the registers, documents, messages and appeals show the outcome.
 *
 * The applicants: wangfang (一级注册建筑师) has no social security at 浙江华建
 * (rule 3: every case carries the anomaly and its appeal); zhangwei
 * (勘察设计注册工程师) already holds 注册土木工程师(岩土) at a Jiangsu institute
 * (rule 4: 人员查重 anomaly); lina (一级建造师) holds 建筑工程 and adds 市政公用工程;
 * liuyang (监理工程师) files both specialties at once (申请注册专业1/2).
 */
import assert from 'node:assert/strict';
import { declareMatter } from './support/matter-scenarios.js';
import { givenRegistration } from './support/given.js';
import { assertNewlyRegistered, currentCertificate } from './support/registers.js';
import { assertRefused } from './support/records.js';
import { route } from './support/routes.js';
import { scenarioSuite } from './support/suite.js';
import { STEP, submittedWith } from './support/timelines.js';
import { eventually } from './support/waits.js';

scenarioSuite('初始注册 of every profession', ({ scenario, given }) => {
  declareMatter(scenario, {
    lane: 'wangfang',
    route: route('architect', 'initial'),
    options: { form: { specialties: ['architecture'] }, anomalies: ['socialSecurity'] },
    async approved({ world }, application) {
      const [registration] = await assertNewlyRegistered(world, application.id, { profession: 'architect', specialties: ['architecture'], employer: 'qiye' });
      const [certificate] = await currentCertificate(world, registration.registrationNumber!);
      assert.equal(certificate.personId, application.personId, 'the 注册证书 is the applicant’s');
    },
  });

  const engineer = route('engineer', 'initial');
  given(({ world }) => givenRegistration(world, 'zhangwei', { profession: 'engineer', specialty: 'geotechnical', at: 'other', daysLeft: 500 }).then(() => undefined));
  declareMatter(scenario, {
    lane: 'zhangwei',
    route: engineer,
    options: { form: { specialties: ['structural'] }, anomalies: ['duplicatePerson'] },
    async approved({ world }, application) {
      const [registration] = await assertNewlyRegistered(world, application.id, { profession: 'engineer', specialties: ['structural'], employer: 'qiye' });
      assert.equal((await currentCertificate(world, registration.registrationNumber!)).length, 1, 'one 注册证书 in force');
    },
  });

  const constructor = route('constructor', 'initial');
  scenario('lina', `${constructor.title}: registered at another employer (人员查重) is 不予注册 with a 不予注册告知书 before the employer sees it`, async (stage) => {
    const { portal, records, forms, world } = stage;
    const formData = await forms.of('lina', 'constructor', 'initial', { specialties: ['municipal'], employer: 'qiye' });
    const { application } = await portal.file('lina', { profession: 'constructor', matter: 'initial', formData });
    const refused = await portal.until(application.id, '审批不通过');

    await records.assertTimeline(refused.id, [...submittedWith(['socialSecurity']), STEP.duplicateRefused]);
    assert.match((await records.opinion(refused.id, '人员查重不予注册')) ?? '', /^人员查重：您已在“浙江宏远建设集团有限公司”注册为一级建造师（建筑工程，注册号浙1/);
    await eventually('the 不予注册告知书', async () => (await records.documents(refused.id)).includes('不予注册告知书'));
    await records.assertDocuments(refused.id, ['不予注册告知书']);
    assert.equal(await world.models.InboxTask.count({ where: { applicationId: refused.id } }), 0, 'the employer never had the case');
    assert.equal(refused.flags?.duplicatePerson, true);
  });
  declareMatter(scenario, {
    lane: 'lina',
    route: constructor,
    options: { form: { specialties: ['municipal'], employer: 'qiye-jianshe' } },
    async approved({ world }, application) {
      const held = await world.models.Registration.findOne({ where: { personId: application.personId!, specialty: 'building' } });
      const [municipal] = await assertNewlyRegistered(world, application.id, { profession: 'constructor', specialties: ['municipal'], employer: 'qiye-jianshe' });
      // 一级建造师 hold one 注册号 and one seal for all their specialties.
      assert.deepEqual([municipal.registrationNumber, municipal.sealNumber], [held!.registrationNumber, held!.sealNumber]);
    },
  });

  declareMatter(scenario, {
    lane: 'liuyang',
    route: route('supervisor', 'initial'),
    options: { form: { specialties: ['civil-building', 'transport'], employer: 'qiye-jianli' } },
    async approved({ world, forms, portal }, application) {
      const registrations = await assertNewlyRegistered(world, application.id, { profession: 'supervisor', specialties: ['civil-building', 'transport'], employer: 'qiye-jianli' });
      assert.equal(new Set(registrations.map((r) => `${r.registrationNumber}/${r.sealNumber}`)).size, 1, 'one 注册号 and seal for both specialties');
      // Rule 6: a registered specialty is not filed again.
      const formData = await forms.of('liuyang', 'supervisor', 'initial', { specialties: ['transport'], employer: 'qiye-jianli' });
      await assertRefused(portal.file('liuyang', { profession: 'supervisor', matter: 'initial', formData }), 409, '注册专业：您已注册“交通运输工程”专业，每个注册专业只可申报一次，不能重复注册（规则6）');
    },
  });
});
