import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../../server/app.js';
import { ManualClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import type { Document } from '../../../server/db/models/document.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import type { Registration } from '../../../server/db/models/registration.js';
import { DocumentService } from '../../../server/documents/document-service.js';
import { DocumentVerification } from '../../../server/documents/verification.js';
import { maskIdNumber, maskName } from '../../../server/domain/masking.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { pageText } from '../../support/pdf-picture.js';

describe('文书核验: a document’s code shows the registration’s current state, the holder masked', () => {
  let sequelize: Sequelize;
  let models: Models;
  let documents: DocumentService;
  let verification: DocumentVerification;
  let registration: Registration;
  let server: Server;
  let base: string;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    documents = new DocumentService({ models, sequelize, clock, templatesDir: path.resolve('templates'), publicUrl: 'http://zhuce.test' });
    verification = new DocumentVerification({ models, clock });
    const lina = (await models.Account.findOne({ where: { username: 'lina' } }))!;
    registration = (await models.Registration.findOne({ where: { personId: lina.personId!, status: '已注册' } }))!;
    server = createApp({ config: loadConfig({}), models, clock, rootDir: path.resolve('.') }).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await sequelize.close();
  });

  let issued = 0;
  async function certificate(): Promise<Document> {
    issued += 1;
    const person = (await models.Person.findByPk(registration.personId))!;
    return documents.issue({
      kind: 'certificate',
      number: `${registration.registrationNumber}-${String(issued).padStart(2, '0')}`,
      dedupeKey: `verification-spec:${issued}`,
      personId: person.id,
      data: { professionName: '一级建造师', person: { name: person.name, sex: person.sex, idNumber: person.idNumber }, registrationNumber: registration.registrationNumber, specialties: [] },
    });
  }

  it('masks ID numbers and names as the authority does', () => {
    assert.equal(maskIdNumber('330302197009166669'), '3303**********6669');
    assert.equal(maskIdNumber('11010519491231002X'), '1101**********002X');
    assert.equal(maskName('张伟'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskIdNumber(''), '');
  });

  it('shows a current certificate as 有效 with its specialties and validity, and prints the ID number masked', async () => {
    // given
    const document = await certificate();
    // when
    const result = await verification.verify(document.verificationCode.toLowerCase());
    // then
    assert.equal(result?.certificate?.state, '有效');
    assert.deepEqual(result?.certificate?.specialties.map((s) => [s.name, s.validFrom, s.validTo]), [['建筑工程', registration.validFrom, registration.validTo]]);
    const person = (await models.Person.findByPk(registration.personId))!;
    assert.equal(result?.holderName, maskName(person.name));
    assert.equal(result?.holderIdNumber, maskIdNumber(person.idNumber));
    const text = pageText(await documents.content(document), 1);
    if (text !== null) {
      assert.ok(text.includes(maskIdNumber(person.idNumber)), 'the certificate prints the ID number masked');
      assert.ok(!text.includes(person.idNumber), 'and never in full');
    }
  });

  it('shows a certificate a newer one replaced as 已被新证书替代, naming the new one', async () => {
    // given
    const old = await certificate();
    const newer = await certificate();
    await models.Document.update({ supersededAt: clock.now(), supersededById: newer.id }, { where: { id: old.id } });
    // when
    const result = await verification.verify(old.verificationCode);
    // then
    assert.equal(result?.certificate?.state, '已被新证书替代');
    assert.equal(result?.certificate?.replacedBy?.number, newer.number);
  });

  it('shows a certificate past its validity as 已过期', async () => {
    // given
    const document = await certificate();
    const later = new ManualClock(new Date(`${registration.validTo}T20:00:00Z`));
    later.advance(24 * 3600_000);
    // when
    const result = await new DocumentVerification({ models, clock: later }).verify(document.verificationCode);
    // then
    assert.equal(result?.certificate?.state, '已过期');
  });

  it('shows the certificate of a cancelled registration as 已注销', async () => {
    // given
    const document = await certificate();
    await models.Document.update({ supersededAt: clock.now(), supersededById: null }, { where: { id: document.id } });
    // when
    const result = await verification.verify(document.verificationCode);
    // then
    assert.equal(result?.certificate?.state, '已注销');
  });

  it('offers a form at /verify; refuses a malformed code naming the rule (422) and answers 404 for an unknown one', async () => {
    // when
    const form = await fetch(`${base}/verify`);
    const malformed = await fetch(`${base}/verify?code=12345`);
    const unknown = await fetch(`${base}/verify/${'A'.repeat(20)}`);
    const typed = await fetch(`${base}/verify?code=${'b'.repeat(20)}`, { redirect: 'manual' });
    // then
    assert.equal(form.status, 200);
    assert.ok((await form.text()).includes('name="code"'));
    assert.equal(malformed.status, 422);
    assert.ok((await malformed.text()).includes('验证码：须为20位字母或数字'));
    assert.equal(unknown.status, 404);
    assert.ok((await unknown.text()).includes('未找到验证码为'));
    assert.equal(typed.status, 303);
    assert.equal(typed.headers.get('location'), `/verify/${'B'.repeat(20)}`);
  });

  it('shows the page of a valid certificate without the full name or ID number anywhere', async () => {
    // given
    const document = await certificate();
    const person = (await models.Person.findByPk(registration.personId))!;
    // when
    const html = await (await fetch(`${base}/verify/${document.verificationCode}`)).text();
    // then
    assert.ok(html.includes('有效') && html.includes('建筑工程') && html.includes(`${registration.validFrom} 至 ${registration.validTo}`));
    assert.ok(!html.includes(person.idNumber) && !html.includes(person.name));
  });
});
