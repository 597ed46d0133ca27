import assert from 'node:assert/strict';
import type { Sequelize } from 'sequelize';
import { CaseEvents } from '../../../server/applications/case-events.js';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { HttpError } from '../../../server/http/errors.js';
import { InboxQuery, parseInboxQuery, inboxQueryString, type InboxAccount, type InboxFilters } from '../../../server/inbox/inbox-query.js';
import { releaseClaimsOutside } from '../../../server/inbox/claim-scope.js';
import { caseFacts } from '../../../server/inbox/task-facts.js';
import { migratedDatabase } from '../../support/database.js';
import { candidateScope } from '../../../server/inbox/candidate-scope.js';

// Wednesday 2026-03-04, 10:00 China time.
const NOW = new Date('2026-03-04T02:00:00Z');

const ministry: InboxAccount = { id: 1, role: 'ministry_reviewer', province: null, professions: null, personId: null };
const colleague: InboxAccount = { id: 2, role: 'ministry_reviewer', province: null, professions: null, personId: null };
const zhejiangEngineers: InboxAccount = { id: 3, role: 'provincial_reviewer', province: '33', professions: ['engineer'], personId: null };

interface TaskSpec {
  name?: string;
  applicant?: string;
  idNumber?: string;
  profession?: string;
  matter?: string;
  province?: string;
  specialties?: string[];
  status?: string;
  groups?: string[];
  createdAt?: Date;
  dueAt?: Date | null;
  claimedBy?: number | null;
  completedBy?: number | null;
  appeal?: boolean;
}

