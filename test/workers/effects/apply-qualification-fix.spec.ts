import assert from 'node:assert/strict';
import type { PublishMessage } from '../../../server/engine/port.js';
import { applyQualificationFix } from '../../../workers/effects/apply-qualification-fix.js';
import { demoEmployer, fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';

describe('zhuce.apply-qualification-fix', () => {
  let h: WorkerHarness;
  let published: PublishMessage[];
  before(async () => {
    h = await seededHarness();
    published = [];
    h.engine.publishMessage = async (message) => void published.push(message);
  });
  after(() => h.close());

  it('records the certificate, clears 预注册 on the employer\'s cases and registrations, and releases each waiting case (rule 13)', async () => {
    // given: 浙江新筑工程设计有限公司 has no qualification; one case waits after approval, one was refused, one registration is 预注册
    const employer = await demoEmployer(h.models, 'unqualified');
    const waiting = await fileCase(h.models, { person: await newPerson(h.models, '沈一'), employer, profession: 'engineer', matter: 'initial', data: { specialty: 'hvac' }, status: '审批通过' });
    const refused = await fileCase(h.models, { person: await newPerson(h.models, '沈二'), employer, profession: 'engineer', matter: 'initial', data: { specialty: 'hvac' }, status: '审批不通过' });
    for (const c of [waiting, refused]) await c.update({ flags: { preRegistration: true } });
    const preRegistered = await registerPerson(h.models, await newPerson(h.models, '沈三'), employer, { profession: 'engineer', specialty: 'chemical', status: '预注册' });
    const fix = await fileCase(h.models, { employer, profession: 'architect,engineer', matter: 'qualification-fix', data: { qualificationCertificateNo: ' a233000999 ' }, status: '审查中' });
    const delivery = job({ type: applyQualificationFix.type, bpmnProcessId: 'zhuce-qualification-fix', variables: { applicationId: fix.id, employerCode: employer.creditCode, qualificationCertificateNo: 'A233000999' } });
    // when
    await applyQualificationFix.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await applyQualificationFix.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery writes nothing');
    const qualifications = await h.models.EnterpriseQualification.findAll({ where: { enterpriseId: employer.id } });
    assert.deepEqual(qualifications.map((q) => [q.certificateNumber, q.industry]), [['A233000999', '勘察设计行业']]);
    await waiting.reload();
    assert.equal(waiting.flags?.preRegistration, false);
    assert.equal(waiting.flags?.qualificationFixedBy, fix.id);
    assert.equal(waiting.data?.employerQualificationNo, 'A233000999');
    await refused.reload();
    assert.equal(refused.flags?.preRegistration, true, 'a closed case is left as it was');
    await preRegistered.reload();
    assert.equal(preRegistered.status, '已注册');
    const [row] = await h.models.RegistrationHistory.findAll({ where: { registrationId: preRegistered.id } });
    assert.deepEqual([row.change, row.before?.status, row.after?.status, row.after?.qualificationCertificateNo], ['qualification-fix', '预注册', '已注册', 'A233000999']);

    const expected: PublishMessage = {
      name: 'employer-qualification-fixed',
      correlationKey: String(waiting.id),
      variables: { preRegistration: false },
      timeToLiveMs: 86_400_000,
      messageId: `employer-qualification-fixed:${waiting.id}`,
    };
    assert.deepEqual(published, [expected, expected], 'each delivery publishes again; the message id lets the engine keep one');
  });

  it('takes the number typed on the form when the job carries none, normalised', async () => {
    const employer = await demoEmployer(h.models, 'unqualified');
    const fix = await fileCase(h.models, { employer, profession: 'architect,engineer', matter: 'qualification-fix', data: { qualificationCertificateNo: ' a233000777 ' }, status: '审查中' });
    await applyQualificationFix.handle(job({ type: applyQualificationFix.type, variables: { applicationId: fix.id, employerCode: employer.creditCode } }), h.deps);
    assert.equal(await h.models.EnterpriseQualification.count({ where: { enterpriseId: employer.id, certificateNumber: 'A233000777' } }), 1);
  });
});
