import assert from 'node:assert/strict';
import { SubmissionRefused } from '../../../server/inbox/user-task-service.js';
import { jpeg } from '../validation/images.js';
import { assertRefusedUnchanged, fixture, type Fixture } from './fixture.js';

describe('the employer reports and returns, tasks are submitted', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  const employerGroup = async (username: string) => [`employer:${(await f.enterpriseOf(username)).creditCode}`];
  /** A case of zhangwei waiting at 浙江华建's 上报 task. */
  async function waitingAtEmployer(username = 'zhangwei', employer = 'qiye', processId = 'zhuce-initial-engineer') {
    const application = await f.caseAt(username, employer, '个人已上报', processId);
    const taskId = await f.taskAt(application, 'Task_EmployerReport', await employerGroup(employer));
    return { application, taskId };
  }

  describe('rule 12: batch 上报 and 退回', () => {
    it('reports a selection at once, each case through its task, with the commitment', async () => {
      // given
      const qiye = await f.account('qiye');
      const first = await waitingAtEmployer('zhangwei');
      const second = await waitingAtEmployer('wangfang', 'qiye', 'zhuce-initial-architect');
      await f.readLetter(qiye, 'employer-report');
      // when
      const results = await f.service.employerDecide(qiye, [first.application.id, second.application.id], 'report');
      // then
      assert.deepEqual(
        results.map((r) => [r.applicationId, r.outcome, r.message]),
        [
          [first.application.id, 'reported', `申报编号${first.application.number}：上报成功`],
          [second.application.id, 'reported', `申报编号${second.application.number}：上报成功`],
        ],
      );
      const tasks = await f.models.InboxTask.findAll({ where: { id: [first.taskId, second.taskId] } });
      assert.deepEqual(
        tasks.map((t) => [t.status, t.result, t.completedBy]),
        [
          ['completed', { employerDecision: 'report', employerCommitment: true }, qiye.id],
          ['completed', { employerDecision: 'report', employerCommitment: true }, qiye.id],
        ],
      );
      assert.equal(f.engine.completed.length, 2);
    });

    it('warns on a case reported before and changes nothing for it', async () => {
      // given
      const qiye = await f.account('qiye');
      const reported = await f.caseAt('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      await f.readLetter(qiye, 'employer-report');
      const before = await f.snapshot();
      // when
      const [result] = await f.service.employerDecide(qiye, [reported.id], 'report');
      // then
      assert.deepEqual([result.outcome, result.message], ['warning', `申报编号${reported.number}：已经上报过，无需重复上报（规则12）`]);
      assert.deepEqual(await f.snapshot(), before);
    });

    it('refuses to report before the basic information is saved', async () => {
      const qiye = await f.account('qiye');
      const { application } = await waitingAtEmployer();
      await f.models.Enterprise.update({ basicInfoSavedAt: null }, { where: { id: qiye.enterpriseId! } });
      await f.readLetter(qiye, 'employer-report');
      await assertRefusedUnchanged(
        f,
        () => f.service.employerDecide(qiye, [application.id], 'report'),
        409,
        '企业基本信息：请先在“企业基本信息”中填写并保存企业基本信息，保存后方可申报或上报注册信息（规则12）',
      );
    });

    it('returns a selection with the reason; the case leaves the list through the process', async () => {
      // given
      const qiye = await f.account('qiye');
      const { application, taskId } = await waitingAtEmployer();
      // when
      const [result] = await f.service.employerDecide(qiye, [application.id], 'return', '请补充劳动合同');
      // then
      assert.equal(result.outcome, 'returned');
      const task = await f.models.InboxTask.findByPk(taskId);
      assert.deepEqual(task?.result, { employerDecision: 'return', returnReason: '请补充劳动合同' });
    });

    it('refuses a return without a reason', async () => {
      const qiye = await f.account('qiye');
      const { application } = await waitingAtEmployer();
      await assertRefusedUnchanged(
        f,
        () => f.service.employerDecide(qiye, [application.id], 'return', ' '),
        422,
        '退回原因：退回申报须填写退回原因，申请人将在“我的消息”中看到',
      );
    });

    it("refuses another employer's case in the selection and goes on with the others", async () => {
      // given
      const qiye = await f.account('qiye');
      const own = await waitingAtEmployer();
      const foreign = await waitingAtEmployer('liuyang', 'qiye-jianli', 'zhuce-initial-supervisor');
      // when
      const results = await f.service.employerDecide(qiye, [foreign.application.id, own.application.id], 'return', '材料不全');
      // then
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['refused', 'returned'],
      );
      assert.equal(results[0].message, '申报不存在');
      assert.equal(results[0].number, null);
      assert.equal((await f.models.InboxTask.findByPk(foreign.taskId))?.status, 'open');
    });
  });

  describe('rule 2: the 企业承诺书 open for 60 seconds before reporting', () => {
    it('refuses to report without the letter read', async () => {
      const qiye = await f.account('qiye');
      const { application } = await waitingAtEmployer();
      await assertRefusedUnchanged(
        f,
        () => f.service.employerDecide(qiye, [application.id], 'report'),
        409,
        '请先打开并仔细阅读《企业承诺书》，60秒后方可确认（承诺书须阅读满60秒）',
      );
    });

    it('refuses before the 60 seconds have passed', async () => {
      const qiye = await f.account('qiye');
      const { application } = await waitingAtEmployer();
      await f.service.openCommitment(qiye, 'employer-report');
      f.clock.advance(10_000);
      await assertRefusedUnchanged(
        f,
        () => f.service.employerDecide(qiye, [application.id], 'report'),
        409,
        '请仔细阅读《企业承诺书》，阅读满60秒后方可确认（还需50秒）',
      );
    });

    it('takes one reading per batch', async () => {
      // given
      const qiye = await f.account('qiye');
      const first = await waitingAtEmployer();
      const second = await waitingAtEmployer('wangfang', 'qiye', 'zhuce-initial-architect');
      await f.readLetter(qiye, 'employer-report');
      await f.service.employerDecide(qiye, [first.application.id], 'report');
      // when / then
      await assertRefusedUnchanged(
        f,
        () => f.service.employerDecide(qiye, [second.application.id], 'report'),
        409,
        '请先打开并仔细阅读《企业承诺书》，60秒后方可确认（承诺书须阅读满60秒）',
      );
    });
  });

  describe('submitting a task', () => {
    it("completes a reviewer's acceptance with the groups of the account", async () => {
      // given
      const buji = await f.account('buji');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:engineer']);
      // when
      const task = await f.service.submitTask(buji, taskId, { acceptanceDecision: 'accept', acceptanceOpinion: '材料齐全' });
      // then
      assert.equal(task.status, 'completed');
      assert.deepEqual(task.result, { acceptanceDecision: 'accept', acceptanceOpinion: '材料齐全' });
    });

    it('refuses an account outside the task’s groups', async () => {
      const shengji = await f.account('shengji');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:engineer']);
      await assertRefusedUnchanged(f, () => f.service.submitTask(shengji, taskId, { acceptanceDecision: 'accept' }), 403, '无权办理该任务：不在该任务的办理范围内');
    });

    it("takes the applicant's 补正 files as correction images and makes them attachments of the case", async () => {
      // given
      const zhangwei = await f.account('zhangwei');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理(待补正)', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryApplicantCorrection', [`applicant:${zhangwei.personId}`]);
      const file = await f.upload(zhangwei, '社保证明.jpg', jpeg(800, 600, { totalBytes: 300 * 1024 }));
      // when
      const task = await f.service.submitTask(zhangwei, taskId, { correctionFiles: [file], correctionNote: '已补充社保证明' });
      // then
      assert.equal(task.status, 'completed');
      const attachment = await f.models.Attachment.findByPk(file);
      assert.deepEqual([attachment?.kind, attachment?.applicationId], ['correctionFiles', application.id]);
    });

    it('refuses a 补正 image under 200 KB', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理(待补正)', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryApplicantCorrection', [`applicant:${zhangwei.personId}`]);
      const file = await f.upload(zhangwei, '社保证明.jpg', jpeg(800, 600, { totalBytes: 100 * 1024 }));
      await assertRefusedUnchanged(
        f,
        () => f.service.submitTask(zhangwei, taskId, { correctionFiles: [file] }),
        422,
        '补正材料大小应在200KB~500KB之间，当前为100KB',
      );
    });

    it("takes the employer's consent to a withdrawal", async () => {
      const qiye = await f.account('qiye');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryAcceptanceWithdrawalConsent', await employerGroup('qiye'));
      const task = await f.service.submitTask(qiye, taskId, { withdrawalConsent: 'agree' });
      assert.deepEqual(task.result, { withdrawalConsent: 'agree' });
    });

    it('holds the 上报 task to the same rules as the batch', async () => {
      // given
      const qiye = await f.account('qiye');
      const { taskId } = await waitingAtEmployer();
      // then: without the letter
      await assertRefusedUnchanged(
        f,
        () => f.service.submitTask(qiye, taskId, { employerDecision: 'report', employerCommitment: true }),
        409,
        '请先打开并仔细阅读《企业承诺书》，60秒后方可确认（承诺书须阅读满60秒）',
      );
      // and with it
      await f.readLetter(qiye, 'employer-report');
      const task = await f.service.submitTask(qiye, taskId, { employerDecision: 'report', employerCommitment: true });
      assert.equal(task.status, 'completed');
    });

    it('refuses a form that does not validate, with the field errors', async () => {
      const buji = await f.account('buji');
      const application = await f.caseAt('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      const taskId = await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:engineer']);
      const before = await f.snapshot();
      await assert.rejects(f.service.submitTask(buji, taskId, { acceptanceDecision: 'correct' }), (err: unknown) => {
        assert.ok(err instanceof SubmissionRefused);
        assert.equal(err.message, '补正内容不能为空；补正原因不能为空');
        return true;
      });
      assert.deepEqual(await f.snapshot(), before);
    });
  });
});
