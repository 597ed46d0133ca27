import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/seed/demo.js';
import { checkSpecialtyUnique } from '../../../workers/checks/check-specialty-unique.js';
import { demoEmployer, demoPerson, fileCase, newPerson } from '../../support/case-builder.js';
import { job, workerHarness, type WorkerHarness } from '../../support/worker-harness.js';
import { refusal, writesOf } from './expectations.js';

describe('zhuce.check-specialty-unique', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await workerHarness();
    await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  });
  after(() => h.close());

  const run = (applicationId: number) => checkSpecialtyUnique.handle(job({ type: checkSpecialtyUnique.type, variables: { applicationId } }), h.deps);

  it('passes a specialty the applicant neither holds nor asks for elsewhere, twice without writing', async () => {
    // given
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'zhangwei'),
      employer: await demoEmployer(h.models, 'design'),
      profession: 'engineer',
      matter: 'initial',
      data: { specialty: 'structural' },
    });
    const delivery = job({ type: checkSpecialtyUnique.type, variables: { applicationId: application.id } });
    // when
    const result = await checkSpecialtyUnique.handle(delivery, h.deps);
    const before = await writesOf(h.models, application.id);
    const again = await checkSpecialtyUnique.handle(delivery, h.deps);
    // then
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(again, result);
    assert.deepEqual(await writesOf(h.models, application.id), before);
  });

  it('refuses a specialty the applicant is registered for, naming the 注册号', async () => {
    // given: lina holds 建筑工程 (demo seed)
    const lina = await demoPerson(h.models, 'lina');
    const registration = await h.models.Registration.findOne({ where: { personId: lina.id, specialty: 'building' } });
    const application = await fileCase(h.models, {
      person: lina,
      employer: await demoEmployer(h.models, 'construction'),
      profession: 'constructor',
      matter: 'add-specialty',
      data: { specialties: ['municipal', 'building'] },
    });
    // when
    const result = await run(application.id);
    // then
    assert.deepEqual(
      result,
      refusal('SPECIALTY_ALREADY_REGISTERED', `您已持有“建筑工程”专业的注册（已注册，注册号${registration!.registrationNumber}），同一专业不能重复注册`),
    );
  });

  it('does not count a cancelled registration', async () => {
    // given
    const person = await newPerson(h.models, '陈静');
    const employer = await demoEmployer(h.models, 'supervision');
    await h.models.Registration.create({
      personId: person.id, profession: 'supervisor', specialty: 'transport', enterpriseId: employer.id,
      registrationNumber: '33000999', sealNumber: null, validFrom: '2020-01-01', validTo: '2023-01-01', status: '已注销',
    });
    const application = await fileCase(h.models, { person, employer, profession: 'supervisor', matter: 'initial', data: { specialty1: 'transport' } });
    // when / then
    assert.equal((await run(application.id)).outcome, 'complete');
  });

  it('refuses while another case for the specialty is in flight, and not once that case has ended', async () => {
    // given
    const person = await newPerson(h.models, '周敏');
    const employer = await demoEmployer(h.models, 'design');
    const earlier = await fileCase(h.models, { person, employer, profession: 'engineer', matter: 'initial', data: { specialty: 'chemical' }, status: '部级未受理' });
    const otherSpecialty = await fileCase(h.models, { person, employer, profession: 'engineer', matter: 'initial', data: { specialty: 'hvac' }, status: '审查中' });
    const application = await fileCase(h.models, { person, employer, profession: 'engineer', matter: 'initial', data: { specialty: 'chemical' } });
    // when
    const refused = await run(application.id);
    await earlier.update({ status: '审批不通过' });
    const afterRefusal = await run(application.id);
    // then
    assert.deepEqual(
      refused,
      refusal('SPECIALTY_IN_FLIGHT', `您申请“注册化工工程师”专业的另一项申报（申报编号${earlier.number}，部级未受理）正在办理中，同一专业不能重复申报`),
    );
    assert.equal(afterRefusal.outcome, 'complete', `a refused case and one for ${otherSpecialty.specialties} do not block`);
  });

  it('counts an approved case waiting for its announcement as in flight', async () => {
    // given
    const person = await newPerson(h.models, '吴磊');
    const employer = await demoEmployer(h.models, 'construction');
    const approved = await fileCase(h.models, { person, employer, profession: 'constructor', matter: 'initial', data: { specialties: ['railway'] }, status: '审批通过' });
    const application = await fileCase(h.models, { person, employer, profession: 'constructor', matter: 'initial', data: { specialties: ['mining', 'railway'] } });
    // when
    const result = await run(application.id);
    // then
    assert.deepEqual(
      result,
      refusal('SPECIALTY_IN_FLIGHT', `您申请“铁路工程”专业的另一项申报（申报编号${approved.number}，审批通过）正在办理中，同一专业不能重复申报`),
    );
  });
});
