import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkEmployerInfo } from '../../../workers/checks/check-employer-info.js';
import { demoEmployer } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal } from './expectations.js';

describe('zhuce.check-employer-info', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const run = (employerCode: string) => checkEmployerInfo.handle(job({ type: checkEmployerInfo.type, variables: { applicationId: 1, employerCode } }), h.deps);

  it('passes an employer that saved its 企业基本信息, twice alike', async () => {
    // given
    const design = await demoEmployer(h.models, 'design');
    // when / then
    assert.deepEqual(await run(design.creditCode), { outcome: 'complete', variables: undefined });
    assert.deepEqual(await run(design.creditCode), { outcome: 'complete', variables: undefined });
  });

  it('refuses an employer that has not saved its 企业基本信息', async () => {
    // given
    const unqualified = await demoEmployer(h.models, 'unqualified');
    await unqualified.update({ basicInfoSavedAt: null });
    // when / then
    assert.deepEqual(
      await run(unqualified.creditCode),
      refusal('EMPLOYER_INFO_MISSING', '“浙江新筑工程设计有限公司”尚未保存企业基本信息：请先在“企业基本信息”中填写并保存，再上报'),
    );
  });

  it('fails the job for a credit code no enterprise has', async () => {
    await assert.rejects(run('91330000000000000X'), /no enterprise with credit code 91330000000000000X/);
  });
});
