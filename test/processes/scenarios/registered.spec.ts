/**
 * The matters of a registered professional: 变更注册 (rule 7), 延续注册
 * (rule 8), 增项注册 and 更改补办 (rule 9), each end to end on the real workers.
 *
 * Each applicant's cases follow one another as a career would: wangfang,
 * zhangwei and liuyang hold a registration at 江苏中衡 that runs out in 90
 * days and now work elsewhere (所在企业信息), so they first change employer,
 * then renew in the window before expiry, then ask for a new seal, a
 * reissued certificate or a second specialty. lina renews her 建筑工程 and,
 * without her employer (增项 of 一级建造师), adds 市政公用工程.
 */
import assert from 'node:assert/strict';
import type { Application } from '../../../server/db/models/application.js';
import type { ProfessionCode } from '../../../server/domain/professions.js';
import { addDays, addYears } from '../../../workers/effects/dates.js';
import { givenRegistration } from './support/given.js';
import { declareMatter } from './support/matter-scenarios.js';
import { NUMBER_FORMATS, VALIDITY_YEARS, assertNewlyRegistered, currentCertificate, writtenBy } from './support/registers.js';
import { route } from './support/routes.js';
import type { Stage } from './support/suite.js';
import { scenarioSuite } from './support/suite.js';

/** 变更注册: the registration moves to the new employer with its 注册号, seal and validity (rule 7), and a certificate is issued. */
async function assertMoved({ world }: Stage, application: Application, employer: string): Promise<void> {
  const [moved] = await writtenBy(world, application.id);
  const enterprise = await world.enterprise(employer);
  assert.equal(moved.change, 'change');
  assert.equal(moved.registration.enterpriseId, enterprise.id, 'at the new employer');
  assert.equal(moved.before?.enterpriseName, '江苏中衡建筑设计研究院有限公司', 'from the old one');
  const kept = ['registrationNumber', 'sealNumber', 'validFrom', 'validTo'] as const;
  assert.deepEqual(
    kept.map((k) => moved.registration[k]),
    kept.map((k) => moved.before?.[k]),
    '注册号, 执业印章号 and validity kept',
  );
  assert.equal((await currentCertificate(world, moved.registration.registrationNumber!)).length, 1, 'a 注册证书 in force for the 注册号');
}

/** 延续注册: the validity runs on from the old expiry for the profession's years (rule 8). */
async function assertRenewed({ world }: Stage, application: Application, profession: ProfessionCode): Promise<void> {
  const [renewed] = await writtenBy(world, application.id);
  const oldExpiry = String(renewed.before?.validTo);
  assert.equal(renewed.change, 'renewal');
  assert.deepEqual(
    [renewed.registration.validFrom, renewed.registration.validTo],
    [addDays(oldExpiry, 1), addYears(oldExpiry, VALIDITY_YEARS[profession])],
    `valid from the day after ${oldExpiry} for ${VALIDITY_YEARS[profession]} years`,
  );
  assert.equal(renewed.registration.registrationNumber, renewed.before?.registrationNumber, 'the 注册号 stays');
}

