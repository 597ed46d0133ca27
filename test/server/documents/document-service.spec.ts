import assert from 'node:assert/strict';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { DocumentService, chineseDate } from '../../../server/documents/document-service.js';
import { portraitPng, signaturePng } from '../../../server/seed/portrait.js';
import { migratedDatabase } from '../../support/database.js';

describe('generated documents', () => {
  let sequelize: Sequelize;
  let models: Models;
  let documents: DocumentService;

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    documents = new DocumentService({
      models,
      sequelize,
      clock: new ManualClock(new Date('2026-11-23T02:00:00Z')),
      templatesDir: path.resolve('templates'),
      publicUrl: 'http://localhost:3000',
    });
  });
  after(() => sequelize.close());

  const certificate = {
    kind: 'certificate' as const,
    number: 'JZ-2026-000001',
    dedupeKey: 'certificate:1',
    data: {
      professionName: '一级建造师',
      person: { name: '李娜', sex: '女', birthDate: '1986-04-12', idNumber: '330106198604120025' },
      enterpriseName: '浙江宏远建设集团有限公司',
      specialtyNames: '建筑工程、市政公用工程',
      registrationNumber: '浙1332026000001',
      sealNumber: 'JS33-0000001',
      validFrom: '2026-11-23',
      validTo: '2029-11-22',
    },
    photo: portraitPng('李娜'),
    signature: signaturePng('李娜'),
  };

  it('issues a certificate as a PDF with a verification code, stored once', async () => {
    // when
    const first = await documents.issue(certificate);
    const again = await documents.issue(certificate);
    // then
    assert.equal(again.id, first.id, 'a second delivery gets the same document');
    assert.equal(first.kind, '注册证书');
    assert.match(first.verificationCode, /^[0-9A-F]{20}$/);
    const pdf = await documents.content(first);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdf.length, first.size);
    assert.equal((await documents.findByVerificationCode(first.verificationCode))?.id, first.id);
    assert.equal(await models.Document.count(), 1);
  });

  it('writes dates the Chinese way in China Standard Time', () => {
    assert.equal(chineseDate(new Date('2026-12-31T17:00:00Z')), '2027年1月1日');
  });

  it('lays out an announcement table over several pages', async () => {
    // given
    const items = Array.from({ length: 60 }, (_, i) => ({
      index: i + 1,
      name: `申请人${i + 1}`,
      enterpriseName: '浙江华建工程设计有限公司',
      matterName: '初始注册',
      specialtyNames: '一级注册结构工程师',
      registrationNumber: `S1330${String(i).padStart(5, '0')}`,
    }));
    // when
    const doc = await documents.issue({
      kind: 'announcement',
      number: '建市注〔2026〕12号',
      dedupeKey: 'announcement:12',
      data: { professionName: '勘察设计注册工程师', count: items.length, items },
    });
    // then
    const pdf = (await documents.content(doc)).toString('latin1');
    assert.ok((pdf.match(/\/Type \/Page\b/g) ?? []).length >= 2, 'the table continues on a second page');
  });
});
