/**
 * The employer's own matters of the architects' and engineers' system
 * (seed 001), end to end on the real workers:
 *   企业名称变更 (rule 14): 浙江华建 renames itself once the name changed at
 *     the 工商 authority (its legal-person account carries the new name);
 *     the ministry refuses once, after the time limit ran out, then approves,
 *     and the staff's certificates are issued again under the new name;
 *   补正资质 (rule 13): zhangwei files 初始注册 at 浙江新筑, which holds no
 *     qualification, so the approved case is 预注册 and waits; a fix with an
 *     unknown certificate number goes to the ministry with the copy and is
 *     refused; once the enterprise register knows the number, the fix is
 *     detected at once and releases the case to 公告 and 注册证书.
 * No withdrawal applies: these cases are the employer's.
 */
import assert from 'node:assert/strict';
import { givenEmployer, givenRegistration } from './support/given.js';
import { assertRefused } from './support/records.js';
import { assertNewlyRegistered, currentCertificate } from './support/registers.js';
import { route } from './support/routes.js';
import { Scenarios } from './support/scenarios.js';
import { scenarioSuite, type Stage } from './support/suite.js';
import { STEP, arrival, submittedWith } from './support/timelines.js';
import { eventually } from './support/waits.js';

const RENAMED = '浙江华建设计集团有限公司';
const EMPLOYER_FILED = '企业填报 | -';

/** Files an employer matter; `hurried` makes its review limits run out within seconds. */
async function fileAsEmployer(stage: Stage, employer: string, matter: 'enterprise-rename' | 'qualification-fix', formData: Record<string, unknown>, hurried = false) {
  const enterprise = await stage.world.enterprise(employer);
  const release = hurried ? stage.world.deadlines.hurry((a) => a.enterpriseId === enterprise.id && a.data?.processId === `zhuce-${matter}`) : () => undefined;
  try {
    const { application } = await stage.portal.file(employer, { matter, formData });
    if (hurried) {
      const task = await stage.portal.openTask(application.id, 'ministry-review-change-request');
      await new Scenarios(stage).assertRemindedAndEscalated(application.id, task, 'ministry');
    }
    return application;
  } finally {
    release();
  }
}

