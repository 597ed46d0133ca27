import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkEmployerDiffers } from '../../../workers/checks/check-employer-differs.js';
import { demoEmployer, fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-employer-differs', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  async function change(name: string, to: 'design' | 'other', registered = true) {
    const person = await newPerson(h.models, name);
    const design = await demoEmployer(h.models, 'design');
    const employer = await demoEmployer(h.models, to);
    if (registered) await registerPerson(h.models, person, design, { profession: 'architect', specialty: 'architecture' });
    const application = await fileCase(h.models, { person, employer, profession: 'architect', matter: 'change', data: { specialty: 'architecture' } });
    const delivery = job({ type: checkEmployerDiffers.type, variables: { applicationId: application.id, employerCode: employer.creditCode.toLowerCase() } });
    return { application, delivery, employer };
  }

  it('passes a change to another employer, twice without writing', async () => {
    // given
    const { application, delivery } = await change('林森', 'other');
    // when
    const result = await checkEmployerDiffers.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkEmployerDiffers.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses a change to the employer the registration is already at', async () => {
    // given
    const { delivery, employer } = await change('方圆', 'design');
    // when
    const result = await checkEmployerDiffers.handle(delivery, h.deps);
    // then
    assert.deepEqual(
      result,
      refusal('SAME_EMPLOYER', `现聘用单位不能与原聘用单位相同：您的“建筑”注册已在“浙江华建工程设计有限公司”（统一社会信用代码${employer.creditCode}），无需办理变更注册`),
    );
  });

  it('refuses a change without a registration to move', async () => {
    // given
    const { delivery } = await change('石磊', 'other', false);
    // when / then
    assert.deepEqual(
      await checkEmployerDiffers.handle(delivery, h.deps),
      refusal('REGISTRATION_NOT_FOUND', '未找到您“建筑”专业的有效注册，无法办理变更注册（须持有有效注册）'),
    );
  });
});
