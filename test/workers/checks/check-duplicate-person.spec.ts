import assert from 'node:assert/strict';
import type { Person } from '../../../server/db/models/person.js';
import type { Enterprise } from '../../../server/db/models/enterprise.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkDuplicatePerson } from '../../../workers/checks/check-duplicate-person.js';
import { demoEmployer, demoPerson, fileCase, newPerson, registerPerson, type CaseSpec } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { writesOf } from './expectations.js';

describe('zhuce.check-duplicate-person', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const register = (person: Person, employer: Enterprise, profession: string, specialty: string, status?: '已注销') =>
    registerPerson(h.models, person, employer, { profession, specialty, status });

  async function check(spec: CaseSpec & { employer: Enterprise }, consequence: 'anomaly' | 'refusal') {
    const application = await fileCase(h.models, spec);
    const delivery = job({ type: checkDuplicatePerson.type, customHeaders: { consequence }, variables: { applicationId: application.id, employerCode: spec.employer.creditCode } });
    return { application, delivery, result: await checkDuplicatePerson.handle(delivery, h.deps) };
  }

  it('flags a person registered at another employer and opens one 人员重复 appeal; a second delivery writes nothing', async () => {
    // given
    const person = await newPerson(h.models, '秦峰');
    const design = await demoEmployer(h.models, 'design');
    const supervision = await demoEmployer(h.models, 'supervision');
    const held = await register(person, design, 'engineer', 'structural');
    const detail = `人员查重：您已在“浙江华建工程设计有限公司”注册为勘察设计注册工程师（一级注册结构工程师，注册号${held.registrationNumber}），与本次申报的聘用单位“浙江正诚工程监理有限公司”不一致`;
    // when
    const { application, delivery, result } = await check(
      { person, employer: supervision, profession: 'supervisor', matter: 'initial', data: { specialty1: 'civil-building' } },
      'anomaly',
    );
    const before = await writesOf(h.models, application.id);
    const again = await checkDuplicatePerson.handle(delivery, h.deps);
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: { duplicatePerson: true, duplicateDetail: detail } });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
    await application.reload();
    assert.equal(application.flags?.duplicatePerson, true);
    assert.equal(application.flags?.duplicateDetail, detail);
    const appeals = await h.models.Appeal.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      appeals.map((a) => [a.kind, a.status, a.personId, a.enterpriseId, a.reason]),
      [['人员重复', '待申辩', person.id, supervision.id, `${detail}，请在“我的申辩”中说明情况`]],
    );
    const events = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(events.map((e) => e.step), ['人员查重（异常，待申辩）']);
  });

  it('passes a person registered only at the case’s employer, or only with cancelled registrations elsewhere', async () => {
    // given: lina is registered at the construction group (demo seed)
    const lina = await demoPerson(h.models, 'lina');
    const construction = await demoEmployer(h.models, 'construction');
    const person = await newPerson(h.models, '尤佳');
    await register(person, await demoEmployer(h.models, 'other'), 'architect', 'architecture', '已注销');
    // when
    const same = await check({ person: lina, employer: construction, profession: 'constructor', matter: 'renewal', data: { specialties: ['building'] } }, 'refusal');
    const cancelled = await check({ person, employer: construction, profession: 'constructor', matter: 'initial', data: { specialties: ['building'] } }, 'refusal');
    // then
    for (const { application, result } of [same, cancelled]) {
      assert.deepEqual(result, { outcome: 'complete', variables: { duplicatePerson: false, duplicateDetail: null } });
      await application.reload();
      assert.equal(application.flags, null);
    }
  });

  it('with consequence = refusal flags the case for the 不予注册告知书 but opens no appeal', async () => {
    // given
    const person = await newPerson(h.models, '许诺');
    const other = await demoEmployer(h.models, 'other');
    const construction = await demoEmployer(h.models, 'construction');
    const held = await register(person, other, 'architect', 'architecture');
    // when
    const { application, result } = await check(
      { person, employer: construction, profession: 'constructor', matter: 'initial', data: { specialties: ['building'] } },
      'refusal',
    );
    // then
    const detail = `人员查重：您已在“江苏中衡建筑设计研究院有限公司”注册为一级注册建筑师（建筑，注册号${held.registrationNumber}），与本次申报的聘用单位“浙江宏远建设集团有限公司”不一致`;
    assert.deepEqual(result, { outcome: 'complete', variables: { duplicatePerson: true, duplicateDetail: detail } });
    await application.reload();
    assert.equal(application.flags?.duplicateDetail, detail);
    assert.equal(await h.models.Appeal.count({ where: { applicationId: application.id } }), 0);
    assert.equal(await h.models.ApplicationEvent.count({ where: { applicationId: application.id } }), 0);
  });

  it('in 变更注册 does not count the registration being moved, but does count the others at the old employer', async () => {
    // given
    const design = await demoEmployer(h.models, 'design');
    const other = await demoEmployer(h.models, 'other');
    const mover = await newPerson(h.models, '何川');
    await register(mover, design, 'engineer', 'hvac');
    const split = await newPerson(h.models, '施雨');
    await register(split, design, 'engineer', 'hvac');
    const staying = await register(split, design, 'engineer', 'water-supply-drainage');
    // when
    const moving = await check({ person: mover, employer: other, profession: 'engineer', matter: 'change', data: { specialty: 'hvac' } }, 'anomaly');
    const leaving = await check({ person: split, employer: other, profession: 'engineer', matter: 'change', data: { specialty: 'hvac' } }, 'anomaly');
    // then
    assert.deepEqual(moving.result, { outcome: 'complete', variables: { duplicatePerson: false, duplicateDetail: null } });
    assert.deepEqual(leaving.result, {
      outcome: 'complete',
      variables: {
        duplicatePerson: true,
        duplicateDetail: `人员查重：您已在“浙江华建工程设计有限公司”注册为勘察设计注册工程师（注册公用设备工程师(给水排水)，注册号${staying.registrationNumber}），与本次申报的聘用单位“江苏中衡建筑设计研究院有限公司”不一致`,
      },
    });
  });

  it('fails the job on a model without a known consequence header', async () => {
    const application = await fileCase(h.models, { person: await demoPerson(h.models, 'zhangwei'), profession: 'engineer', matter: 'initial' });
    await assert.rejects(
      checkDuplicatePerson.handle(job({ type: checkDuplicatePerson.type, variables: { applicationId: application.id, employerCode: 'X' } }), h.deps),
      /unknown consequence header "undefined"/,
    );
  });
});
