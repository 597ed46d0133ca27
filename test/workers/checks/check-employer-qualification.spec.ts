import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkEmployerQualification } from '../../../workers/checks/check-employer-qualification.js';
import { demoEmployer, demoPerson, fileCase, type DemoEmployer } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { writesOf } from './expectations.js';

describe('zhuce.check-employer-qualification', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  async function checkAt(key: DemoEmployer) {
    const employer = await demoEmployer(h.models, key);
    const application = await fileCase(h.models, { person: await demoPerson(h.models, 'zhangwei'), employer, profession: 'engineer', matter: 'initial', data: { specialty: 'structural' } });
    const delivery = job({ type: checkEmployerQualification.type, variables: { applicationId: application.id, employerCode: employer.creditCode } });
    const result = await checkEmployerQualification.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkEmployerQualification.handle(delivery, h.deps);
    await application.reload();
    return { application, result, again, unchanged: JSON.stringify(await writesOf(h.models, application.id)) === JSON.stringify(before) };
  }

  it('marks the case 预注册 when the employer holds no qualification certificate', async () => {
    // when: the demo seed's 浙江新筑 has none
    const { application, result, again, unchanged } = await checkAt('unqualified');
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { preRegistration: true } });
    assert.deepEqual(again, result);
    assert.ok(unchanged, 'the second delivery writes nothing');
    assert.equal(application.flags?.preRegistration, true);
  });

  it('does not mark the case when the employer holds one', async () => {
    // when
    const { application, result, again, unchanged } = await checkAt('design');
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { preRegistration: false } });
    assert.deepEqual(again, result);
    assert.ok(unchanged);
    assert.equal(application.flags?.preRegistration, false);
  });

  it('fails the job for an employer the enterprise register does not know', async () => {
    const application = await fileCase(h.models, { person: await demoPerson(h.models, 'zhangwei'), profession: 'engineer', matter: 'initial' });
    await assert.rejects(
      checkEmployerQualification.handle(job({ type: checkEmployerQualification.type, variables: { applicationId: application.id, employerCode: '91330000000000000X' } }), h.deps),
      /the enterprise register has no 91330000000000000X/,
    );
  });
});
