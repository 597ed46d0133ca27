/**
 * 注销注册 of every profession (rule 10) and the 一级建造师's 重新注册 after it,
 * end to end on the real workers.
 *
 * Architects, engineers and supervisors file 注销 through their employer and
 * the authority decides without an acceptance step (architects pass the
 * province first); an employer may file a forced cancellation itself with the
 * arbitration award. 一级建造师 注销手续 is processed at once, without
 * employer or review (seed 002): a change of employer is 注销 then 重新注册.
 */
import assert from 'node:assert/strict';
import type { Application } from '../../../server/db/models/application.js';
import { givenRegistration } from './support/given.js';
import { declareMatter } from './support/matter-scenarios.js';
import { assertRefused } from './support/records.js';
import { assertNewlyRegistered, writtenBy } from './support/registers.js';
import { route } from './support/routes.js';
import { Scenarios } from './support/scenarios.js';
import type { Stage } from './support/suite.js';
import { scenarioSuite } from './support/suite.js';
import { STEP } from './support/timelines.js';
import { eventually } from './support/waits.js';

/** The registration of the case is 注销, with the reason in its history. */
async function assertCancelled({ world }: Stage, application: Application, specialties: string[]): Promise<void> {
  const written = await writtenBy(world, application.id);
  assert.deepEqual(written.map((w) => w.registration.specialty).sort(), [...specialties].sort(), 'the registrations of the case');
  for (const { registration, change, before } of written) {
    assert.deepEqual([change, registration.status, before?.status], ['cancel', '已注销', '已注册']);
  }
}

/** The refused 注销 left the registration as it was. */
async function assertStillRegistered({ world }: Stage, application: Application): Promise<void> {
  const registrations = await world.models.Registration.findAll({ where: { personId: application.personId!, specialty: application.specialties ?? [] } });
  assert.deepEqual(registrations.map((r) => r.status), ['已注册']);
}

scenarioSuite('注销注册 of every profession and 重新注册 after it', ({ scenario, given }) => {
  given(async ({ world }) => {
    await givenRegistration(world, 'wangfang', { profession: 'architect', specialty: 'architecture', at: 'design', daysLeft: 400 });
    await givenRegistration(world, 'zhangwei', { profession: 'engineer', specialty: 'structural', at: 'design', daysLeft: 400 });
    await givenRegistration(world, 'zhangwei', { profession: 'engineer', specialty: 'geotechnical', at: 'design', daysLeft: 400 });
    await givenRegistration(world, 'liuyang', { profession: 'supervisor', specialty: 'civil-building', at: 'supervision', daysLeft: 400 });
  });

  const plans = [
    { lane: 'wangfang', route: route('architect', 'cancel'), specialties: ['architecture'] },
    { lane: 'zhangwei/structural', route: route('engineer', 'cancel'), specialties: ['structural'] },
    { lane: 'liuyang', route: route('supervisor', 'cancel'), specialties: ['civil-building'] },
  ];
  for (const { lane, route: cancel, specialties } of plans) {
    declareMatter(scenario, {
      lane,
      route: cancel,
      options: { form: { specialties } },
      refused: assertStillRegistered,
      approved: (stage, application) => assertCancelled(stage, application, specialties),
    });
  }

  const engineer = route('engineer', 'cancel');
  scenario('zhangwei/geotechnical', `${engineer.title}: the employer files a forced cancellation with the award; the applicant is told and the registration is 注销`, async (stage) => {
    const { portal, forms, records, world } = stage;
    const formData = await forms.forcedCancellation('qiye', 'zhangwei', 'geotechnical');
    const { application } = await portal.file('qiye', { profession: 'engineer', matter: 'cancel', formData });
    await portal.review('ministry-review-cancel', application.id, 'approve', '仲裁裁决书已确认，准予注销');
    const done = await portal.until(application.id, '审批通过');
    await eventually('the 注销证明', async () => (await records.documents(done.id)).includes('注销证明'));

    await records.assertTimeline(done.id, ['企业填报 | -', STEP.employerFiledCancellation, STEP.reviewStarted, STEP.approved]);
    await records.assertApplicantToldEveryStatus(done.id);
    await records.assertEmployerTold(done.id, ['企业已上报', '审批通过']);
    await records.assertDocuments(done.id, ['注销证明']);
    await assertCancelled(stage, done, ['geotechnical']);
    const history = await world.models.RegistrationHistory.findOne({ where: { applicationId: done.id } });
    assert.equal(history?.after?.forced, true, 'recorded as forced');
  });

  const constructor = route('constructor', 'cancel');
  scenario('lina', `${constructor.title}: processed at once, every registration 注销 with a 注销证明; no 撤回 afterwards and no second 注销`, async (stage) => {
    const { portal, forms, records, world } = stage;
    const application = await new Scenarios(stage).cancelled(constructor, { form: { specialties: [] } });
    const registrations = await world.models.Registration.findAll({ where: { personId: application.personId! } });
    assert.deepEqual(registrations.map((r) => r.status), ['已注销'], 'lina’s 建筑工程 registration');
    assert.equal(await records.opinion(application.id, '审批通过'), '已与聘用企业解除聘用合同关系', 'the timeline shows the reason');
    const again = await forms.of('lina', 'constructor', 'cancel', { specialties: [] });
    await assertRefused(portal.file('lina', { profession: 'constructor', matter: 'cancel', formData: again }), 409, '您没有一级建造师有效注册，不能办理注销手续');
  });
  declareMatter(scenario, {
    lane: 'lina',
    route: route('constructor', 're-register'),
    options: { form: { specialties: ['building'], employer: 'qiye-jianshe' } },
    async approved({ world }, application) {
      const cancelled = await world.models.Registration.findOne({ where: { personId: application.personId!, status: '已注销' } });
      const [registration] = await assertNewlyRegistered(world, application.id, { profession: 'constructor', specialties: ['building'], employer: 'qiye-jianshe' });
      assert.notEqual(registration.registrationNumber, cancelled!.registrationNumber, 'a new 注册号');
    },
  });
});
