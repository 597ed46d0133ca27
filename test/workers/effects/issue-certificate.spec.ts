import assert from 'node:assert/strict';
import { issueCertificate } from '../../../workers/effects/issue-certificate.js';
import { writeRegistration } from '../../../workers/effects/write-registration.js';
import { demoEmployer, demoPerson, fileCase, givePortrait } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, recordIssues, seededHarness } from './support.js';

describe('zhuce.issue-certificate', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness(new Date('2026-11-23T02:00:00Z'));
  });
  after(() => h.close());

  it('issues the certificate of the registrations the case wrote, with photo and signature, stored once', async () => {
    // given: 李娜 adds 市政公用工程 to her 建筑工程 registration
    const person = await demoPerson(h.models, 'lina');
    await givePortrait(h.models, person);
    const application = await fileCase(h.models, {
      person,
      employer: await demoEmployer(h.models, 'construction'),
      profession: 'constructor',
      matter: 'add-specialty',
      data: { specialties: ['municipal'] },
      status: '已公告',
    });
    await writeRegistration.handle(job({ type: writeRegistration.type, variables: { applicationId: application.id, matter: 'add-specialty', profession: 'constructor' } }), h.deps);
    const [building] = await h.models.Registration.findAll({ where: { personId: person.id, specialty: 'building' } });
    const issued = recordIssues(h);
    const delivery = job({ type: issueCertificate.type, customHeaders: { reason: 'registration' }, variables: { applicationId: application.id } });
    // when
    await issueCertificate.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await issueCertificate.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    const documents = await h.models.Document.findAll({ where: { personId: person.id } });
    assert.equal(documents.length, 1, 'one certificate for the one 注册号');
    const [certificate] = documents;
    assert.deepEqual(
      [certificate.kind, certificate.number, certificate.applicationId, certificate.supersededAt],
      ['注册证书', `${building.registrationNumber}-01`, application.id, null],
    );
    const pdf = await h.deps.documents.content(certificate);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.includes('/Subtype /Image'), 'the photo and signature are embedded');
    const { data, photo, signature } = issued[0];
    assert.ok(photo && signature);
    assert.deepEqual(data, {
      professionName: '一级建造师',
      person: { name: '李娜', sex: '女', birthDate: data.person && (data.person as { birthDate: string }).birthDate, idLabel: '身份证号', idNumber: person.idNumber },
      enterpriseName: '浙江宏远建设集团有限公司',
      registrationNumber: building.registrationNumber,
      sealNumber: building.sealNumber,
      specialties: [
        { name: '建筑工程', validFrom: '2024年3月24日', validTo: '2027年3月23日' },
        { name: '市政公用工程', validFrom: '2026年11月23日', validTo: '2029年11月22日' },
      ],
      specialtyNames: '建筑工程、市政公用工程',
      validFrom: '2024年3月24日',
      validTo: '2027年3月23日',
    });
    assert.match(String((data.person as { birthDate: string }).birthDate), /^\d{4}年\d{1,2}月\d{1,2}日$/);
  });

  it('after a profile change issues every registered 注册号 of the person again and supersedes the earlier certificates', async () => {
    // given: 李娜 holds the certificate of the first test
    const person = await demoPerson(h.models, 'lina');
    const [earlier] = await h.models.Document.findAll({ where: { personId: person.id } });
    const correction = await fileCase(h.models, { person, profession: 'constructor', matter: 'info-correction', data: { newName: '李娜' }, status: '审批通过' });
    // when
    await issueCertificate.handle(job({ type: issueCertificate.type, customHeaders: { reason: 'profile-change' }, variables: { applicationId: correction.id } }), h.deps);
    // then
    const [again] = await h.models.Document.findAll({ where: { applicationId: correction.id } });
    assert.equal(again.number, earlier.number.replace(/-01$/, '-02'));
    await earlier.reload();
    assert.equal(earlier.supersededById, again.id);
    assert.ok(earlier.supersededAt);
  });
});
