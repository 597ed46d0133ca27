/**
 * The inbox's actions besides the single decision: saved filters per
 * reviewer, a supervisor's colleagues, and 批量受理's per-task answers. The
 * completion path of one task is a stub here (its own checks are the
 * application service's, tested there); what is tested is what 批量受理 adds:
 * which tasks reach it and what the reviewer is told of each.
 */
import assert from 'node:assert/strict';
import type { Sequelize } from 'sequelize';
import type { ServiceActor } from '../../../server/applications/actor.js';
import { ManualClock } from '../../../server/clock.js';
import type { Account } from '../../../server/db/models/account.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import type { InboxTask } from '../../../server/db/models/inbox-task.js';
import { HttpError } from '../../../server/http/errors.js';
import { InboxActions, MAX_SAVED_FILTERS } from '../../../server/inbox/inbox-actions.js';
import { caseFacts } from '../../../server/inbox/task-facts.js';
import { UserTaskService, type UserTaskServiceDeps } from '../../../server/inbox/user-task-service.js';
import { migratedDatabase } from '../../support/database.js';
import { candidateScope } from '../../../server/inbox/candidate-scope.js';

const NOW = new Date('2026-03-04T02:00:00Z');

describe('the reviewer inbox actions', () => {
  let sequelize: Sequelize;
  let models: Models;
  let chief: Account;
  let reviewer: Account;
  let zhejiang: Account;
  let applicant: Account;
  let submitted: number[];
  let actions: InboxActions;
  let counter = 0;

  beforeEach(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    const account = (username: string, role: Account['role'], extra: Partial<Account> = {}) =>
      models.Account.create({ username, passwordHash: 'x', role, displayName: username, personId: null, enterpriseId: null, province: null, professions: null, supervisorId: null, ...extra });
    chief = await account('chief', 'ministry_reviewer');
    reviewer = await account('reviewer', 'ministry_reviewer', { supervisorId: chief.id });
    zhejiang = await account('zhejiang', 'provincial_reviewer', { province: '33' });
    applicant = await account('applicant', 'applicant');
    submitted = [];
    actions = new InboxActions({
      models,
      clock: new ManualClock(NOW),
      tasks: {
        // Only its scope check is reached here: whether the actor may work a task, by its candidate groups.
        userTasks: new UserTaskService({ models } as UserTaskServiceDeps),
        // The single decision refuses what the actor may not work, as ApplicationService.submitTask does.
        async submitTask(actor: ServiceActor, taskId: number) {
          const task = await models.InboxTask.findByPk(taskId);
          if (!task || (actor.role === 'provincial_reviewer' && task.province !== actor.province)) throw new HttpError(404, '任务不存在');
          submitted.push(taskId);
          return task;
        },
      },
    });
  });

  afterEach(async () => {
    await sequelize.close();
  });

  async function task(spec: { province?: string; formId?: string; name?: string; group?: string } = {}): Promise<InboxTask> {
    counter += 1;
    const person = await models.Person.create({
      idNumber: `11010519900101${String(1000 + counter).slice(-4)}`, name: `申请人${counter}`,
      sex: null, birthDate: null, ethnicity: null, mobile: null, email: null, education: null, school: null, major: null,
      graduationDate: null, photoAttachmentId: null, signatureAttachmentId: null,
    });
    const application = await models.Application.create({
      number: `ZC2026${String(counter).padStart(6, '0')}`, matter: 'initial', profession: 'engineer', personId: person.id, enterpriseId: null,
      province: spec.province ?? '32', specialties: null, status: '部级未受理', data: {}, flags: null, processInstanceKey: `pi-${counter}`,
      submittedAt: NOW, acceptedAt: null, decidedAt: null,
    });
    const row = await models.InboxTask.create({
      elementInstanceKey: `ei-${counter}`, jobKey: `job-${counter}`, processInstanceKey: `pi-${counter}`, bpmnProcessId: 'zhuce-initial-engineer',
      elementId: 'Task_MinistryAcceptance', name: spec.name ?? '部级受理', formId: spec.formId ?? 'ministry-acceptance', applicationId: application.id,
      assignee: null, variables: {}, dueAt: null, result: null, completedAt: null, completedBy: null,
      ...(await caseFacts(models, application.id)),
      ...candidateScope([spec.group ?? 'ministry:engineer']),
    });
    await models.InboxTaskCandidate.create({ taskId: row.id, candidateGroup: spec.group ?? 'ministry:engineer' });
    return row;
  }

  async function refusal(run: () => Promise<unknown>): Promise<HttpError> {
    try {
      await run();
    } catch (err) {
      assert.ok(err instanceof HttpError, String(err));
      return err;
    }
    return assert.fail('expected a refusal');
  }

  describe('saved filters', () => {
    it('keeps a reviewer\'s filter in its short form, replaces one saved again under its name, and lists only the reviewer\'s own', async () => {
      // given
      await actions.saveFilter(reviewer, '超期', { tab: 'group', due: 'overdue', profession: '', page: '3' });
      // when
      await actions.saveFilter(reviewer, '超期', { tab: 'group', due: 'soon' });
      await actions.saveFilter(chief, '处长的', { tab: 'mine' });
      // then
      const mine = (await actions.besideTasks(reviewer)).savedFilters;
      assert.deepEqual(mine.map((f) => [f.name, f.query]), [['超期', 'tab=group&due=soon']]);
    });

    it('tells the inbox page who supervises: the chief while a reviewer under them is active, never the reviewer', async () => {
      // given
      await actions.saveFilter(chief, '乙', { tab: 'mine' });
      await actions.saveFilter(chief, '甲', { tab: 'group' });
      // when
      const ofChief = await actions.besideTasks(chief);
      const ofReviewer = await actions.besideTasks(reviewer);
      await reviewer.update({ active: false });
      const ofChiefAlone = await actions.besideTasks(chief);
      // then
      assert.deepEqual(ofChief.savedFilters.map((f) => f.name).sort(), ['乙', '甲'].sort());
      assert.equal(ofChief.supervises, true);
      assert.deepEqual(ofReviewer, { savedFilters: [], supervises: false });
      assert.equal(ofChiefAlone.supervises, false);
    });

    it('refuses a filter without a name, one over the limit, and a filter saved by someone who is not a reviewer', async () => {
      // given
      for (let i = 0; i < MAX_SAVED_FILTERS; i++) await actions.saveFilter(reviewer, `条件${i}`, { due: 'overdue' });
      // when
      const blank = await refusal(() => actions.saveFilter(reviewer, '  ', { due: 'overdue' }));
      const tooMany = await refusal(() => actions.saveFilter(reviewer, '再一个', { due: 'overdue' }));
      const notReviewer = await refusal(() => actions.saveFilter(applicant, '条件', { due: 'overdue' }));
      // then
      assert.deepEqual([blank.status, blank.field], [422, 'name']);
      assert.match(tooMany.message, new RegExp(`最多保存${MAX_SAVED_FILTERS}个筛选条件`));
      assert.equal(notReviewer.status, 403);
    });

    it('deletes only the reviewer\'s own filter; another\'s answers as if it did not exist', async () => {
      // given
      const saved = await actions.saveFilter(reviewer, '超期', { due: 'overdue' });
      // when
      const foreign = await refusal(() => actions.deleteFilter(chief, saved.id));
      await actions.deleteFilter(reviewer, saved.id);
      // then
      assert.equal(foreign.status, 404);
      assert.equal(await models.InboxSavedFilter.count(), 0);
    });
  });

  describe('assignment', () => {
    it('offers a supervisor the reviewers they supervise and themselves, and a reviewer no one', async () => {
      assert.deepEqual((await actions.colleagues(chief)).map((a) => a.username), ['reviewer', 'chief']);
      assert.deepEqual(await actions.colleagues(reviewer), []);
    });

    it('refuses an assignment by a reviewer who supervises no one, and to someone the supervisor does not supervise', async () => {
      // given
      const open = await task();
      // when
      const byReviewer = await refusal(() => actions.assign(reviewer, open.id, chief.id));
      const toStranger = await refusal(() => actions.assign(chief, open.id, zhejiang.id));
      // then
      assert.equal(byReviewer.status, 403);
      assert.deepEqual([toStranger.status, toStranger.field], [422, 'assignee']);
    });

    it('answers a supervisor\'s assignment of a task outside their scope as if it did not exist, whoever the assignee', async () => {
      // given a provincial task the ministry's supervisor may not work
      const foreign = await task({ province: '33', group: 'province:33:engineer' });
      // when
      const toStranger = await refusal(() => actions.assign(chief, foreign.id, zhejiang.id));
      const toNobody = await refusal(() => actions.assign(chief, foreign.id, Number.NaN));
      const toReviewer = await refusal(() => actions.assign(chief, foreign.id, reviewer.id));
      // then
      assert.deepEqual([toStranger, toNobody, toReviewer].map((e) => [e.status, e.message]), [[404, '任务不存在'], [404, '任务不存在'], [404, '任务不存在']]);
      assert.equal((await foreign.reload()).claimedBy, null);
    });
  });

  describe('批量受理', () => {
    it('accepts each acceptance task, refuses any other task by name, and tells nothing of a task outside the reviewer\'s scope', async () => {
      // given: two acceptances in Zhejiang, a review task, and an acceptance in Jiangsu
      const [first, second] = [await task({ province: '33' }), await task({ province: '33' })];
      const review = await task({ province: '33', formId: 'province-review', name: '省级初审' });
      const foreign = await task({ province: '32' });
      // when
      const outcomes = await actions.batchAccept(zhejiang, [first.id, second.id, review.id, foreign.id, first.id], '材料齐全');
      // then
      assert.deepEqual(submitted, [first.id, second.id]);
      assert.deepEqual(
        outcomes.map((o) => [o.taskId, o.accepted, o.applicationNumber, o.message]),
        [
          [first.id, true, first.applicationNumber, '已受理'],
          [second.id, true, second.applicationNumber, '已受理'],
          [review.id, false, review.applicationNumber, '“省级初审”不是受理任务，请逐件办理'],
          [foreign.id, false, null, '任务不存在'],
        ],
      );
    });

    it('refuses an empty selection and a batch by someone who is not a reviewer', async () => {
      assert.deepEqual(await refusal(() => actions.batchAccept(reviewer, [])).then((e) => [e.status, e.field]), [422, 'taskIds']);
      assert.equal((await refusal(() => actions.batchAccept(applicant, [1]))).status, 403);
    });
  });

  it('lists and saves filters without the engine, and answers 503 to what would move a task', async () => {
    // given
    const withoutEngine = new InboxActions({ models, clock: new ManualClock(NOW) });
    const open = await task();
    // when
    await withoutEngine.saveFilter(reviewer, '超期', { due: 'overdue' });
    const claim = await refusal(() => withoutEngine.claim(reviewer, open.id));
    const batch = await refusal(() => withoutEngine.batchAccept(chief, [open.id]));
    // then
    assert.equal((await withoutEngine.besideTasks(reviewer)).savedFilters.length, 1);
    assert.equal(claim.status, 503);
    assert.equal(batch.status, 503);
  });
});
