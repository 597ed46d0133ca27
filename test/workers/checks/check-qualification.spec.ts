import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkQualification } from '../../../workers/checks/check-qualification.js';
import { demoEmployer, demoPerson, fileCase, newPerson } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-qualification', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const deliver = (applicationId: number) => {
    const j = job({ type: checkQualification.type, variables: { applicationId: String(applicationId) } });
    return { first: () => checkQualification.handle(j, h.deps), again: () => checkQualification.handle(j, h.deps) };
  };

  async function engineerCase(specialty: string, form: Record<string, unknown> = {}) {
    const person = await demoPerson(h.models, 'zhangwei');
    const employer = await demoEmployer(h.models, 'design');
    return fileCase(h.models, { person, employer, profession: 'engineer', matter: 'initial', data: { specialty, ...form } });
  }

  async function registerRecord(idNumber: string, specialty: string) {
    const row = await h.models.Qualification.findOne({ where: { idNumber, specialty } });
    assert.ok(row, `the demo seed has a ${specialty} qualification`);
    return row;
  }

  it('passes a specialty the register holds for the applicant, with the certificate as the form states it', async () => {
    // given
    const zhangwei = await demoPerson(h.models, 'zhangwei');
    const record = await registerRecord(zhangwei.idNumber, 'structural');
    const methods: Record<string, string> = { 考试: 'exam', 考核认定: 'assessment', 特许: 'special-grant' };
    const application = await engineerCase('structural', {
      qualificationNo: ` ${record.certificateNumber.toLowerCase()} `,
      qualificationApprovalDate: record.approvalDate,
      qualificationMethod: methods[record.obtainedBy],
    });
    const delivery = deliver(application.id);
    // when
    const result = await delivery.first();
    const before = await writesOf(h.models, application.id);
    const again = await delivery.again();
    // then
    assert.deepEqual(result, { outcome: 'complete', variables: undefined });
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses a specialty the register does not hold for the applicant, naming it', async () => {
    // given
    const application = await engineerCase('hvac');
    const delivery = deliver(application.id);
    const message = '资格库中未找到您的“注册公用设备工程师(暖通空调)”资格记录（须与身份证号、姓名一致）';
    // when
    const result = await delivery.first();
    const before = await writesOf(h.models, application.id);
    const again = await delivery.again();
    // then
    assert.deepEqual(result, refusal('QUALIFICATION_NOT_FOUND', message));
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses when the register holds the ID number under another name', async () => {
    // given
    const person = await newPerson(h.models, '赵强');
    await h.models.Qualification.create({
      idNumber: person.idNumber,
      name: '赵小强',
      profession: 'architect',
      specialty: 'architecture',
      certificateNumber: 'JZ2015330000999',
      approvalDate: '2015-10-12',
      obtainedBy: '考试',
      year: 2015,
    });
    const application = await fileCase(h.models, {
      person,
      employer: await demoEmployer(h.models, 'design'),
      profession: 'architect',
      matter: 'initial',
      data: { specialty: 'architecture' },
    });
    // when
    const result = await deliver(application.id).first();
    // then
    assert.deepEqual(result, refusal('QUALIFICATION_NOT_FOUND', '资格库中未找到您的“建筑”资格记录（须与身份证号、姓名一致）'));
  });

  it('refuses a 资格证书管理号, 批准日期 or 获取方式 the register contradicts', async () => {
    // given
    const zhangwei = await demoPerson(h.models, 'zhangwei');
    const record = await registerRecord(zhangwei.idNumber, 'geotechnical');
    const wrongMethod = record.obtainedBy === '考试' ? 'assessment' : 'exam';
    const wrongMethodName = wrongMethod === 'exam' ? '考试' : '考核认定';
    const cases = [
      {
        form: { qualificationNo: 'YT2000330000001' },
        message: '资格证书管理号“YT2000330000001”与资格库中您的“注册土木工程师(岩土)”资格记录不一致',
      },
      {
        form: { qualificationNo: record.certificateNumber, qualificationApprovalDate: '2001-01-01' },
        message: '资格证书批准日期2001-01-01与资格库中您的“注册土木工程师(岩土)”资格记录不一致',
      },
      {
        form: { qualificationNo: record.certificateNumber, qualificationApprovalDate: record.approvalDate, qualificationMethod: wrongMethod },
        message: `获取执业资格方式“${wrongMethodName}”与资格库中您的“注册土木工程师(岩土)”资格记录不一致`,
      },
    ];
    for (const { form, message } of cases) {
      const application = await engineerCase('geotechnical', form);
      // when
      const result = await deliver(application.id).first();
      // then
      assert.deepEqual(result, refusal('QUALIFICATION_NOT_FOUND', message));
    }
  });

  it('checks every specialty of a constructor’s list and of a supervisor’s 专业1/专业2', async () => {
    // given
    const lina = await demoPerson(h.models, 'lina');
    const liuyang = await demoPerson(h.models, 'liuyang');
    const construction = await demoEmployer(h.models, 'construction');
    const supervision = await demoEmployer(h.models, 'supervision');
    const held = await fileCase(h.models, { person: lina, employer: construction, profession: 'constructor', matter: 'add-specialty', data: { specialties: ['municipal'] } });
    const partly = await fileCase(h.models, { person: lina, employer: construction, profession: 'constructor', matter: 'initial', data: { specialties: ['building', 'highway'] } });
    const second = await fileCase(h.models, { person: liuyang, employer: supervision, profession: 'supervisor', matter: 'initial', data: { specialty1: 'civil-building', specialty2: 'water-conservancy' } });
    const both = await fileCase(h.models, { person: liuyang, employer: supervision, profession: 'supervisor', matter: 'initial', data: { specialty1: 'civil-building', specialty2: 'transport' } });
    // when / then
    assert.equal((await deliver(held.id).first()).outcome, 'complete');
    assert.deepEqual(await deliver(partly.id).first(), refusal('QUALIFICATION_NOT_FOUND', '资格库中未找到您的“公路工程”资格记录（须与身份证号、姓名一致）'));
    assert.deepEqual(await deliver(second.id).first(), refusal('QUALIFICATION_NOT_FOUND', '资格库中未找到您的“水利工程”资格记录（须与身份证号、姓名一致）'));
    assert.equal((await deliver(both.id).first()).outcome, 'complete');
  });

  it('fails the job, rather than refusing the case, for an application it does not know', async () => {
    await assert.rejects(deliver(987654).first(), /without a known applicationId \(987654\)/);
  });
});
