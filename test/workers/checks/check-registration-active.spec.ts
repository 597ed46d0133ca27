import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkRegistrationActive } from '../../../workers/checks/check-registration-active.js';
import { demoEmployer, demoPerson, fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-registration-active', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const run = (applicationId: number, scope: string) =>
    checkRegistrationActive.handle(job({ type: checkRegistrationActive.type, customHeaders: { scope }, variables: { applicationId } }), h.deps);

  it('finds the registration a 变更注册 moves and fills 原聘用单位, 原执业印章号 and 原注册有效期; a second delivery writes nothing', async () => {
    // given
    const person = await newPerson(h.models, '沈宁');
    const design = await demoEmployer(h.models, 'design');
    const registration = await registerPerson(h.models, person, design, { profession: 'engineer', specialty: 'hvac', validTo: '2028-03-31' });
    const application = await fileCase(h.models, {
      person,
      employer: await demoEmployer(h.models, 'other'),
      profession: 'engineer',
      matter: 'change',
      data: { specialty: 'hvac', conditionQualified: true },
    });
    const delivery = job({ type: checkRegistrationActive.type, customHeaders: { scope: 'specialty' }, variables: { applicationId: application.id } });
    // when
    const result = await checkRegistrationActive.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkRegistrationActive.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
    await application.reload();
    assert.equal(application.data?.conditionQualified, true, 'the submitted values stay');
    assert.equal(application.data?.previousEmployerName, '浙江华建工程设计有限公司');
    assert.equal(application.data?.previousSealNo, registration.sealNumber);
    assert.equal(application.data?.previousValidUntil, '2028-03-31');
  });

  it('fills 执业印章号 and 注册有效期 of a renewal', async () => {
    // given: lina's 建筑工程 registration (demo seed)
    const lina = await demoPerson(h.models, 'lina');
    const registration = await h.models.Registration.findOne({ where: { personId: lina.id, specialty: 'building' } });
    const application = await fileCase(h.models, {
      person: lina,
      employer: await demoEmployer(h.models, 'construction'),
      profession: 'constructor',
      matter: 'renewal',
      data: { specialties: ['building'] },
    });
    // when
    const result = await run(application.id, 'specialty');
    // then
    assert.equal(result.outcome, 'complete');
    await application.reload();
    assert.equal(application.data?.sealNo, registration!.sealNumber);
    assert.equal(application.data?.validUntil, registration!.validTo);
  });

  it('refuses a case for a specialty without an active registration, a cancelled one included', async () => {
    // given
    const person = await newPerson(h.models, '韩梅');
    const design = await demoEmployer(h.models, 'design');
    await registerPerson(h.models, person, design, { profession: 'engineer', specialty: 'power-engineering', status: '已注销' });
    const application = await fileCase(h.models, { person, employer: design, profession: 'engineer', matter: 'modify-reissue', data: { specialty: 'power-engineering' } });
    // when
    const result = await run(application.id, 'specialty');
    // then
    assert.deepEqual(result, refusal('REGISTRATION_NOT_FOUND', '未找到您“注册公用设备工程师(动力)”专业的有效注册，无法办理更改补办（须持有有效注册）'));
    await application.reload();
    assert.equal(application.data?.sealNo, undefined);
  });

  it('takes the person’s registration where the form names no specialty (一级建造师 注销手续)', async () => {
    // given
    const lina = await demoPerson(h.models, 'lina');
    const cancel = await fileCase(h.models, { person: lina, profession: 'constructor', matter: 'cancel', data: { cancellationReason: '其他' } });
    const unregistered = await fileCase(h.models, { person: await newPerson(h.models, '杨帆'), profession: 'constructor', matter: 'cancel', data: { cancellationReason: '其他' } });
    // when / then
    assert.equal((await run(cancel.id, 'specialty')).outcome, 'complete');
    assert.deepEqual(
      await run(unregistered.id, 'specialty'),
      refusal('REGISTRATION_NOT_FOUND', '未找到您一级建造师的有效注册，无法办理注销手续（须持有有效注册）'),
    );
  });

  it('with scope = profession accepts any active registration of the profession (增项)', async () => {
    // given
    const construction = await demoEmployer(h.models, 'construction');
    const lina = await demoPerson(h.models, 'lina');
    const addition = await fileCase(h.models, { person: lina, employer: construction, profession: 'constructor', matter: 'add-specialty', data: { specialties: ['municipal'] } });
    const stranger = await fileCase(h.models, {
      person: await newPerson(h.models, '朱琳'), employer: construction, profession: 'constructor', matter: 'add-specialty', data: { specialties: ['municipal'] },
    });
    // when / then
    assert.equal((await run(addition.id, 'profession')).outcome, 'complete');
    assert.deepEqual(
      await run(stranger.id, 'profession'),
      refusal('REGISTRATION_NOT_FOUND', '未找到您一级建造师的有效注册，无法办理增项注册（须持有有效注册）'),
    );
  });

  it('fails the job on a model without a known scope header', async () => {
    const application = await fileCase(h.models, { person: await demoPerson(h.models, 'lina'), profession: 'constructor', matter: 'cancel' });
    await assert.rejects(run(application.id, 'everything'), /unknown scope header "everything"/);
  });
});
