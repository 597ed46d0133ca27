/**
 * The access matrix, generated from the router table: every route that
 * names a record (a path id, or ids in the body) × every role × the records
 * of a principal that role may not see — another person's and another
 * province's enterprise's case, its open and closed tasks, its document, its
 * appeal. Each answer is 403 or 404 (never the record's state, never a
 * number of someone else's case) and no row changes. A new route that names
 * a record fails here until its kind of record is listed.
 */
import assert from 'node:assert/strict';
import { defineApplicationModels } from '../../server/applications/models.js';
import { canViewCase } from '../../server/cases/access.js';
import type { Account } from '../../server/db/models/account.js';
import { demoEmployer, demoPerson, fileCase } from '../support/case-builder.js';
import { logIn, type WebSession } from '../support/web-session.js';
import { pathWith, routesOf, type RouteEntry } from './support/routes.js';
import { openWorld, snapshot, type World } from './support/world.js';
import { candidateScope } from '../../server/inbox/candidate-scope.js';

const USERS = ['zhangwei', 'lina', 'qiye', 'qiye-jianli', 'shengji', 'buji', 'fenxi', 'admin'];
/** Routes that take record ids in the body, and the field. */
const BODY_IDS: Record<string, string> = { '/employer/decide': 'ids', '/reviewer/announcements': 'ids', '/reviewer/batch-accept': 'taskIds' };
/** Batches that answer per record on the page they return to, rather than refusing the request. */
const BATCHES = new Set(['/employer/decide', '/reviewer/batch-accept']);