describe('the reviewer inbox query', () => {
  let sequelize: Sequelize;
  let models: Models;
  let clock: ManualClock;
  let query: InboxQuery;
  let counter = 0;

  beforeEach(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    clock = new ManualClock(NOW);
    query = new InboxQuery(models, clock);
  });

  afterEach(async () => {
    await sequelize.close();
  });

  /** A case with its inbox task, the task's facts filled as the inbox service fills them. */
  async function task(spec: TaskSpec = {}) {
    counter += 1;
    const profession = spec.profession ?? 'architect';
    const person = await models.Person.create({
      idNumber: spec.idNumber ?? `1101051990010${String(counter).padStart(4, '0')}`.slice(0, 17) + 'X',
      name: spec.applicant ?? `申请人${counter}`,
      sex: null, birthDate: null, ethnicity: null, mobile: null, email: null, education: null, school: null, major: null,
      graduationDate: null, photoAttachmentId: null, signatureAttachmentId: null,
    });
    const application = await models.Application.create({
      number: `ZC2026${String(counter).padStart(6, '0')}`,
      matter: spec.matter ?? 'initial',
      profession,
      personId: person.id,
      enterpriseId: null,
      province: spec.province ?? '33',
      specialties: spec.specialties ?? null,
      status: spec.status ?? '部级未受理',
      data: {},
      flags: null,
      processInstanceKey: `pi-${counter}`,
      submittedAt: NOW,
      acceptedAt: null,
      decidedAt: null,
    });
    if (spec.appeal) {
      await models.Appeal.create({
        applicationId: application.id, personId: person.id, enterpriseId: null, kind: '社保异常', reason: '未缴纳社保',
        statement: null, status: '待申辩', respondedAt: null, dedupeKey: `appeal-${counter}`,
      });
    }
    const done = spec.completedBy !== undefined && spec.completedBy !== null;
    const created = spec.createdAt ?? new Date(NOW.getTime() - counter * 60_000);
    const row = await models.InboxTask.create({
      elementInstanceKey: `ei-${counter}`,
      jobKey: `job-${counter}`,
      processInstanceKey: `pi-${counter}`,
      bpmnProcessId: `zhuce-initial-${profession}`,
      elementId: 'Task_MinistryAcceptance',
      name: spec.name ?? '部级受理',
      formId: 'ministry-acceptance',
      applicationId: application.id,
      assignee: null,
      variables: {},
      status: done ? 'completed' : 'open',
      dueAt: spec.dueAt === undefined ? null : spec.dueAt,
      result: null,
      completedAt: done ? new Date(created.getTime() + 1000) : null,
      completedBy: spec.completedBy ?? null,
      claimedBy: spec.claimedBy ?? null,
      claimedByName: spec.claimedBy ? `审查员${spec.claimedBy}` : null,
      createdAt: created,
      updatedAt: created,
      ...(await caseFacts(models, application.id)),
      ...candidateScope(spec.groups ?? [`ministry:${profession}`]),
    });
    for (const group of spec.groups ?? [`ministry:${profession}`]) {
      await models.InboxTaskCandidate.create({ taskId: row.id, candidateGroup: group, status: done ? 'completed' : 'open' });
    }
    return row;
  }

  const ids = async (account: InboxAccount, filters: InboxFilters, page = {}) => (await query.list(account, filters, page)).rows.map((r) => r.id);

  async function refusal(run: () => Promise<unknown> | unknown): Promise<HttpError> {
    try {
      await run();
    } catch (err) {
      assert.ok(err instanceof HttpError, `expected an HttpError, got ${String(err)}`);
      return err;
    }
    assert.fail('expected a refusal');
  }

  describe('tabs and scope', () => {
    it('shows 我的待办 as the open tasks I claimed, 组内待办 as my groups\' open tasks, 已办 as those I completed', async () => {
      // given
      const mine = await task({ claimedBy: ministry.id });
      const theirs = await task({ claimedBy: colleague.id });
      const free = await task();
      const doneByMe = await task({ completedBy: ministry.id });
      await task({ completedBy: colleague.id });
      // when
      const result = await query.list(ministry, { tab: 'group' });
      // then
      assert.deepEqual(await ids(ministry, { tab: 'mine' }), [mine.id]);
      assert.deepEqual(new Set(result.rows.map((r) => r.id)), new Set([mine.id, theirs.id, free.id]));
      assert.deepEqual(await ids(ministry, { tab: 'group', claim: 'unclaimed' }), [free.id]);
      assert.deepEqual(await ids(ministry, { tab: 'done' }), [doneByMe.id]);
      assert.deepEqual(result.counts, { mine: 1, group: 3, done: 1 });
      assert.equal(result.rows.find((r) => r.id === theirs.id)?.claimedByName, `审查员${colleague.id}`);
    });

    it('never shows a provincial reviewer tasks outside their province or professions, whatever the filters', async () => {
      // given
      const inScope = await task({ profession: 'engineer', groups: ['province:33:engineer'] });
      await task({ profession: 'architect', groups: ['province:33:architect'] });
      await task({ profession: 'engineer', province: '32', groups: ['province:32:engineer'] });
      await task({ profession: 'engineer', groups: ['ministry:engineer'] });
      // when
      const all = await ids(zhejiangEngineers, { tab: 'group' });
      const asked = await ids(zhejiangEngineers, { tab: 'group', province: '32' });
      const architects = await ids(zhejiangEngineers, { tab: 'group', profession: 'architect' });
      // then
      assert.deepEqual(all, [inScope.id]);
      assert.deepEqual(asked, []);
      assert.deepEqual(architects, []);
    });

    it('shows a task several groups share (an employer\'s matter for the ministry\'s architects and engineers) to a reviewer of any of them, once', async () => {
      // given
      const shared = await task({ profession: 'architect', groups: ['ministry:architect', 'ministry:engineer'] });
      const provincial = await task({ profession: 'engineer', groups: ['province:33:architect', 'province:33:engineer'] });
      const engineers: InboxAccount = { id: 5, role: 'ministry_reviewer', province: null, professions: ['engineer'], personId: null };
      const constructors: InboxAccount = { id: 6, role: 'ministry_reviewer', province: null, professions: ['constructor'], personId: null };
      // when
      const everyProfession = await query.list(ministry, { tab: 'group' });
      // then
      assert.deepEqual(everyProfession.rows.map((r) => r.id), [shared.id]);
      assert.equal(everyProfession.counts.group, 1);
      assert.deepEqual(await ids(engineers, { tab: 'group' }), [shared.id]);
      assert.deepEqual(await ids(engineers, { tab: 'group', anomaly: false }), [shared.id]);
      assert.deepEqual(await ids(constructors, { tab: 'group' }), []);
      assert.deepEqual(await ids(zhejiangEngineers, { tab: 'group' }), [provincial.id]);
    });

    it('keeps 我的待办 in scope: a narrowed scope releases the claims outside it to the group', async () => {
      // given: the provincial reviewer holds an engineer's and an architect's task, then keeps engineers only
      const kept = await task({ profession: 'engineer', groups: ['province:33:engineer'], claimedBy: zhejiangEngineers.id });
      const outside = await task({ profession: 'architect', groups: ['province:33:architect'], claimedBy: zhejiangEngineers.id });
      // when
      const released = await sequelize.transaction((t) => releaseClaimsOutside(models, zhejiangEngineers.id, ['province:33:engineer'], NOW, t));
      // then
      assert.deepEqual(released, [outside.id]);
      assert.deepEqual(await ids(zhejiangEngineers, { tab: 'mine' }), [kept.id]);
      const architects: InboxAccount = { id: 4, role: 'provincial_reviewer', province: '33', professions: ['architect'], personId: null };
      assert.deepEqual(await ids(architects, { tab: 'group', claim: 'unclaimed' }), [outside.id]);
    });

    it('releases every claim of a deactivated reviewer, and only theirs', async () => {
      // given
      const held = await task({ claimedBy: ministry.id });
      const colleagues = await task({ claimedBy: colleague.id });
      // when
      const released = await sequelize.transaction((t) => releaseClaimsOutside(models, ministry.id, [], NOW, t));
      // then
      assert.deepEqual(released, [held.id]);
      assert.equal((await models.InboxTask.findByPk(held.id))!.claimedBy, null);
      assert.equal((await models.InboxTask.findByPk(colleagues.id))!.claimedBy, colleague.id);
    });

    it('gives accounts that are not reviewers nothing', async () => {
      // given
      await task({ groups: ['applicant:1'] });
      // when
      const result = await query.list({ id: 9, role: 'applicant', province: null, professions: null, personId: 1 }, { tab: 'group' });
      // then
      assert.equal(result.total, 0);
      assert.deepEqual(result.rows, []);
    });
  });

  describe('filters', () => {
    it('filters by profession, matter, specialty, province and the case status', async () => {
      // given
      const engineer = await task({ profession: 'engineer', specialties: ['structural'] });
      const geotech = await task({ profession: 'engineer', specialties: ['geotech'] });
      const renewal = await task({ matter: 'renewal', province: '11', status: '审查中' });
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', profession: 'engineer', sort: 'arrival' }), [geotech.id, engineer.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', specialty: 'structural' }), [engineer.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', matter: 'renewal' }), [renewal.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', province: '11' }), [renewal.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', status: '审查中' }), [renewal.id]);
    });

    it('filters by the case status the case has now, not the one it had when the task arrived', async () => {
      // given
      const row = await task({ status: '部级未受理' });
      const application = (await models.Application.findByPk(row.applicationId!))!;
      // when
      await new CaseEvents({ models, sequelize, clock }).record({ application, step: '部级受理', status: '审查中', actor: { name: '部级审查员' }, dedupeKey: 'accept-1' });
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', status: '审查中' }), [row.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', status: '部级未受理' }), []);
      assert.equal((await query.list(ministry, { tab: 'group' })).rows[0].applicationStatus, '审查中');
    });

    it('filters by the anomaly flag both ways', async () => {
      // given
      const flagged = await task({ appeal: true });
      const clean = await task();
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', anomaly: true }), [flagged.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', anomaly: false }), [clean.id]);
    });

    it('finds overdue tasks and those due within 3 working days, counted in working days', async () => {
      // given: now is Wednesday 2026-03-04; the third working day after it is Monday 2026-03-09
      const overdue = await task({ dueAt: new Date('2026-03-03T09:00:00Z') });
      const monday = await task({ dueAt: new Date('2026-03-09T09:00:00Z') });
      await task({ dueAt: new Date('2026-03-10T09:00:00Z') });
      await task({ dueAt: null });
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', due: 'overdue' }), [overdue.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', due: 'soon' }), [monday.id]);
    });

    it('finds a case by the applicant\'s name, part of it, the ID number or the case number', async () => {
      // given
      const zhang = await task({ applicant: '张伟', idNumber: '11010519491231002X' });
      const other = await task({ applicant: '李娜' });
      const otherNumber = (await models.InboxTask.findByPk(other.id))!.applicationNumber!;
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', text: '张伟' }), [zhang.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', text: '伟' }), [zhang.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', text: '11010519491231002x' }), [zhang.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', text: otherNumber }), [other.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', text: '%' }), []);
    });
  });

  describe('sort, paging and count', () => {
    it('sorts by arrival and by deadline, both ways, tasks without a deadline last', async () => {
      // given
      const early = await task({ createdAt: new Date('2026-03-01T01:00:00Z'), dueAt: new Date('2026-03-20T09:00:00Z') });
      const late = await task({ createdAt: new Date('2026-03-02T01:00:00Z'), dueAt: new Date('2026-03-10T09:00:00Z') });
      const none = await task({ createdAt: new Date('2026-03-03T01:00:00Z'), dueAt: null });
      // then
      assert.deepEqual(await ids(ministry, { tab: 'group', sort: 'arrival' }), [early.id, late.id, none.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', sort: 'arrival', direction: 'desc' }), [none.id, late.id, early.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', sort: 'deadline' }), [late.id, early.id, none.id]);
      assert.deepEqual(await ids(ministry, { tab: 'group', sort: 'deadline', direction: 'desc' }), [early.id, late.id, none.id]);
    });

    it('pages in the database and counts every matching row, beyond the old limit of 100', async () => {
      // given: 105 tasks of architects, 3 of engineers
      const architects = [];
      for (let i = 0; i < 105; i++) architects.push(await task({ createdAt: new Date(NOW.getTime() - (200 - i) * 60_000) }));
      for (let i = 0; i < 3; i++) await task({ profession: 'engineer' });
      // when
      const first = await query.list(ministry, { tab: 'group', profession: 'architect' }, { page: 1, pageSize: 50 });
      const last = await query.list(ministry, { tab: 'group', profession: 'architect' }, { page: 3, pageSize: 50 });
      const beyond = await query.list(ministry, { tab: 'group', profession: 'architect' }, { page: 4, pageSize: 50 });
      // then
      assert.equal(first.total, 105);
      assert.equal(first.pages, 3);
      assert.deepEqual(first.rows.map((r) => r.id), architects.slice(0, 50).map((t) => t.id));
      assert.deepEqual(last.rows.map((r) => r.id), architects.slice(100).map((t) => t.id));
      assert.deepEqual(beyond.rows, []);
      assert.equal(first.counts.group, 108);
    });

    it('stops counting at the cap and at two pages beyond the one shown, saying there are more', async () => {
      // given: 35 open tasks, one completed by me; the tabs count up to 5
      const capped = new InboxQuery(models, clock, 5);
      for (let i = 0; i < 35; i++) await task({ createdAt: new Date(NOW.getTime() - (100 - i) * 60_000) });
      await task({ completedBy: ministry.id });
      // when
      const first = await capped.list(ministry, { tab: 'group' }, { page: 1, pageSize: 10 });
      const second = await capped.list(ministry, { tab: 'group' }, { page: 2, pageSize: 10 });
      // then: page 1 counts 30 rows (pages 1 to 3), page 2 counts up to 40 and so finds all 35
      assert.deepEqual([first.total, first.totalAtLeast, first.pages], [30, true, 3]);
      assert.deepEqual([second.total, second.totalAtLeast, second.pages], [35, false, 4]);
      assert.deepEqual(first.counts, { mine: 0, group: 5, done: 1 });
      assert.deepEqual(first.countsAtLeast, { mine: false, group: true, done: false });
    });
  });

  describe('refusals of bad filter values', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ tab: 'everything' }, 'tab', /标签页取值无效/],
      [{ profession: 'pilot' }, 'profession', /注册类别取值无效/],
      [{ matter: 'launch' }, 'matter', /申报事项取值无效/],
      [{ profession: 'architect', specialty: 'structural' }, 'specialty', /所选注册类别下的专业/],
      [{ province: '99' }, 'province', /省份取值无效/],
      [{ status: '随便' }, 'status', /申报状态取值无效/],
      [{ anomaly: 'maybe' }, 'anomaly', /异常标记取值无效/],
      [{ due: 'tomorrow' }, 'due', /办理时限取值无效/],
      [{ sort: 'name' }, 'sort', /排序取值无效/],
      [{ direction: 'up' }, 'direction', /排序方向取值无效/],
      [{ page: '0' }, 'page', /页码取值无效/],
      [{ page: 'two' }, 'page', /页码取值无效/],
      [{ pageSize: '1000' }, 'pageSize', /每页条数取值无效/],
      [{ text: '字'.repeat(51) }, 'text', /查询内容过长/],
    ];
    for (const [params, field, message] of cases) {
      it(`refuses ${JSON.stringify(params).slice(0, 60)} naming ${field}`, async () => {
        // when
        const err = await refusal(() => parseInboxQuery(params));
        // then
        assert.equal(err.status, 400);
        assert.equal(err.field, field);
        assert.match(err.message, message);
      });
    }

    it('refuses bad values given to the service directly, too', async () => {
      // when
      const err = await refusal(() => query.list(ministry, { tab: 'group', due: 'later' as 'soon' }));
      const size = await refusal(() => query.list(ministry, { tab: 'group' }, { pageSize: 7 }));
      // then
      assert.equal(err.field, 'due');
      assert.equal(size.field, 'pageSize');
    });

    it('reads a page\'s query string and writes it back, defaults left out', () => {
      // when
      const { filters, page } = parseInboxQuery({ tab: 'group', profession: 'engineer', anomaly: 'yes', due: '', page: '2' });
      // then
      assert.deepEqual(filters, { tab: 'group', profession: 'engineer', anomaly: true });
      assert.equal(inboxQueryString(filters, page), 'tab=group&profession=engineer&anomaly=yes&page=2');
    });
  });
});
