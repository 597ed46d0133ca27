import assert from 'node:assert/strict';
import { Op } from 'sequelize';
import type { Application } from '../../../server/db/models/application.js';
import { writeRegistration } from '../../../workers/effects/write-registration.js';
import { demoEmployer, demoPerson, fileCase, newPerson, registerPerson, type CaseSpec } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';

describe('zhuce.write-registration', () => {
  let h: WorkerHarness;
  before(async () => {
    // 2026-11-23 10:00 China time
    h = await seededHarness(new Date('2026-11-23T02:00:00Z'));
  });
  after(() => h.close());

  const deliveryFor = (application: Application) =>
    job({ type: writeRegistration.type, variables: { applicationId: application.id, matter: application.matter, profession: application.profession } });

  async function approved(spec: CaseSpec) {
    const application = await fileCase(h.models, { status: '审批通过', ...spec });
    return { application, delivery: deliveryFor(application) };
  }

  /** The highest 7-digit sequence on a seal number with this prefix. */
  async function highestSeal(prefix: string): Promise<number> {
    const rows = await h.models.Registration.findAll({ where: { sealNumber: { [Op.like]: `${prefix}%` } } });
    return Math.max(0, ...rows.map((r) => Number(r.sealNumber!.slice(prefix.length))));
  }

  it('registers an initial engineer with a new 注册号 and 执业印章号 for three years, and a second delivery takes no second number', async () => {
    // given
    const person = await demoPerson(h.models, 'zhangwei');
    const employer = await demoEmployer(h.models, 'design');
    const { application, delivery } = await approved({ person, employer, profession: 'engineer', matter: 'initial', data: { specialty: 'structural' } });
    const seededSeal = await highestSeal('JG33-');
    // when
    const result = await writeRegistration.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    const again = await writeRegistration.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing, counters included');
    assert.deepEqual(again, result);
    const [registration] = await h.models.Registration.findAll({ where: { personId: person.id, specialty: 'structural' } });
    assert.deepEqual(result, { outcome: 'complete', variables: { registrationNo: registration.registrationNumber } });
    assert.match(registration.registrationNumber!, /^JG332026\d{5}$/);
    assert.equal(registration.sealNumber, `JG33-${String(seededSeal + 1).padStart(7, '0')}`, 'the seal counter starts past the seeded seals');
    assert.deepEqual(
      [registration.enterpriseId, registration.validFrom, registration.validTo, registration.status],
      [employer.id, '2026-11-23', '2029-11-22', '已注册'],
    );
    const history = await h.models.RegistrationHistory.findAll({ where: { registrationId: registration.id } });
    assert.deepEqual(
      history.map((row) => [row.change, row.applicationId, row.before, row.after?.enterpriseName, row.after?.registrationNumber]),
      [['initial', application.id, null, '浙江华建工程设计有限公司', registration.registrationNumber]],
    );
  });

  it('gives an architect two years', async () => {
    const person = await demoPerson(h.models, 'wangfang');
    const { delivery } = await approved({ person, employer: await demoEmployer(h.models, 'design'), profession: 'architect', matter: 'initial', data: { specialty: 'architecture' } });
    await writeRegistration.handle(delivery, h.deps);
    const [registration] = await h.models.Registration.findAll({ where: { personId: person.id } });
    assert.match(registration.registrationNumber!, /^JZ332026\d{5}$/);
    assert.deepEqual([registration.validFrom, registration.validTo], ['2026-11-23', '2028-11-22']);
  });

  it('gives a supervising engineer one 注册号 and one seal for both specialties', async () => {
    const person = await demoPerson(h.models, 'liuyang');
    const { delivery } = await approved({
      person,
      employer: await demoEmployer(h.models, 'supervision'),
      profession: 'supervisor',
      matter: 'initial',
      data: { specialty1: 'civil-building', specialty2: 'transport' },
    });
    const result = await writeRegistration.handle(delivery, h.deps);
    const rows = await h.models.Registration.findAll({ where: { personId: person.id }, order: [['id', 'ASC']] });
    assert.deepEqual(rows.map((r) => r.specialty), ['civil-building', 'transport']);
    assert.match(rows[0].registrationNumber!, /^33\d{6}$/);
    assert.equal(rows[1].registrationNumber, rows[0].registrationNumber);
    assert.equal(rows[1].sealNumber, rows[0].sealNumber);
    assert.deepEqual(result, { outcome: 'complete', variables: { registrationNo: rows[0].registrationNumber } });
  });

  it('hands out distinct consecutive numbers to cases written at the same time', async () => {
    const employer = await demoEmployer(h.models, 'design');
    const cases = await Promise.all(
      ['甲', '乙', '丙'].map(async (name) => approved({ person: await newPerson(h.models, `陈${name}`), employer, profession: 'engineer', matter: 'initial', data: { specialty: 'hvac' } })),
    );
    const results = await Promise.all(cases.map((c) => writeRegistration.handle(c.delivery, h.deps)));
    const numbers = results.map((r) => (r.outcome === 'complete' ? String(r.variables?.registrationNo) : '')).sort();
    assert.equal(new Set(numbers).size, 3);
    const sequence = numbers.map((n) => Number(n.slice(-5)));
    assert.deepEqual(sequence, [sequence[0], sequence[0] + 1, sequence[0] + 2]);
  });

  it('writes 预注册 for a case whose employer has no qualification yet (rule 13)', async () => {
    const person = await newPerson(h.models, '周立');
    const application = await fileCase(h.models, {
      person,
      employer: await demoEmployer(h.models, 'unqualified'),
      profession: 'engineer',
      matter: 'initial',
      data: { specialty: 'geotechnical' },
      status: '审批通过',
    });
    await application.update({ flags: { preRegistration: true } });
    await writeRegistration.handle(deliveryFor(application), h.deps);
    const [registration] = await h.models.Registration.findAll({ where: { personId: person.id } });
    assert.equal(registration.status, '预注册');
  });

  it('renews from the old expiry on, keeping the numbers (rule 8)', async () => {
    // given: 李娜's 建筑工程 registration runs out in 120 days, on 2027-03-23
    const person = await demoPerson(h.models, 'lina');
    const [held] = await h.models.Registration.findAll({ where: { personId: person.id, specialty: 'building' } });
    assert.equal(held.validTo, '2027-03-23');
    const { application, delivery } = await approved({
      person,
      employer: await demoEmployer(h.models, 'construction'),
      profession: 'constructor',
      matter: 'renewal',
      data: { specialties: ['building'] },
    });
    // when
    await writeRegistration.handle(delivery, h.deps);
    await writeRegistration.handle(delivery, h.deps);
    // then
    await held.reload();
    assert.deepEqual([held.validFrom, held.validTo, held.status], ['2027-03-24', '2030-03-23', '已注册']);
    const history = await h.models.RegistrationHistory.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      history.map((row) => [row.change, row.before?.validTo, row.after?.validTo]),
      [['renewal', '2027-03-23', '2030-03-23']],
    );
  });

  it('adds a specialty under the person\'s 注册号 and seal', async () => {
    const person = await demoPerson(h.models, 'lina');
    const [held] = await h.models.Registration.findAll({ where: { personId: person.id, specialty: 'building' } });
    const { delivery } = await approved({ person, profession: 'constructor', matter: 'add-specialty', data: { specialties: ['municipal'] } });
    const result = await writeRegistration.handle(delivery, h.deps);
    const [added] = await h.models.Registration.findAll({ where: { personId: person.id, specialty: 'municipal' } });
    assert.deepEqual(
      [added.registrationNumber, added.sealNumber, added.enterpriseId, added.validFrom, added.validTo],
      [held.registrationNumber, held.sealNumber, held.enterpriseId, '2026-11-23', '2029-11-22'],
    );
    assert.deepEqual(result, { outcome: 'complete', variables: { registrationNo: held.registrationNumber } });
  });

  it('moves a registration to the new employer, keeping its numbers and validity (rule 7)', async () => {
    // given
    const person = await newPerson(h.models, '吴建');
    const design = await demoEmployer(h.models, 'design');
    const other = await demoEmployer(h.models, 'other');
    const held = await registerPerson(h.models, person, design, { profession: 'engineer', specialty: 'structural' });
    const { delivery } = await approved({ person, employer: other, profession: 'engineer', matter: 'change', data: { specialty: 'structural' } });
    const unchanged = [held.registrationNumber, held.sealNumber, held.validFrom, held.validTo];
    // when
    await writeRegistration.handle(delivery, h.deps);
    // then
    await held.reload();
    assert.equal(held.enterpriseId, other.id);
    assert.deepEqual([held.registrationNumber, held.sealNumber, held.validFrom, held.validTo], unchanged);
    const [row] = await h.models.RegistrationHistory.findAll({ where: { registrationId: held.id } });
    assert.deepEqual([row.change, row.before?.enterpriseName, row.after?.enterpriseName], ['change', '浙江华建工程设计有限公司', '江苏中衡建筑设计研究院有限公司']);
  });

  it('gives a new 执业印章号 for 更改执业印章号 and keeps everything for 补办注册证书 (rule 9)', async () => {
    // given
    const design = await demoEmployer(h.models, 'design');
    const sealPerson = await newPerson(h.models, '郑航');
    const sealHeld = await registerPerson(h.models, sealPerson, design, { profession: 'engineer', specialty: 'chemical' });
    const certificatePerson = await newPerson(h.models, '郑宁');
    const certificateHeld = await registerPerson(h.models, certificatePerson, design, { profession: 'engineer', specialty: 'chemical' });
    const changeSeal = await approved({ person: sealPerson, employer: design, profession: 'engineer', matter: 'modify-reissue', data: { specialty: 'chemical', reissueRequirement: 'change-seal', reissueReason: '执业印章遗失' } });
    const reissue = await approved({ person: certificatePerson, employer: design, profession: 'engineer', matter: 'modify-reissue', data: { specialty: 'chemical', reissueRequirement: 'reissue-certificate', reissueReason: '注册证书遗失' } });
    const oldSeal = sealHeld.sealNumber;
    const certificateBefore = certificateHeld.get({ plain: true });
    // when
    await writeRegistration.handle(changeSeal.delivery, h.deps);
    await writeRegistration.handle(changeSeal.delivery, h.deps);
    await writeRegistration.handle(reissue.delivery, h.deps);
    // then
    await sealHeld.reload();
    assert.match(sealHeld.sealNumber!, /^HG33-\d{7}$/);
    assert.notEqual(sealHeld.sealNumber, oldSeal);
    const [sealRow] = await h.models.RegistrationHistory.findAll({ where: { registrationId: sealHeld.id } });
    assert.deepEqual([sealRow.change, sealRow.before?.sealNumber, sealRow.after?.sealNumber, sealRow.after?.reissueReason], ['change-seal', oldSeal, sealHeld.sealNumber, '执业印章遗失']);
    await certificateHeld.reload();
    assert.deepEqual(certificateHeld.get({ plain: true }), certificateBefore);
    const [reissueRow] = await h.models.RegistrationHistory.findAll({ where: { registrationId: certificateHeld.id } });
    assert.equal(reissueRow.change, 'reissue-certificate');
  });

  it('fails the job rather than register a specialty the person already holds', async () => {
    const person = await demoPerson(h.models, 'lina');
    const { delivery } = await approved({ person, employer: await demoEmployer(h.models, 'construction'), profession: 'constructor', matter: 'initial', data: { specialties: ['building'] } });
    await assert.rejects(writeRegistration.handle(delivery, h.deps), /already holds an active registration of building/);
  });
});
