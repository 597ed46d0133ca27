import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createApp } from '../../../server/app.js';
import { caseServices } from '../../../server/cases/task-actions.js';
import { loadConfig } from '../../../server/config.js';
import type { Enterprise } from '../../../server/db/models/enterprise.js';
import type { DocumentService } from '../../../server/documents/document-service.js';
import { STATUS } from '../../../server/domain/statuses.js';
import { NAVIGATION } from '../../../server/http/navigation.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { logIn, type WebSession } from '../../support/web-session.js';
import { newPerson, registerPerson } from '../../support/case-builder.js';
import { fixture, repositoryCatalog, type Fixture } from '../applications/fixture.js';

const html = { accept: 'text/html' };

describe('the employer workbench pages', function () {
  this.timeout(60_000);
  let f: Fixture;
  let server: Server;
  let base: string;
  let qiye: Enterprise;
  let session: WebSession;

  before(async () => {
    f = await fixture();
    const rootDir = path.resolve('.');
    const cases = caseServices({
      models: f.models,
      catalog: await repositoryCatalog(),
      forms: FormRegistry.fromDirectory(path.join(rootDir, 'forms')),
      // The case pages are not visited here.
      documents: {} as DocumentService,
      userTasks: f.userTasks,
      applications: f.service,
    });
    server = createApp({ config: loadConfig({}), models: f.models, clock: f.clock, rootDir, cases, applications: f.service }).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    qiye = await f.enterpriseOf('qiye');
    session = await logIn(base, 'qiye');
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
  });

  const page = async (url: string) => {
    const res = await session.get(url, html);
    return { status: res.status, text: await res.text() };
  };

  it('has a page with its own title for every entry of the employer menu, each listed in the side navigation', async () => {
    // given
    const own = NAVIGATION.employer.flatMap((s) => s.items).filter((i) => i.href.startsWith('/employer'));
    assert.ok(own.length >= 7);
    for (const item of own) {
      // when
      const { status, text } = await page(item.href);
      // then
      assert.equal(status, 200, item.href);
      assert.ok(text.includes(`<title>${item.label}`) || text.includes(`<h1 class="page-title">${item.label}`), `${item.href} is titled ${item.label}`);
      for (const other of NAVIGATION.employer.flatMap((s) => s.items)) assert.ok(text.includes(`href="${other.href.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}"`), `${item.href} links ${other.href}`);
      assert.ok(text.includes('aria-current="page">' + item.label), `${item.label} marked current`);
    }
  });

  it('shows the to-do list with the unread messages on the home page', async () => {
    // given
    for (let i = 0; i < 6; i++) await f.models.Message.create({ recipientKind: 'enterprise', recipientId: qiye.id, applicationId: null, title: `通知${i}`, body: '正文', opinion: null, readAt: null, dedupeKey: null });
    const application = await f.caseAt('zhangwei', 'qiye', STATUS.submitted, 'zhuce-initial-engineer');
    await f.taskAt(application, 'Task_EmployerReport', [`employer:${qiye.creditCode}`]);
    // when
    const { text } = await page('/employer');
    // then
    assert.match(text, /<span class="num">6<\/span><a href="\/employer\/messages">未读消息/);
    assert.match(text, /1 件申报等待本单位上报或退回/);
  });

  it('opens a message and marks it read; another enterprise message answers 404 and stays unread', async () => {
    // given
    const mine = await f.models.Message.create({ recipientKind: 'enterprise', recipientId: qiye.id, applicationId: null, title: '我的通知', body: '第一行\n第二行', opinion: '审核意见', readAt: null, dedupeKey: null });
    const other = await f.models.Message.create({ recipientKind: 'enterprise', recipientId: (await f.enterpriseOf('qiye-jianli')).id, applicationId: null, title: '别家的', body: '正文', opinion: null, readAt: null, dedupeKey: null });
    // when
    const opened = await page(`/employer/messages/${mine.id}`);
    const foreign = await page(`/employer/messages/${other.id}`);
    const malformed = await page('/employer/messages/abc');
    // then
    assert.equal(opened.status, 200);
    assert.ok(opened.text.includes('审核意见'));
    assert.ok((await mine.reload()).readAt);
    assert.equal(foreign.status, 404);
    assert.equal((await other.reload()).readAt, null);
    assert.equal(malformed.status, 404);
  });

  it('refuses a malformed search with 422 naming the field', async () => {
    // when
    const badMatter = await page('/employer/filings?matter=nope');
    const badPage = await page('/employer/staff?page=0');
    const badId = await page('/employer/staff?idNumber=%27%20or%201%3D1');
    // then
    assert.equal(badMatter.status, 422);
    assert.ok(badMatter.text.includes('申报事项'));
    assert.equal(badPage.status, 422);
    assert.ok(badPage.text.includes('页码'));
    assert.equal(badId.status, 422);
    assert.ok(badId.text.includes('身份证号'));
  });

  it('refuses a malformed 联系电话 on 企业基本信息 with the page again (422), the typed values kept and nothing saved', async () => {
    // given
    const before = (await f.models.Enterprise.findByPk(qiye.id))!.get({ plain: true });
    // when
    const res = await session.post('/employer/profile', new URLSearchParams({ contactName: '赵六', contactPhone: '12345', address: '杭州市西湖区文三路1号' }), html);
    const text = await res.text();
    // then
    assert.equal(res.status, 422);
    assert.ok(text.includes('href="#field-联系电话"'));
    assert.match(text, /class="field field-error" id="field-联系电话"/);
    assert.ok(text.includes('value="赵六"'));
    const after = (await f.models.Enterprise.findByPk(qiye.id))!.get({ plain: true });
    assert.equal(after.contactPhone, before.contactPhone);
    assert.equal(String(after.basicInfoSavedAt), String(before.basicInfoSavedAt));
  });

  describe('退回 with the reason typed in the page', () => {
    let applicationId: number;
    let taskId: number;
    let number: string;

    before(async () => {
      const application = await f.caseAt('wangfang', 'qiye', STATUS.submitted, 'zhuce-initial-architect');
      applicationId = application.id;
      number = application.number;
      taskId = await f.taskAt(application, 'Task_EmployerReport', [`employer:${qiye.creditCode}`]);
    });

    it('without a reason renders the page again (422) with the error at the field and the selection kept; nothing changes', async () => {
      // when
      const res = await session.post('/employer/decide', new URLSearchParams({ ids: String(applicationId), decision: 'return', reason: '   ' }), html);
      const text = await res.text();
      // then
      assert.equal(res.status, 422);
      assert.ok(text.includes('class="error-summary"'));
      assert.ok(text.includes('href="#field-退回原因"'));
      assert.match(text, /class="field field-error" id="field-退回原因"/);
      assert.match(text, new RegExp(`name="ids" value="${applicationId}"[^>]*checked`));
      assert.equal((await f.models.InboxTask.findByPk(taskId))!.status, 'open');
    });

    it('without a selection is refused the same way', async () => {
      // when
      const res = await session.post('/employer/decide', new URLSearchParams({ decision: 'return', reason: '材料不全' }), html);
      // then
      assert.equal(res.status, 422);
      assert.ok((await res.text()).includes('请先勾选要退回的申报'));
    });

    it('with a reason completes the employer task with it and says so once, without repeating the case number', async () => {
      // when
      const res = await session.post('/employer/decide', new URLSearchParams({ ids: String(applicationId), decision: 'return', reason: '劳动合同扫描件不清晰' }), html);
      // then
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/employer/filings');
      const task = (await f.models.InboxTask.findByPk(taskId))!;
      assert.notEqual(task.status, 'open');
      assert.equal((task.result as Record<string, unknown>).returnReason, '劳动合同扫描件不清晰');
      const next = await page('/employer/filings');
      const notice = /<div class="notice notice-success" role="status"><p>([^<]*)<\/p>/.exec(next.text)?.[1] ?? '';
      assert.ok(notice.includes('已退回'), notice);
      assert.equal(notice.split(number).length - 1, 1, notice);
    });
  });

  describe('导出', () => {
    before(async () => {
      for (let i = 0; i < 3; i++) await registerPerson(f.models, await newPerson(f.models, `导出测试${i}`), qiye, { profession: 'engineer', specialty: 'structural', validTo: '2030-01-01' });
    });

    it('downloads the searched staff as an Excel workbook with Chinese column headers', async () => {
      // when
      const res = await session.get('/employer/staff/export?name=%E5%AF%BC%E5%87%BA%E6%B5%8B%E8%AF%95', html);
      // then
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(res.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E6%B3%A8%E5%86%8C%E4%BA%BA%E5%91%98_/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const sheet = book.getWorksheet('注册人员')!;
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 4), ['姓名', '身份证号', '注册类别']);
      const names = (sheet.getColumn(1).values as unknown[]).slice(2).map(String).sort();
      assert.deepEqual(names, ['导出测试0', '导出测试1', '导出测试2']);
    });

    it('is refused to other roles and answers 422 for a malformed search before any file is written', async () => {
      // given
      const applicant = await logIn(base, 'zhangwei');
      // when
      const forbidden = await applicant.get('/employer/staff/export', html);
      const malformed = await session.get('/employer/staff/export?profession=pilot', html);
      // then
      assert.equal(forbidden.status, 403);
      assert.equal(malformed.status, 422);
      assert.ok(!(malformed.headers.get('content-type') ?? '').includes('spreadsheet'));
    });
  });
});
