import assert from 'node:assert/strict';
import { applyProfileChange } from '../../../workers/effects/apply-profile-change.js';
import { portraitPng, signaturePng } from '../../../server/seed/portrait.js';
import { idNumberCheckChar } from '../../../server/validation/id-number.js';
import { demoEmployer, demoPerson, fileCase, givePortrait, newPerson, registerPerson, storeFile } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';

const validId = (first17: string) => first17 + idNumberCheckChar(first17);

describe('zhuce.apply-profile-change', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness();
  });
  after(() => h.close());

  it('writes the approved name and ID number to the person and every record of the person, keeping the history (rule 15)', async () => {
    // given: 刘洋, supervising engineer, changes name and ID number
    const person = await demoPerson(h.models, 'liuyang');
    const oldIdNumber = person.idNumber;
    const registration = await registerPerson(h.models, person, await demoEmployer(h.models, 'supervision'), { profession: 'supervisor', specialty: 'civil-building' });
    const newIdNumber = validId('33010219880808123');
    const application = await fileCase(h.models, {
      person,
      profession: 'supervisor',
      matter: 'info-correction',
      data: { newName: '刘阳', newIdType: '身份证', newIdNumber: newIdNumber.toLowerCase() },
      status: '审批通过',
    });
    const delivery = job({ type: applyProfileChange.type, customHeaders: { change: 'identity' }, variables: { applicationId: application.id } });
    // when
    await applyProfileChange.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await applyProfileChange.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    await person.reload();
    assert.deepEqual([person.name, person.idType, person.idNumber], ['刘阳', '身份证', newIdNumber]);
    assert.equal(await h.models.Qualification.count({ where: { idNumber: oldIdNumber } }), 0);
    const qualifications = await h.models.Qualification.findAll({ where: { idNumber: newIdNumber } });
    assert.ok(qualifications.length > 0);
    assert.ok(qualifications.every((q) => q.name === '刘阳'));
    assert.equal(await h.models.SocialSecurityRecord.count({ where: { idNumber: newIdNumber } }), 1);
    const account = await h.models.Account.findOne({ where: { username: 'liuyang' } });
    assert.equal(account?.displayName, '刘阳');
    const [row] = await h.models.RegistrationHistory.findAll({ where: { registrationId: registration.id } });
    assert.deepEqual(
      [row.change, row.before?.personName, row.before?.idNumber, row.after?.personName, row.after?.idNumber],
      ['identity', '刘洋', oldIdNumber, '刘阳', newIdNumber],
    );
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'person-identity-changed', entityId: String(person.id) } });
    const before = audit.detail?.before as Record<string, unknown>;
    assert.deepEqual(
      { name: before.name, idType: before.idType, idNumber: before.idNumber },
      { name: '刘洋', idType: '身份证', idNumber: oldIdNumber },
    );
  });

  it('derives the birth date and the sex from the corrected ID number, not the old one (SPEC §7)', async () => {
    // given: a man born 1990 whose ID number is corrected to a woman's born 1949-12-31
    const person = await newPerson(h.models, '韩梅');
    await person.update({ birthDate: '1990-01-01', sex: '男' });
    const application = await fileCase(h.models, {
      person,
      profession: 'engineer',
      matter: 'info-correction',
      data: { newIdType: '身份证', newIdNumber: '11010519491231002x' },
      status: '审批通过',
    });
    // when
    await applyProfileChange.handle(job({ type: applyProfileChange.type, customHeaders: { change: 'identity' }, variables: { applicationId: application.id } }), h.deps);
    // then
    await person.reload();
    assert.deepEqual([person.idNumber, person.birthDate, person.sex], ['11010519491231002X', '1949-12-31', '女']);
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'person-identity-changed', entityId: String(person.id) } });
    const [before, after] = [audit.detail?.before, audit.detail?.after] as Array<Record<string, unknown>>;
    assert.deepEqual([before.birthDate, after.birthDate, after.sex], ['1990-01-01', '1949-12-31', '女']);
  });

  it('keeps the birth date and sex on file when the corrected document is no 身份证 (a passport number carries neither)', async () => {
    // given
    const person = await newPerson(h.models, '韩雪');
    await person.update({ birthDate: '1985-05-05', sex: '女' });
    const application = await fileCase(h.models, {
      person,
      profession: 'engineer',
      matter: 'info-correction',
      data: { newIdType: '护照', newIdNumber: 'E12345678' },
      status: '审批通过',
    });
    // when
    await applyProfileChange.handle(job({ type: applyProfileChange.type, customHeaders: { change: 'identity' }, variables: { applicationId: application.id } }), h.deps);
    // then
    await person.reload();
    assert.deepEqual([person.idType, person.idNumber, person.birthDate, person.sex], ['护照', 'E12345678', '1985-05-05', '女']);
  });

  it('refuses to give a person an ID number another person holds', async () => {
    // given
    const person = await newPerson(h.models, '冯涛');
    const other = await newPerson(h.models, '冯波');
    const application = await fileCase(h.models, { person, profession: 'engineer', matter: 'info-correction', data: { newIdNumber: other.idNumber }, status: '审批通过' });
    const before = await everythingWritten(h);
    // when / then
    await assert.rejects(
      applyProfileChange.handle(job({ type: applyProfileChange.type, customHeaders: { change: 'identity' }, variables: { applicationId: application.id } }), h.deps),
      new RegExp(`证件号码 ${other.idNumber} 已属于另一人员`),
    );
    assert.deepEqual(await everythingWritten(h), before, 'nothing is half written');
  });

  it('puts the photo and signature uploaded with the request on file', async () => {
    // given
    const person = await demoPerson(h.models, 'zhangwei');
    await givePortrait(h.models, person);
    const application = await fileCase(h.models, { person, profession: 'engineer', matter: 'info-correction', status: '审批通过' });
    const photo = await storeFile(h.models, { kind: 'photo', fileName: 'new-photo.png', bytes: portraitPng('张伟-2026'), applicationId: application.id });
    const signature = await storeFile(h.models, { kind: 'signature', fileName: 'new-signature.png', bytes: signaturePng('张伟-2026'), applicationId: application.id });
    await application.update({ data: { photo: [photo.id], signature: [signature.id] } });
    const delivery = job({ type: applyProfileChange.type, customHeaders: { change: 'photo-signature' }, variables: { applicationId: application.id } });
    // when
    await applyProfileChange.handle(delivery, h.deps);
    await applyProfileChange.handle(delivery, h.deps);
    // then
    await person.reload();
    assert.deepEqual([person.photoAttachmentId, person.signatureAttachmentId], [photo.id, signature.id]);
    await photo.reload();
    assert.equal(photo.personId, person.id, 'the upload joins the person\'s file');
    assert.equal(await h.models.AuditEntry.count({ where: { action: 'person-photo-signature-changed', entityId: String(person.id) } }), 1);
  });
});
