import assert from 'node:assert/strict';
import { cancelRegistration } from '../../../workers/effects/cancel-registration.js';
import { generateDocument } from '../../../workers/effects/generate-document.js';
import { issueCertificate } from '../../../workers/effects/issue-certificate.js';
import { writeRegistration } from '../../../workers/effects/write-registration.js';
import { demoEmployer, demoPerson, fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, recordIssues, seededHarness } from './support.js';

describe('zhuce.cancel-registration', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness(new Date('2026-11-23T02:00:00Z'));
  });
  after(() => h.close());

  it('cancels the case\'s specialty with reason and forced flag, voids its certificate, and certifies it (rule 10)', async () => {
    // given: an engineer registered and certified, whose employer files a forced cancellation
    const design = await demoEmployer(h.models, 'design');
    const person = await newPerson(h.models, '孙浩');
    const initial = await fileCase(h.models, { person, employer: design, profession: 'engineer', matter: 'initial', data: { specialty: 'structural' }, status: '已公告' });
    await writeRegistration.handle(job({ type: writeRegistration.type, variables: { applicationId: initial.id, matter: 'initial', profession: 'engineer' } }), h.deps);
    await issueCertificate.handle(job({ type: issueCertificate.type, customHeaders: { reason: 'registration' }, variables: { applicationId: initial.id } }), h.deps);
    const [registration] = await h.models.Registration.findAll({ where: { personId: person.id } });
    const [certificate] = await h.models.Document.findAll({ where: { personId: person.id } });
    const cancel = await fileCase(h.models, {
      person,
      employer: design,
      profession: 'engineer',
      matter: 'cancel',
      data: { specialty: 'structural', cancellationReason: '已与聘用单位解除聘用劳动关系' },
      status: '审批通过',
    });
    const delivery = job({ type: cancelRegistration.type, variables: { applicationId: cancel.id, filedBy: 'employer' } });
    // when
    await cancelRegistration.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await cancelRegistration.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    await registration.reload();
    assert.equal(registration.status, '已注销');
    const [row] = await h.models.RegistrationHistory.findAll({ where: { applicationId: cancel.id } });
    assert.deepEqual(
      [row.change, row.before?.status, row.after?.status, row.after?.cancellationReason, row.after?.forced, row.after?.cancelledAt],
      ['cancel', '已注册', '已注销', '已与聘用单位解除聘用劳动关系', true, '2026-11-23T02:00:00.000Z'],
    );
    await certificate.reload();
    assert.ok(certificate.supersededAt, 'the certificate is void');
    assert.equal(certificate.supersededById, null);

    // and the 注销证明 names what was cancelled
    const issued = recordIssues(h);
    await generateDocument.handle(
      job({ type: generateDocument.type, elementId: 'Task_CancellationCertificate', customHeaders: { document: 'cancellation-certificate' }, variables: { applicationId: cancel.id } }),
      h.deps,
    );
    assert.deepEqual(
      [issued[0].data.registrationNumber, issued[0].data.specialtyNames, issued[0].data.enterpriseName, issued[0].data.cancelledOn, issued[0].data.reason, issued[0].data.forced],
      [registration.registrationNumber, '一级注册结构工程师', '浙江华建工程设计有限公司', '2026年11月23日', '已与聘用单位解除聘用劳动关系', '是'],
    );
  });

  it('cancels every specialty of a 一级建造师, whose registration is the person\'s', async () => {
    // given
    const person = await newPerson(h.models, '马骏');
    const construction = await demoEmployer(h.models, 'construction');
    const building = await registerPerson(h.models, person, construction, { profession: 'constructor', specialty: 'building' });
    const highway = await registerPerson(h.models, person, construction, { profession: 'constructor', specialty: 'highway' });
    const cancel = await fileCase(h.models, { person, profession: 'constructor', matter: 'cancel', data: { cancellationReason: '年龄超过65周岁' }, status: '审批通过' });
    // when
    await cancelRegistration.handle(job({ type: cancelRegistration.type, variables: { applicationId: cancel.id } }), h.deps);
    // then
    for (const r of [building, highway]) await r.reload();
    assert.deepEqual([building.status, highway.status], ['已注销', '已注销']);
    const rows = await h.models.RegistrationHistory.findAll({ where: { applicationId: cancel.id } });
    assert.deepEqual(rows.map((r) => r.after?.forced), [false, false]);
  });

  it('leaves the person\'s other registrations alone', async () => {
    const person = await demoPerson(h.models, 'zhangwei');
    const design = await demoEmployer(h.models, 'design');
    const structural = await registerPerson(h.models, person, design, { profession: 'engineer', specialty: 'structural' });
    const geotechnical = await registerPerson(h.models, person, design, { profession: 'engineer', specialty: 'geotechnical' });
    const cancel = await fileCase(h.models, { person, employer: design, profession: 'engineer', matter: 'cancel', data: { specialty: 'geotechnical', forcedCancellation: 'no', cancellationReason: '本人申请注销注册' }, status: '审批通过' });
    await cancelRegistration.handle(job({ type: cancelRegistration.type, variables: { applicationId: cancel.id, filedBy: 'applicant' } }), h.deps);
    for (const r of [structural, geotechnical]) await r.reload();
    assert.deepEqual([structural.status, geotechnical.status], ['已注册', '已注销']);
  });

  it('fails the job when there is no active registration to cancel', async () => {
    const person = await newPerson(h.models, '钱多');
    const cancel = await fileCase(h.models, { person, profession: 'engineer', matter: 'cancel', data: { specialty: 'chemical' }, status: '审批通过' });
    await assert.rejects(cancelRegistration.handle(job({ type: cancelRegistration.type, variables: { applicationId: cancel.id } }), h.deps), /no active engineer registration to cancel/);
  });
});
