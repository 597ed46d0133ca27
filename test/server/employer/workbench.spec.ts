import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Enterprise } from '../../../server/db/models/enterprise.js';
import { STATUS } from '../../../server/domain/statuses.js';
import { STAFF_COLUMNS, writeStaffWorkbook } from '../../../server/employer/staff-export.js';
import { EXPORT_CHUNK, EmployerWorkbench, PAGE_SIZE, decisionSummary, filingFilterOf, pageNumber, staffFilterOf } from '../../../server/employer/workbench.js';
import { HttpError } from '../../../server/http/errors.js';
import { fileCase, newPerson, registerPerson } from '../../support/case-builder.js';
import { statementsOf } from '../../support/statements.js';
import { fixture, type Fixture } from '../applications/fixture.js';

const DAY_MS = 86_400_000;

describe('the employer workbench queries', function () {
  this.timeout(60_000);
  let f: Fixture;
  let qiye: Enterprise;
  let other: Enterprise;
  let workbench: EmployerWorkbench;

  before(async () => {
    f = await fixture();
    qiye = await f.enterpriseOf('qiye');
    other = await f.enterpriseOf('qiye-jianshe');
    workbench = new EmployerWorkbench({ models: f.models, clock: f.clock });
  });

  after(async () => {
    await f?.close();
  });

  describe('注册申报管理', () => {
    let target: { id: number; number: string; idNumber: string };

    before(async () => {
      // given: 23 cases of qiye's people (one returned), one of another employer with the same name
      for (let i = 0; i < 22; i++) {
        const person = await newPerson(f.models, i === 7 ? '欧阳明' : `申报人${i}`);
        const application = await fileCase(f.models, { person, employer: qiye, profession: 'engineer', matter: i % 2 ? 'initial' : 'renewal', data: { specialty: 'structural' } });
        if (i === 7) target = { id: application.id, number: application.number, idNumber: person.idNumber };
      }
      await fileCase(f.models, { person: await newPerson(f.models, '退回人'), employer: qiye, profession: 'engineer', matter: 'initial', status: STATUS.employerReturned });
      await fileCase(f.models, { person: await newPerson(f.models, '欧阳明'), employer: other, profession: 'constructor', matter: 'initial' });
    });

    it('pages the enterprise own cases in SQL, with the count, and leaves returned ones out', async () => {
      // when
      const first = await workbench.filings(qiye.id, {}, 1);
      const second = await workbench.filings(qiye.id, {}, 2);
      // then
      assert.equal(first.total, 22);
      assert.equal(first.rows.length, PAGE_SIZE);
      assert.equal(second.rows.length, 2);
      assert.equal(first.pages, 2);
      const names = [...first.rows, ...second.rows].map((r) => r.name);
      assert.ok(!names.includes('退回人'), 'a returned case leaves the list (rule 12)');
      assert.equal(new Set([...first.rows, ...second.rows].map((r) => r.id)).size, 22);
    });

    it('finds a case by name, ID number, case number, matter and status, never another employer one', async () => {
      // when
      const byName = await workbench.filings(qiye.id, filingFilterOf({ name: '欧阳' }), 1);
      const byId = await workbench.filings(qiye.id, filingFilterOf({ idNumber: target.idNumber.toLowerCase() }), 1);
      const byNumber = await workbench.filings(qiye.id, filingFilterOf({ number: target.number }), 1);
      const byMatter = await workbench.filings(qiye.id, filingFilterOf({ matter: 'renewal' }), 1);
      const byStatus = await workbench.filings(qiye.id, filingFilterOf({ status: STATUS.employerReported }), 1);
      // then
      assert.deepEqual(byName.rows.map((r) => r.id), [target.id]);
      assert.deepEqual(byId.rows.map((r) => r.id), [target.id]);
      assert.deepEqual(byNumber.rows.map((r) => r.id), [target.id]);
      assert.equal(byMatter.total, 11);
      assert.ok(byMatter.rows.every((r) => r.title.includes('延续注册')));
      assert.equal(byStatus.total, 0);
      assert.ok(byName.rows.every((r) => r.selectable));
    });

    it('refuses search input that breaks a field rule, naming the field', () => {
      // when / then
      const refused = (query: Record<string, unknown>, field: string) =>
        assert.throws(() => filingFilterOf(query), (err: unknown) => err instanceof HttpError && err.status === 422 && err.field === field && err.message.startsWith(field));
      refused({ matter: 'drop table' }, '申报事项');
      refused({ status: '不存在的状态' }, '申报状态');
      refused({ idNumber: '33010-1985' }, '身份证号');
      refused({ name: '张%' }, '姓名');
      refused({ name: ['张', '王'] }, '姓名');
      refused({ number: 'x'.repeat(33) }, '申报编号');
      assert.throws(() => pageNumber('0'), (err: unknown) => err instanceof HttpError && err.field === '页码');
      assert.throws(() => pageNumber('-1'), HttpError);
      assert.equal(pageNumber(undefined), 1);
    });
  });

  describe('注册人员查询 and its export', () => {
    before(async () => {
      // given: enough of qiye's people to need two export chunks, one cancelled
      for (let i = 0; i < EXPORT_CHUNK + 5; i++) {
        const person = await newPerson(f.models, `导出人${i}`);
        await registerPerson(f.models, person, qiye, { profession: 'engineer', specialty: 'geotechnical', validTo: '2029-01-01' });
      }
      await registerPerson(f.models, await newPerson(f.models, '已注销人'), qiye, { profession: 'engineer', specialty: 'structural', status: '已注销' });
    });

    it('pages and filters registrations in SQL, valid ones first by expiry', async () => {
      // when
      const page = await workbench.staff(qiye.id, {}, 1);
      const cancelled = await workbench.staff(qiye.id, staffFilterOf({ status: '已注销' }), 1);
      const byName = await workbench.staff(qiye.id, staffFilterOf({ name: '导出人12' }), 1);
      const architects = await workbench.staff(qiye.id, staffFilterOf({ profession: 'architect' }), 1);
      // then
      const demoStaff = await f.models.Registration.count({ where: { enterpriseId: qiye.id } });
      assert.equal(page.total, demoStaff - 1);
      assert.equal(page.rows.length, PAGE_SIZE);
      const dates = page.rows.map((r) => r.validTo);
      assert.deepEqual(dates, [...dates].sort());
      assert.deepEqual(cancelled.rows.map((r) => r.name), ['已注销人']);
      assert.deepEqual(byName.rows.map((r) => r.name).sort(), ['导出人12', '导出人120', '导出人121', '导出人122', '导出人123', '导出人124', '导出人125', '导出人126', '导出人127', '导出人128', '导出人129'].sort().slice(0, PAGE_SIZE));
      assert.ok(architects.rows.length > 0 && architects.rows.every((r) => r.professionName === '一级注册建筑师'));
      assert.throws(() => staffFilterOf({ profession: 'pilot' }), (err: unknown) => err instanceof HttpError && err.field === '注册类别');
    });

    it('streams every row of the search into an .xlsx with Chinese headers, ID numbers as text', async () => {
      // given
      const out = new PassThrough();
      const bytes: Buffer[] = [];
      out.on('data', (b: Buffer) => bytes.push(b));
      // when
      const written = await writeStaffWorkbook(out, '注册人员', workbench.staffChunks(qiye.id, staffFilterOf({ profession: 'engineer' })));
      // then
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.concat(bytes) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('注册人员')!;
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), STAFF_COLUMNS.map((c) => c.header));
      const engineers = await f.models.Registration.count({ where: { enterpriseId: qiye.id, profession: 'engineer', status: ['已注册', '预注册'] } });
      assert.equal(written, engineers);
      assert.ok(written > EXPORT_CHUNK, 'more rows than one chunk');
      assert.equal(sheet.actualRowCount, written + 1);
      const row = sheet.getRow(2).values as unknown[];
      assert.equal(typeof row[2], 'string');
      assert.match(String(row[2]), /^\d{17}[\dX]$/);
      assert.ok(!(sheet.getColumn(1).values as unknown[]).includes('已注销人'));
    });
  });

  describe('人员到期预警', () => {
    it('lists only registered staff that run out within six months, soonest first, with the days left', async () => {
      // given
      const soon = new Date(f.clock.now().getTime() + 10 * DAY_MS).toISOString().slice(0, 10);
      const late = new Date(f.clock.now().getTime() + 200 * DAY_MS).toISOString().slice(0, 10);
      await registerPerson(f.models, await newPerson(f.models, '十天后到期'), qiye, { profession: 'engineer', specialty: 'structural', validTo: soon });
      await registerPerson(f.models, await newPerson(f.models, '二百天后到期'), qiye, { profession: 'engineer', specialty: 'structural', validTo: late });
      // when
      const page = await workbench.expiring(qiye.id, 1);
      // then
      assert.equal(page.rows[0].name, '十天后到期');
      assert.equal(page.rows[0].daysLeft, 10);
      assert.ok(!page.rows.some((r) => r.name === '二百天后到期'));
      assert.ok(page.rows.every((r) => r.daysLeft >= 0 && r.daysLeft <= 184));
    });
  });

  describe('我的消息 and the to-do list', () => {
    it('counts unread messages, pages them newest first, and marks one read when opened; another enterprise one is missing', async () => {
      // given
      for (let i = 0; i < 23; i++) {
        await f.models.Message.create({ recipientKind: 'enterprise', recipientId: qiye.id, applicationId: null, title: `消息${i}`, body: '内容', opinion: null, readAt: null, dedupeKey: null, createdAt: new Date(f.clock.now().getTime() + i * 1000) });
      }
      const foreign = await f.models.Message.create({ recipientKind: 'enterprise', recipientId: other.id, applicationId: null, title: '别家的', body: '内容', opinion: null, readAt: null, dedupeKey: null });
      // when
      const unreadBefore = await workbench.unreadCount(qiye.id);
      const first = await workbench.messages(qiye.id, 1);
      const opened = await workbench.openMessage(qiye.id, first.rows[0].id);
      // then
      assert.equal(unreadBefore, 23);
      assert.equal(first.total, 23);
      assert.equal(first.rows[0].title, '消息22');
      assert.ok(opened.readAt);
      assert.equal(await workbench.unreadCount(qiye.id), 22);
      await assert.rejects(() => workbench.openMessage(qiye.id, foreign.id), (err: unknown) => err instanceof HttpError && err.status === 404);
      assert.equal((await foreign.reload()).readAt, null);
    });

    it('lists cases to report, a withdrawal waiting for consent, a refused 补正资质 and open appeals', async () => {
      // given
      const reportCase = await f.caseAt('wangfang', 'qiye', STATUS.submitted, 'zhuce-initial-architect');
      await f.taskAt(reportCase, 'Task_EmployerReport', [`employer:${qiye.creditCode}`]);
      const consentCase = await f.caseAt('zhangwei', 'qiye', STATUS.ministryNotAccepted, 'zhuce-initial-engineer');
      const consentTask = await f.taskAt(consentCase, 'Task_EmployerWithdrawalConsent', [`employer:${qiye.creditCode}`]);
      await f.models.InboxTask.update({ formId: 'employer-withdrawal-consent' }, { where: { id: consentTask } });
      const elsewhere = await f.caseAt('lina', 'qiye-jianshe', STATUS.ministryNotAccepted, 'zhuce-initial-constructor');
      const elsewhereTask = await f.taskAt(elsewhere, 'Task_EmployerWithdrawalConsent', [`employer:${other.creditCode}`]);
      await f.models.InboxTask.update({ formId: 'employer-withdrawal-consent' }, { where: { id: elsewhereTask } });
      const fix = await fileCase(f.models, { employer: qiye, profession: 'architect,engineer', matter: 'qualification-fix', status: STATUS.refused });
      await f.models.Appeal.create({ applicationId: reportCase.id, personId: reportCase.personId!, enterpriseId: qiye.id, kind: '社保异常', reason: '未在本单位缴纳社保', statement: null, status: '待申辩', respondedAt: null, dedupeKey: null });
      // when
      const todo = await workbench.todo(qiye);
      // then
      const kinds = todo.items.map((i) => i.kind);
      assert.ok(kinds.includes('report') && kinds.includes('consent') && kinds.includes('qualification-fix') && kinds.includes('appeal'), kinds.join());
      assert.ok(todo.toReport >= 1);
      assert.equal(todo.consents, 1);
      assert.equal(todo.items.find((i) => i.kind === 'consent')!.href, `/applications/${consentCase.id}`);
      assert.equal(todo.items.find((i) => i.kind === 'qualification-fix')!.href, `/applications/${fix.id}`);
      assert.ok(!todo.items.some((i) => i.href === `/applications/${elsewhere.id}`), 'another employer consent is not ours');
      assert.equal(todo.appeals, 1);
      assert.equal(todo.unreadMessages, await workbench.unreadCount(qiye.id));
    });

    it('drops the 补正资质 item once a newer 补正资质 is filed', async () => {
      // given
      await fileCase(f.models, { employer: qiye, profession: 'architect,engineer', matter: 'qualification-fix', status: STATUS.underReview });
      await f.models.Application.update({ updatedAt: new Date(Date.now() + 60_000) }, { where: { enterpriseId: qiye.id, matter: 'qualification-fix', status: STATUS.underReview } });
      // when
      const todo = await workbench.todo(qiye);
      // then
      assert.ok(!todo.items.some((i) => i.kind === 'qualification-fix'));
    });
  });

  describe('the forced cancellation page (rule 10)', () => {
    it('offers it for the professions that allow it, with the enterprise staff in each', async () => {
      // when
      const professions = await workbench.forcedCancellation(qiye.id);
      // then
      const engineer = professions.find((p) => p.profession === 'engineer')!;
      assert.equal(engineer.allowed, true);
      assert.ok(engineer.staff > 0);
      assert.equal(professions.find((p) => p.profession === 'constructor')!.allowed, false);
    });
  });

  describe('query plans (SQLite)', () => {
    /** The SELECTs `work` sends, each with SQLite's plan for it. */
    async function plans(work: () => Promise<unknown>): Promise<Array<{ sql: string; plan: string }>> {
      const sqls = await statementsOf(f.sequelize, work);
      const selects = sqls.filter((q) => /^SELECT/i.test(q));
      const result: Array<{ sql: string; plan: string }> = [];
      for (const sql of selects) {
        const [rows] = await f.sequelize.query(`EXPLAIN QUERY PLAN ${sql.replace(/;\s*$/, '')}`);
        result.push({ sql, plan: (rows as Array<{ detail: string }>).map((r) => r.detail).join(' | ') });
      }
      return result;
    }

    before(function () {
      if (f.sequelize.getDialect() !== 'sqlite') this.skip();
    });

    it('reads every list through an index of its enterprise or recipient, never by scanning the table', async () => {
      // when
      const found = [
        ...(await plans(() => workbench.filings(qiye.id, {}, 2))),
        ...(await plans(() => workbench.filings(qiye.id, filingFilterOf({ matter: 'renewal' }), 1))),
        ...(await plans(() => workbench.staff(qiye.id, {}, 1))),
        ...(await plans(() => workbench.expiring(qiye.id, 1))),
        ...(await plans(() => workbench.messages(qiye.id, 1))),
        ...(await plans(() => workbench.unreadCount(qiye.id))),
      ];
      // then
      if (process.env.SHOW_PLANS) for (const p of found) console.log(p.plan);
      assert.ok(found.length >= 10, `${found.length} queries`);
      for (const { sql, plan } of found) {
        assert.match(plan, /USING (COVERING )?INDEX (applications_employer|registrations_employer|messages_recipient)/, `${sql}\n  ${plan}`);
        assert.doesNotMatch(plan, /SCAN (`?applications`?|`?registrations`?|`?messages`?)( AS \w+)?( |$)(?!USING)/, `${sql}\n  ${plan}`);
      }
    });
  });

  describe('the batch decision message', () => {
    it('counts successes and names each warned or refused case once', () => {
      // when
      const many = decisionSummary([
        { outcome: 'reported', number: 'A1', message: '申报编号A1：上报成功' },
        { outcome: 'reported', number: 'A2', message: '申报编号A2：上报成功' },
        { outcome: 'warning', number: 'A3', message: '申报编号A3：已经上报过，无需重复上报（规则12）' },
      ]);
      const one = decisionSummary([{ outcome: 'returned', number: 'B1', message: '申报编号B1：已退回，申请人将收到退回通知' }]);
      // then
      assert.equal(many, '2 件申报上报成功；申报编号A3：已经上报过，无需重复上报（规则12）');
      assert.equal(one, '申报编号B1已退回，申请人将在“我的消息”中收到退回原因');
      assert.equal(one.split('B1').length - 1, 1);
    });
  });
});
