import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { detectEmployerQualification } from '../../../workers/checks/detect-employer-qualification.js';
import { demoEmployer, fileCase, type DemoEmployer } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { writesOf } from './expectations.js';

describe('zhuce.detect-employer-qualification', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  async function detect(key: DemoEmployer, qualificationCertificateNo?: string) {
    const employer = await demoEmployer(h.models, key);
    const application = await fileCase(h.models, {
      employer,
      profession: 'architect,engineer',
      matter: 'qualification-fix',
      data: qualificationCertificateNo === undefined ? {} : { qualificationCertificateNo },
    });
    const delivery = job({ type: detectEmployerQualification.type, variables: { applicationId: application.id, employerCode: employer.creditCode } });
    return { application, delivery, result: await detectEmployerQualification.handle(delivery, h.deps) };
  }

  const found = (qualificationDetected: boolean, qualificationCertificateNo: string | null) => ({
    outcome: 'complete',
    variables: { qualificationDetected, qualificationCertificateNo },
  });

  it('detects a typed number the register holds for the employer, however it was typed; twice without writing', async () => {
    // given: the design institute holds A133000101 (demo seed)
    const { application, delivery, result } = await detect('design', ' a1330 00101 ');
    const before = await writesOf(h.models, application.id);
    // when
    const again = await detectEmployerQualification.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, found(true, 'A133000101'));
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
    assert.deepEqual((await detect('design', 'Ａ１３３０００１０１')).result, found(true, 'A133000101'), 'full-width digits');
  });

  it('offers the register’s number when none was typed', async () => {
    assert.deepEqual((await detect('supervision')).result, found(true, 'E133000567'));
  });

  it('does not detect a number the register does not hold for the employer, and keeps it for the ministry to check', async () => {
    assert.deepEqual((await detect('unqualified', 'a133000101')).result, found(false, 'A133000101'), 'another employer’s number');
    assert.deepEqual((await detect('unqualified')).result, found(false, null));
  });
});
