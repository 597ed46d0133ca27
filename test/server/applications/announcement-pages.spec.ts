import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApplicationService } from '../../../server/applications/application-service.js';
import { CaseEvents } from '../../../server/applications/case-events.js';
import { createApp } from '../../../server/app.js';
import type { CaseServices } from '../../../server/portals/cases.js';
import { loadConfig } from '../../../server/config.js';
import type { Application } from '../../../server/db/models/application.js';
import { DocumentService } from '../../../server/documents/document-service.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { localRegisters } from '../../../server/registers/local.js';
import { logIn } from '../../support/web-session.js';
import { fixture, repositoryCatalog, type Fixture } from './fixture.js';

describe('公告发布 page and the 公告 PDF', () => {
  let f: Fixture;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    f = await fixture();
    const root = path.resolve('.');
    const catalog = await repositoryCatalog();
    const forms = FormRegistry.fromDirectory(path.join(root, 'forms'));
    const documents = new DocumentService({ models: f.models, sequelize: f.sequelize, clock: f.clock, templatesDir: path.join(root, 'templates'), publicUrl: 'http://zhuce.test' });
    const applications = new ApplicationService({
      models: f.models,
      sequelize: f.sequelize,
      clock: f.clock,
      engine: f.engine,
      catalog,
      forms,
      userTasks: f.userTasks,
      caseEvents: new CaseEvents({ models: f.models, sequelize: f.sequelize, clock: f.clock }),
      registers: localRegisters(f.models),
      documents,
    });
    const cases = { catalog, forms, documents, submitTask: async () => ({ redirect: '/' }), mayWork: async () => false } as unknown as CaseServices;
    server = createApp({ config: loadConfig({}), models: f.models, clock: f.clock, rootDir: root, cases, applications }).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.close();
    await f.close();
  });

  async function approved(username: string, specialty: string): Promise<Application> {
    const application = await f.caseAt(username, 'qiye', '审批通过', 'zhuce-initial-engineer', [specialty]);
    await f.registration(username, { profession: 'engineer', specialty, employer: 'qiye', daysLeft: 1095 });
    const registration = await f.models.Registration.findOne({ where: { personId: application.personId!, specialty } });
    await f.models.RegistrationHistory.create({ registrationId: registration!.id, applicationId: application.id, change: 'initial', before: null, after: {}, at: f.clock.now() });
    return application;
  }

  const filingKeyIn = (html: string) => /name="filingKey" value="([^"]+)"/.exec(html)![1];
  const waitingList = (html: string) => html.slice(html.indexOf('等待公告的申报'), html.indexOf('已发布的公告'));

  it('drops published cases from the list at once, publishes a page’s batch once, and links the 公告 PDF', async () => {
    // given
    const first = await approved('zhangwei', 'structural');
    const buji = await logIn(base, 'buji');
    const page = await (await buji.get('/reviewer/announcements', { accept: 'text/html' })).text();
    assert.ok(waitingList(page).includes(`/applications/${first.id}"`));
    const body = new URLSearchParams({ ids: String(first.id), filingKey: filingKeyIn(page) });
    // when
    const published = await buji.post('/reviewer/announcements', body, { accept: 'text/html' });
    const after = await (await buji.get('/reviewer/announcements', { accept: 'text/html' })).text();
    const again = await buji.post('/reviewer/announcements', body, { accept: 'text/html' });
    const last = await (await buji.get('/reviewer/announcements', { accept: 'text/html' })).text();
    // then
    assert.equal(published.status, 303);
    assert.equal((await f.models.Application.findByPk(first.id))!.status, '审批通过', 'the process has not taken the message yet');
    assert.ok(!waitingList(after).includes(`/applications/${first.id}"`), 'the published case left the list');
    assert.equal(again.status, 303);
    assert.equal(await f.service.own.Announcement.count(), 1, 'the repeated page published nothing');
    assert.ok(!waitingList(last).includes(`/applications/${first.id}"`));
    const announcement = (await f.service.own.Announcement.findOne())!;
    assert.ok(after.includes(`/announcements/${announcement.id}/document`));
    const document = await f.models.Document.findOne({ where: { dedupeKey: `announcement:${announcement.id}` } });
    assert.equal(document?.kind, '公告');
    assert.equal(document?.number, '建市注〔2026〕1号');
  });

  it('serves the 公告 PDF to the listed applicant and from the case page, and to no one outside it', async () => {
    // given
    const first = await approved('zhangwei', 'structural');
    const buji = await f.account('buji');
    const { announcement } = await f.service.publishAnnouncement(buji, [first.id]);
    const zhangwei = await logIn(base, 'zhangwei');
    const wangfang = await logIn(base, 'wangfang');
    const lina = await logIn(base, 'qiye-jianshe');
    // when
    const own = await zhangwei.get(`/announcements/${announcement.id}/document`, { accept: 'application/pdf' });
    const other = await wangfang.get(`/announcements/${announcement.id}/document`, { accept: 'text/html' });
    const otherEmployer = await lina.get(`/announcements/${announcement.id}/document`, { accept: 'text/html' });
    const casePage = await (await zhangwei.get(`/applications/${first.id}`, { accept: 'text/html' })).text();
    // then
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await own.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    assert.equal(other.status, 404);
    assert.equal(otherEmployer.status, 404);
    assert.ok(casePage.includes(`/announcements/${announcement.id}/document`), 'the case page links the 公告');
    assert.ok(casePage.includes('建市注〔2026〕1号'));
  });
});