scenarioSuite('企业名称变更 and 补正资质 of an employer', ({ scenario, given }) => {
  given(async (stage) => {
    await givenRegistration(stage.world, 'wangfang', { profession: 'architect', specialty: 'architecture', at: 'design', daysLeft: 400 });
    await givenEmployer(stage.world, 'zhangwei', 'qiye-xinzhu');
    // The 工商 authority renamed 浙江华建; its legal-person account carries the new name (seed 001 §3.7 "自动提取").
    await (await stage.world.account('qiye')).update({ displayName: RENAMED });
  });

  scenario('qiye', '企业名称变更: an overdue review is reminded and escalated, then refused; the name stays', async (stage) => {
    const { portal, records, world } = stage;
    const application = await fileAsEmployer(stage, 'qiye', 'enterprise-rename', {}, true);
    await portal.review('ministry-review-change-request', application.id, 'refuse', '工商变更登记材料不全');
    const done = await portal.until(application.id, '审批不通过');

    await records.assertTimeline(done.id, [EMPLOYER_FILED, '企业上报 | 企业已上报', STEP.reviewStarted, STEP.refused]);
    await records.assertEmployerTold(done.id, ['企业已上报', '审查中', '审批不通过']);
    assert.equal((await world.enterprise('qiye')).name, '浙江华建工程设计有限公司');
  });

  scenario('qiye', '企业名称变更: approved, the register and every registration show the new name and the staff get new certificates', async (stage) => {
    const { portal, records, world } = stage;
    const wangfang = await world.person('wangfang');
    const [registration] = await world.models.Registration.findAll({ where: { personId: wangfang.id } });
    const application = await fileAsEmployer(stage, 'qiye', 'enterprise-rename', {});
    await portal.review('ministry-review-change-request', application.id, 'approve', '名称变更材料齐全，准予变更');
    const done = await portal.until(application.id, '审批通过');
    await eventually('the certificate under the new name', async () => (await currentCertificate(world, registration.registrationNumber!)).length === 1);

    await records.assertTimeline(done.id, [EMPLOYER_FILED, '企业上报 | 企业已上报', STEP.reviewStarted, STEP.approved]);
    await records.assertEmployerTold(done.id, ['企业已上报', '审查中', '审批通过']);
    assert.equal((await world.enterprise('qiye')).name, RENAMED);
    const history = await world.models.RegistrationHistory.findOne({ where: { applicationId: done.id, registrationId: registration.id } });
    assert.deepEqual([history?.before?.enterpriseName, history?.after?.enterpriseName], ['浙江华建工程设计有限公司', RENAMED]);
    // The certificates and their messages follow the renaming, one person at a time.
    await eventually('wangfang told that her certificate was issued again', () =>
      world.models.Message.findOne({ where: { recipientKind: 'person', recipientId: wangfang.id, title: '【企业名称变更】注册证书已按新单位名称重新签发' } }),
    );
  });

  const engineer = route('engineer', 'initial', { applicant: 'zhangwei', employer: 'qiye-xinzhu' });
  scenario('qiye-xinzhu', '补正资质: a 预注册 case waits after approval; a fix with an unknown number is reviewed with the copy and refused; a detected number releases the case to 公告 and 注册证书', async (stage) => {
    const { portal, records, forms, world } = stage;
    // 初始注册 at an employer without qualification: approved as 预注册 (rule 13).
    const formData = await forms.of('zhangwei', 'engineer', 'initial', { specialties: ['structural'] });
    const { application } = await portal.file('zhangwei', { profession: 'engineer', matter: 'initial', formData });
    const id = application.id;
    await portal.report('qiye-xinzhu', [id]);
    await portal.accept('ministry', id);
    await portal.review('ministry-review', id, 'approve', '符合注册条件，待企业补正资质后写入注册信息');
    const waiting = await portal.until(id, '审批通过');
    assert.equal(waiting.flags?.preRegistration, true, 'flagged 预注册');
    await assertRefused(portal.publish([id]), 409, `申报编号${waiting.number}：注册信息尚未写入（预注册的申报须待企业补正资质），暂不能公告`);

    // A certificate number the enterprise register does not know: the copy goes to the ministry, which refuses.
    const unknown = await fileAsEmployer(stage, 'qiye-xinzhu', 'qualification-fix', await forms.qualificationFix('qiye-xinzhu', 'A133009999', true), true);
    await portal.review('ministry-review-change-request', unknown.id, 'refuse', '资质副本与证书号不符');
    await portal.until(unknown.id, '审批不通过');
    await records.assertTimeline(unknown.id, [EMPLOYER_FILED, '企业上报 | 企业已上报', STEP.reviewStarted, STEP.refused]);
    assert.equal((await portal.application(id)).status, '审批通过', 'the 预注册 case still waits');

    // The register now holds the qualification granted to 浙江新筑: the number is detected, no review.
    const xinzhu = await world.enterprise('qiye-xinzhu');
    await world.models.EnterpriseQualification.create({ enterpriseId: xinzhu.id, industry: '工程设计', certificateNumber: 'A133000999', grade: '乙级', validUntil: '2031-12-31' });
    const detected = await fileAsEmployer(stage, 'qiye-xinzhu', 'qualification-fix', await forms.qualificationFix('qiye-xinzhu', 'a133000999', false));
    await portal.until(detected.id, '审批通过');
    await records.assertTimeline(detected.id, [EMPLOYER_FILED, '企业上报 | 企业已上报', STEP.approved]);
    assert.equal(await records.opinion(detected.id, '审批通过'), '企业资质证书号：A133000999');

    await new Scenarios(stage).announce(id);
    const certified = await portal.until(id, '已发证');
    assert.equal(certified.flags?.preRegistration, false, 'no longer 预注册');
    // zhangwei's social security is still paid by 浙江华建 (rule 3).
    await records.assertTimeline(id, [...submittedWith(['socialSecurity']), ...arrival(engineer), STEP.accepted, STEP.approved, STEP.announced, STEP.certified]);
    await records.assertApplicantToldEveryStatus(id);
    await records.assertDocuments(id, ['受理通知书', '注册证书']);
    await assertNewlyRegistered(world, id, { profession: 'engineer', specialties: ['structural'], employer: 'qiye-xinzhu' });
  });
});