scenarioSuite('变更、延续、增项、更改补办 of registered professionals', ({ scenario, given }) => {
  given(async ({ world }) => {
    await givenRegistration(world, 'wangfang', { profession: 'architect', specialty: 'architecture', at: 'other', daysLeft: 90 });
    await givenRegistration(world, 'zhangwei', { profession: 'engineer', specialty: 'structural', at: 'other', daysLeft: 90 });
    await givenRegistration(world, 'liuyang', { profession: 'supervisor', specialty: 'civil-building', at: 'other', daysLeft: 90 });
  });

  // 一级注册建筑师 王芳: no social security at 浙江华建 (rule 3) in every case.
  const architect = { form: { specialties: ['architecture'] }, anomalies: ['socialSecurity' as const] };
  declareMatter(scenario, {
    lane: 'wangfang',
    route: route('architect', 'change'),
    options: architect,
    refuseAt: 'province',
    approved: (stage, application) => assertMoved(stage, application, 'qiye'),
  });
  declareMatter(scenario, {
    lane: 'wangfang',
    route: route('architect', 'renewal'),
    options: architect,
    approved: (stage, application) => assertRenewed(stage, application, 'architect'),
  });
  declareMatter(scenario, {
    lane: 'wangfang',
    route: route('architect', 'modify-reissue'),
    options: { ...architect, form: { ...architect.form, reissueRequirement: 'change-seal' } },
    refuseAt: 'province',
    async approved({ world }, application) {
      const [changed] = await writtenBy(world, application.id);
      assert.equal(changed.change, 'change-seal');
      assert.notEqual(changed.registration.sealNumber, changed.before?.sealNumber, 'a new 执业印章号');
      assert.match(changed.registration.sealNumber ?? '', NUMBER_FORMATS.architect('architecture').seal);
      assert.deepEqual([changed.registration.registrationNumber, changed.registration.validTo], [changed.before?.registrationNumber, changed.before?.validTo]);
    },
  });

  const engineer = { form: { specialties: ['structural'] } };
  declareMatter(scenario, { lane: 'zhangwei', route: route('engineer', 'change'), options: engineer, approved: (stage, application) => assertMoved(stage, application, 'qiye') });
  declareMatter(scenario, { lane: 'zhangwei', route: route('engineer', 'renewal'), options: engineer, approved: (stage, application) => assertRenewed(stage, application, 'engineer') });
  declareMatter(scenario, {
    lane: 'zhangwei',
    route: route('engineer', 'modify-reissue'),
    options: { form: { ...engineer.form, reissueRequirement: 'reissue-certificate' } },
    async approved({ world }, application) {
      const [reissued] = await writtenBy(world, application.id);
      assert.equal(reissued.change, 'reissue-certificate');
      assert.equal(reissued.registration.sealNumber, reissued.before?.sealNumber, 'the seal stays');
      const certificates = await world.models.Document.findAll({ where: { kind: '注册证书', personId: application.personId! }, order: [['id', 'ASC']] });
      const [inForce] = await currentCertificate(world, reissued.registration.registrationNumber!);
      assert.equal(inForce.applicationId, application.id, 'the reissued 注册证书 is the one in force');
      assert.ok(certificates.slice(0, -1).every((c) => c.supersededById !== null), 'the earlier certificates are superseded');
    },
  });

  declareMatter(scenario, {
    lane: 'liuyang',
    route: route('supervisor', 'change'),
    options: { form: { specialties: ['civil-building'] } },
    approved: (stage, application) => assertMoved(stage, application, 'qiye-jianli'),
  });
  declareMatter(scenario, {
    lane: 'liuyang',
    route: route('supervisor', 'renewal'),
    options: { form: { specialties: ['civil-building'] } },
    approved: (stage, application) => assertRenewed(stage, application, 'supervisor'),
  });
  declareMatter(scenario, {
    lane: 'liuyang',
    route: route('supervisor', 'add-specialty'),
    options: { form: { specialties: ['transport'] } },
    async approved({ world }, application) {
      const held = await world.models.Registration.findOne({ where: { personId: application.personId!, specialty: 'civil-building' } });
      const [added] = await assertNewlyRegistered(world, application.id, { profession: 'supervisor', specialties: ['transport'], employer: 'qiye-jianli' });
      assert.deepEqual([added.registrationNumber, added.sealNumber], [held!.registrationNumber, held!.sealNumber], 'under the 注册号 and seal held');
    },
  });

  declareMatter(scenario, {
    lane: 'lina/renewal',
    route: route('constructor', 'renewal'),
    options: { form: { specialties: ['building'] } },
    approved: (stage, application) => assertRenewed(stage, application, 'constructor'),
  });
  declareMatter(scenario, {
    lane: 'lina/add-specialty',
    route: route('constructor', 'add-specialty'),
    options: { form: { specialties: ['municipal'] } },
    async approved({ world }, application) {
      const held = await world.models.Registration.findOne({ where: { personId: application.personId!, specialty: 'building' } });
      const [added] = await assertNewlyRegistered(world, application.id, { profession: 'constructor', specialties: ['municipal'], employer: 'qiye-jianshe' });
      assert.deepEqual([added.registrationNumber, added.sealNumber], [held!.registrationNumber, held!.sealNumber], 'under the 注册号 and seal held');
    },
  });
});
