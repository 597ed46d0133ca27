import assert from 'node:assert/strict';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { defineApplicationModels, type ApplicationModels } from '../../../server/applications/models.js';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { announcementDocument } from '../../../server/documents/announcement-document.js';
import { DocumentService } from '../../../server/documents/document-service.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { hasPoppler, pageCount, pageText, writePicture } from '../../support/pdf-picture.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];

describe('the 公告 as a PDF', () => {
  let sequelize: Sequelize;
  let models: Models;
  let own: ApplicationModels;
  let documents: DocumentService;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    own = defineApplicationModels(sequelize);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    documents = new DocumentService({ models, sequelize, clock, templatesDir: path.resolve('templates'), publicUrl: 'http://zhuce.test' });
  });
  after(() => sequelize.close());

  /** Approved cases with their registrations written, as the announcement lists them. */
  async function announcementOf(count: number) {
    const ids: number[] = [];
    const person = (await models.Person.findOne())!;
    const enterprise = (await models.Enterprise.findOne())!;
    for (let i = 0; i < count; i++) {
      const matter = i % 5 === 0 ? 'renewal' : 'initial';
      const application = await models.Application.create({
        number: `T3316${String(i).padStart(5, '0')}`, matter, profession: 'constructor', personId: null, enterpriseId: null, province: '33',
        specialties: ['building'], status: '审批通过', data: {}, flags: null, processInstanceKey: null, submittedAt: clock.now(), acceptedAt: null, decidedAt: clock.now(),
      });
      const registration = await models.Registration.create({
        personId: person.id, profession: 'constructor', specialty: 'building', enterpriseId: enterprise.id, registrationNumber: `浙1332026${String(200000 + i)}`,
        sealNumber: null, validFrom: '2026-11-23', validTo: '2029-11-22', status: '已注册',
      });
      await models.RegistrationHistory.create({ registrationId: registration.id, applicationId: application.id, change: matter, before: null, after: {}, at: clock.now() });
      ids.push(application.id);
    }
    const items = Array.from({ length: count }, (_, i) => ({
      applicationId: ids[i],
      number: `T3316${String(i).padStart(5, '0')}`,
      applicantName: `${SURNAMES[i % 10]}${GIVEN[(i * 7) % 12]}${i % 3 === 0 ? GIVEN[i % 12] : ''}`,
      profession: 'constructor',
      specialties: i % 4 === 0 ? ['building', 'municipal'] : ['building'],
      employerName: `浙江宏远建设集团有限公司第${(i % 5) + 1}分公司`,
    }));
    return own.Announcement.create({ number: `建市注〔2026〕${count}号`, year: 2026, sequence: count, profession: 'constructor', publishedAt: clock.now(), publishedBy: null, items });
  }

  it('lists every person of a long batch over several pages, repeating the header and the number on each page, once', async function () {
    // given
    const announcement = await announcementOf(90);
    // when
    const document = await announcementDocument({ models, own, documents }, announcement.id);
    const again = await announcementDocument({ models, own, documents }, announcement.id);
    // then
    assert.ok(document);
    assert.equal(again?.id, document.id, 'issued once');
    assert.deepEqual([document.kind, document.number, document.applicationId], ['公告', '建市注〔2026〕90号', null]);
    const pdf = await documents.content(document);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    if (!hasPoppler()) return this.skip();
    await writePicture(pdf, 'announcement-pdf', 1);
    await writePicture(pdf, 'announcement-pdf-page2', 2);
    const pages = pageCount(pdf)!;
    assert.ok(pages >= 3, `90 rows need several pages, got ${pages}`);
    const first = pageText(pdf, 1)!;
    assert.ok(first.includes('一级建造师注册公告') && first.includes('建市注〔2026〕90号'));
    for (let page = 2; page <= pages; page++) {
      const text = pageText(pdf, page)!;
      if (!/T3316\d{5}|^\s*\d+\s/m.test(text)) continue; // the seal may stand alone on the last page
      assert.ok(text.includes('序号') && text.includes('注册专业'), `page ${page} repeats the table header`);
      assert.ok(text.includes(`公告 建市注〔2026〕90号`) && text.includes(`第${page}页`), `page ${page} names the announcement`);
    }
    const all = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1)!).join('\n');
    const squeezed = all.replace(/\s+/g, '');
    assert.ok(squeezed.includes('王伟伟') && squeezed.includes('浙江宏远建设集团有限公司第5分'), 'names and employers are listed');
    assert.ok(/\b90\b/.test(all), 'the 90th row is there');
    assert.ok(squeezed.includes('浙13320262000') && all.includes('延续注册') && all.includes('初始注册'), 'each row names its 注册号 and matter');
  });

  it('answers nothing for an announcement that does not exist', async () => {
    // when
    const document = await announcementDocument({ models, own, documents }, 999_999);
    // then
    assert.equal(document, null);
  });
});