type Kind = 'case' | 'task' | 'document' | 'appeal' | 'message' | 'announcement' | 'filter';
const KIND_OF_PREFIX: Record<string, Kind> = { applications: 'case', tasks: 'task', documents: 'document', appeals: 'appeal', announcements: 'announcement' };
/** Paths under a portal that name a record of another kind than the portal's first segment says. */
const KIND_OF_PATH: Array<[RegExp, Kind]> = [
  [/\/messages\/:id$/, 'message'],
  [/^\/reviewer\/tasks\/:id\//, 'task'],
  [/^\/reviewer\/filters\/:id\//, 'filter'],
];

describe('security: access matrix of every route, role and foreign record', function () {
  this.timeout(180_000);
  let world: World;
  const sessions = new Map<string, { session: WebSession; account: Account }>();
  const records: Record<Kind, number[]> = { case: [], task: [], document: [], appeal: [], message: [], announcement: [], filter: [] };
  /** A file uploaded to the foreign case: the attachment routes name it beside its case or task. */
  let attachmentId = 0;
  let foreignNumber = '';

  before(async () => {
    world = await openWorld();
    const { models } = world;
    // A case of 王芳 at a Jiangsu enterprise: no demo applicant's own, no demo employer's, outside the provincial reviewer's province.
    const person = await demoPerson(models, 'wangfang');
    const employer = await demoEmployer(models, 'other');
    const application = await fileCase(models, { person, employer, profession: 'architect', matter: 'initial', data: { specialty: 'architecture' }, status: '个人已上报' });
    foreignNumber = application.number;
    records.case.push(application.id);
    for (const status of ['open', 'completed'] as const) {
      const task = await models.InboxTask.create({
        elementInstanceKey: `matrix-${status}`,
        jobKey: `matrix-${status}`,
        processInstanceKey: application.processInstanceKey!,
        bpmnProcessId: 'zhuce-initial-architect',
        elementId: 'Task_EmployerReport',
        name: '聘用企业上报',
        formId: 'employer-report',
        applicationId: application.id,
        assignee: null,
        variables: null,
        status,
        dueAt: null,
        result: null,
        completedAt: null,
        completedBy: null,
        ...candidateScope([`employer:${employer.creditCode}`]),
      });
      await models.InboxTaskCandidate.create({ taskId: task.id, candidateGroup: `employer:${employer.creditCode}`, status: status === 'open' ? 'open' : 'completed' } as never);
      records.task.push(task.id);
    }
    await models.AttachmentContent.findOrCreate({ where: { sha256: '0'.repeat(64) }, defaults: { sha256: '0'.repeat(64), content: Buffer.from('%PDF-1.4') } });
    const document = await models.Document.create({ kind: 'acceptance-notice', number: 'M-1', verificationCode: 'ABCDEF0123456789ABCD', applicationId: application.id, personId: person.id, fileName: '受理通知书.pdf', sha256: '0'.repeat(64), size: 1, dedupeKey: null });
    records.document.push(document.id);
    const attachment = await models.Attachment.create({
      personId: person.id, enterpriseId: null, applicationId: application.id, uploadedBy: null,
      kind: 'correctionFiles', fileName: '补正材料.pdf', mimeType: 'application/pdf', size: 8, sha256: '0'.repeat(64), width: null, height: null,
    });
    attachmentId = attachment.id;
    // 部级 buji's saved inbox filter: nobody else may delete it.
    const filter = await models.InboxSavedFilter.create({ accountId: (await models.Account.findOne({ where: { username: 'buji' } }))!.id, name: '超期', query: 'due=overdue', createdAt: new Date(), updatedAt: new Date() });
    records.filter.push(filter.id);
    const appeal = await models.Appeal.create({ applicationId: application.id, personId: person.id, enterpriseId: employer.id, kind: '社保异常', reason: '无社保记录', statement: null, status: '待申辩', respondedAt: null, dedupeKey: null });
    records.appeal.push(appeal.id);
    // A 公告 listing the foreign case: seen by whoever may see that case.
    const announcement = await defineApplicationModels(world.sequelize).Announcement.create({
      number: '建市注〔2026〕999号', year: 2026, sequence: 999, profession: 'architect', publishedAt: new Date(), publishedBy: null,
      items: [{ applicationId: application.id, number: application.number, applicantName: person.name, profession: 'architect', specialties: ['architecture'], employerName: employer.name }],
    });
    records.announcement.push(announcement.id);
    // 我的消息 of the Jiangsu enterprise (and of 王芳): opening one marks it read, so another's must answer 404.
    for (const [recipientKind, recipientId] of [['enterprise', employer.id], ['person', person.id]] as const) {
      const message = await models.Message.create({ recipientKind, recipientId, applicationId: application.id, title: '审核通知', body: '正文', opinion: null, readAt: null, dedupeKey: null });
      records.message.push(message.id);
    }
    for (const username of USERS) {
      sessions.set(username, { session: await logIn(world.base, username), account: (await models.Account.findOne({ where: { username } }))! });
    }
  });
  after(() => world?.close());

  /** Whether the account may see the record at all; those pairs are not in the matrix. */
  async function maySee(account: Account, kind: Kind): Promise<boolean> {
    const application = (await world.models.Application.findByPk(records.case[0]))!;
    if (kind === 'appeal' || kind === 'message') return false;
    if (kind === 'filter') return account.username === 'buji';
    return canViewCase(account, application);
  }

  function kindOf(route: RouteEntry): Kind | 'body' | 'analyst' | 'admin' | null {
    if (BODY_IDS[route.path]) return 'body';
    // The analyst's processes, forms and instances belong to no principal: only the analyst may name them.
    if (route.path.startsWith('/analyst/') && route.path.includes(':')) return 'analyst';
    // The administrator's accounts and import reports likewise: only the administrator may name them.
    if (route.path.startsWith('/admin/') && route.path.includes(':')) return 'admin';
    if (!route.path.includes(':id')) return null;
    // A portal's 我的消息 (/employer/messages/:id …) names a message.
    const kind = KIND_OF_PATH.find(([pattern]) => pattern.test(route.path))?.[1] ?? KIND_OF_PREFIX[route.path.split('/')[1]];
    assert.ok(kind, `${route.method} ${route.path} names a record of a kind this matrix does not know: add it`);
    return kind;
  }

  it('answers 403 or 404 to every role for every route naming a foreign record, and changes nothing', async () => {
    const routes = routesOf(world.app).filter((r) => kindOf(r) !== null);
    assert.ok(routes.length >= 7, routes.map((r) => r.path).join(' '));
    let checked = 0;
    for (const route of routes) {
      const kind = kindOf(route)!;
      for (const [username, { session, account }] of sessions) {
        if (kind === 'analyst' || kind === 'admin' ? account.role === kind : await maySee(account, kind === 'body' || kind === 'announcement' ? 'case' : kind)) continue;
        const ids = kind === 'body' ? (BODY_IDS[route.path] === 'taskIds' ? records.task : records.case) : kind === 'analyst' || kind === 'admin' ? [1] : records[kind];
        for (const id of ids) {
          // given
          const before = await snapshot(world.models);
          // when
          const path = kind === 'body' ? route.path : pathWith(route, { id, attachmentId });
          const body = new URLSearchParams({ ids: String(id), taskIds: String(id), assignee: String(account.id), decision: 'return', reason: '越权尝试', statement: '越权尝试', acceptanceDecision: 'accept', employerDecision: 'return', returnReason: '越权尝试' });
          const res = route.method === 'GET' ? await session.get(path) : await session.post(path, body);
          const text = await res.text();
          // then
          const where = `${username} ${route.method} ${path}`;
          if (BATCHES.has(route.path) && res.status === 303) {
            // A batch answers per record on the page it returns to: the foreign one "不存在", its number never shown.
            assert.ok(route.path === '/employer/decide' ? account.role === 'employer' : /reviewer/.test(account.role), where);
            const shown = await (await session.get(res.headers.get('location')!, { accept: 'text/html' })).text();
            assert.match(shown, route.path === '/employer/decide' ? /role="status"><p>[^<]*申报不存在/ : /未受理——任务不存在/, where);
            assert.ok(!shown.includes(foreignNumber), `${where} names the foreign case on the next page`);
          } else {
            assert.ok(res.status === 403 || res.status === 404, `${where}: ${res.status} ${text.slice(0, 120)}`);
          }
          assert.ok(!decodeURIComponent(text + (res.headers.get('location') ?? '')).includes(foreignNumber), `${where} names the foreign case`);
          assert.deepEqual(await snapshot(world.models), before, where);
          checked++;
        }
      }
    }
    assert.ok(checked >= 30, `${checked} combinations`);
    assert.equal(await world.models.Message.count({ where: { id: records.message, readAt: null } }), records.message.length, 'no foreign message was marked read');
  });

  it('keeps every role but the reviewers out of every inbox route, and changes nothing', async () => {
    const routes = routesOf(world.app).filter((r) => r.path.startsWith('/reviewer'));
    assert.ok(routes.some((r) => r.path === '/reviewer/group') && routes.some((r) => r.path === '/reviewer/filters'), routes.map((r) => r.path).join(' '));
    for (const route of routes) {
      for (const [username, { session, account }] of sessions) {
        if (/reviewer/.test(account.role)) continue;
        // given
        const before = await snapshot(world.models);
        // when
        const path = pathWith(route, { id: records.task[0] });
        const res = route.method === 'GET' ? await session.get(path) : await session.post(path, new URLSearchParams({ name: '越权', taskIds: String(records.task[0]), back: '/reviewer' }));
        // then
        assert.equal(res.status, 403, `${username} ${route.method} ${path}`);
        assert.deepEqual(await snapshot(world.models), before, `${username} ${route.method} ${path}`);
      }
    }
  });
});
