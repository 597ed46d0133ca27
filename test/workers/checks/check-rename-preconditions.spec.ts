import assert from 'node:assert/strict';
import type { Enterprise } from '../../../server/db/models/enterprise.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { portraitPng } from '../../../server/seed/portrait.js';
import { checkRenamePreconditions } from '../../../workers/checks/check-rename-preconditions.js';
import { demoEmployer, demoPerson, fileCase, storeFile, type DemoEmployer } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-rename-preconditions', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  async function rename(key: DemoEmployer, newEnterpriseName: string) {
    const employer = await demoEmployer(h.models, key);
    const application = await fileCase(h.models, {
      employer,
      profession: 'architect,engineer',
      matter: 'enterprise-rename',
      data: { previousEnterpriseName: employer.name, newEnterpriseName },
    });
    const delivery = job({ type: checkRenamePreconditions.type, bpmnProcessId: 'zhuce-enterprise-rename', variables: { applicationId: application.id, employerCode: employer.creditCode } });
    return { employer, application, delivery, run: () => checkRenamePreconditions.handle(delivery, h.deps) };
  }

  const staffCase = async (employer: Enterprise, matter: string, status: string) =>
    fileCase(h.models, { person: await demoPerson(h.models, 'zhangwei'), employer, profession: 'engineer', matter, data: { specialty: 'structural' }, status });

  it('passes a real rename of an employer with nothing in flight, twice without writing', async () => {
    // given
    const { application, delivery } = await rename('supervision', '浙江正诚工程管理咨询有限公司');
    // when
    const result = await checkRenamePreconditions.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkRenamePreconditions.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses while a case of the employer is in flight, and not once the cases have ended', async () => {
    // given
    const design = await demoEmployer(h.models, 'design');
    const reported = await staffCase(design, 'initial', '企业已上报');
    const awaiting = await staffCase(design, 'initial', '审批通过');
    const cancelled = await staffCase(design, 'cancel', '审批通过');
    const { run } = await rename('design', '浙江华建工程设计集团有限公司');
    // when
    const refused = await run();
    await reported.update({ status: '企业退回' });
    await awaiting.update({ status: '已发证' });
    const later = await run();
    // then
    assert.deepEqual(
      refused,
      refusal('APPLICATIONS_IN_FLIGHT', `本单位名下有正在办理的注册申报业务（申报编号${reported.number}、${awaiting.number}），待全部办理完结后方可申报企业名称变更`),
    );
    assert.equal(later.outcome, 'complete', `an approved cancellation (${cancelled.number}) has ended`);
  });

  it('lists at most three case numbers and counts the rest', async () => {
    // given
    const construction = await demoEmployer(h.models, 'construction');
    const numbers = [];
    for (let i = 0; i < 4; i++) numbers.push((await staffCase(construction, 'renewal', '审查中')).number);
    const { run } = await rename('construction', '浙江宏远建设控股集团有限公司');
    // when / then
    assert.deepEqual(
      await run(),
      refusal('APPLICATIONS_IN_FLIGHT', `本单位名下有正在办理的注册申报业务（申报编号${numbers.slice(0, 3).join('、')}等4件），待全部办理完结后方可申报企业名称变更`),
    );
  });

  it('refuses a rename that keeps the name', async () => {
    // given
    const { run } = await rename('other', ' 江苏中衡建筑设计研究院有限公司 ');
    // when / then
    assert.deepEqual(
      await run(),
      refusal('NAME_UNCHANGED', '现单位名称与原单位名称“江苏中衡建筑设计研究院有限公司”相同：企业名称未变更，请先到工商行政管理部门变更企业名称'),
    );
  });

  it('requires the renamed qualification copy from a 检测单位 or 施工图审查机构', async () => {
    // given
    const testing = await rename('testing', '浙江安信检测技术有限公司');
    const review = await rename('drawingReview', '杭州恒信施工图审查咨询有限公司');
    await storeFile(h.models, {
      kind: 'renamedQualificationCopy', fileName: '资质副本.png', bytes: portraitPng('资质副本'), enterpriseId: review.employer.id, applicationId: review.application.id,
    });
    // when / then
    assert.deepEqual(await testing.run(), refusal('QUALIFICATION_COPY_MISSING', '检测单位更名须上传更名后的企业资质副本'));
    assert.equal((await review.run()).outcome, 'complete');
  });
});
