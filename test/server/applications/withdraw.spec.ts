import assert from 'node:assert/strict';
import { assertRefusedUnchanged, fixture, type Fixture } from './fixture.js';

describe('withdrawal (rule 11)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(() => f.close());

  const caseOf = (username: string, employer: string, status: string, processId: string) => f.caseAt(username, employer, status, processId);
  const employerGroup = async (username: string) => [`employer:${(await f.enterpriseOf(username)).creditCode}`];

  describe('allowed', () => {
    it('withdraws at once while the case waits for the employer (个人已上报)', async () => {
      // given
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '个人已上报', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_EmployerReport', await employerGroup('qiye'));
      // when
      const result = await f.service.withdraw(zhangwei, application.id, '信息填写有误');
      // then
      assert.deepEqual(result, { applicationId: application.id, outcome: 'withdrawn', message: '已撤回该申报，撤回的申报可以再次申请注册' });
      assert.deepEqual(f.engine.messages, [
        { name: 'application-withdrawn', correlationKey: String(application.id), variables: { withdrawalReason: '信息填写有误' }, timeToLiveMs: 0 },
      ]);
    });

    it('asks the employer to consent once the case was forwarded and not yet accepted, telling both (rule 18)', async () => {
      // given
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:engineer']);
      // when
      const result = await f.service.withdraw(zhangwei, application.id, '需要补充材料后重新申报');
      // then
      assert.equal(result.outcome, 'consent-requested');
      assert.equal(result.message, '撤回申请已提交，需要聘用单位同意后方可撤回，请到历史申报页面查询是否办理成功。');
      assert.deepEqual(
        f.engine.messages.map((m) => [m.name, m.correlationKey, m.variables?.withdrawalReason, m.timeToLiveMs]),
        [['withdrawal-requested', String(application.id), '需要补充材料后重新申报', 0]],
      );
      const [event] = await f.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
      assert.deepEqual([event.step, event.opinion, event.actorName], ['个人申请撤回', '需要补充材料后重新申报', '张伟']);
      const messages = await f.models.Message.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
      assert.deepEqual(
        messages.map((m) => [m.recipientKind, m.opinion]),
        [
          ['person', '需要补充材料后重新申报'],
          ['enterprise', '需要补充材料后重新申报'],
        ],
      );
    });

    it('asks for consent while the case waits for 补正 too', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '部级未受理(待补正)', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_MinistryApplicantCorrection', [`applicant:${zhangwei.personId}`]);
      const result = await f.service.withdraw(zhangwei, application.id);
      assert.equal(result.outcome, 'consent-requested');
      assert.equal(f.engine.messages[0].name, 'withdrawal-requested');
    });

    it('withdraws at once a matter without employer step before acceptance (一级建造师 增项注册)', async () => {
      const lina = await f.account('lina');
      const application = await caseOf('lina', 'qiye-jianshe', '部级未受理', 'zhuce-add-specialty-constructor');
      await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:constructor']);
      const result = await f.service.withdraw(lina, application.id);
      assert.equal(result.outcome, 'withdrawn');
      assert.equal(f.engine.messages[0].name, 'application-withdrawn');
    });
  });

  describe('refused, and nothing changes', () => {
    it('after acceptance', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '审查中', 'zhuce-initial-engineer');
      await assertRefusedUnchanged(
        f,
        () => f.service.withdraw(zhangwei, application.id),
        409,
        '该申报已被受理（状态：审查中），受理后不能撤回；只有申报状态为“个人已上报”或“企业已上报”、主管部门尚未受理时才可以撤回（规则11）',
      );
    });

    it('after the case has ended', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '企业退回', 'zhuce-initial-engineer');
      await assertRefusedUnchanged(f, () => f.service.withdraw(zhangwei, application.id), 409, '该申报已办结（状态：企业退回），不能撤回（规则11）');
    });

    it('一级建造师 once the employer reported', async () => {
      const lina = await f.account('lina');
      const application = await caseOf('lina', 'qiye-jianshe', '部级未受理', 'zhuce-initial-constructor');
      await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:constructor']);
      await assertRefusedUnchanged(f, () => f.service.withdraw(lina, application.id), 409, '一级建造师：聘用企业已上报的申报不能撤回（规则11）');
    });

    it('while a withdrawal waits for the employer already', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_MinistryAcceptanceWithdrawalConsent', await employerGroup('qiye'));
      await assertRefusedUnchanged(f, () => f.service.withdraw(zhangwei, application.id), 409, '撤回申请已提交，正在等待聘用单位审核，请勿重复提交（规则11）');
    });

    it('while the automatic checks run and no task could take the withdrawal', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '个人已上报', 'zhuce-initial-engineer');
      await assertRefusedUnchanged(f, () => f.service.withdraw(zhangwei, application.id), 409, '该申报正在系统自动核查或流转中，暂不能撤回，请稍后再试（规则11）');
    });

    it("someone else's case", async () => {
      const liuyang = await f.account('liuyang');
      const application = await caseOf('zhangwei', 'qiye', '个人已上报', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_EmployerReport', await employerGroup('qiye'));
      await assertRefusedUnchanged(f, () => f.service.withdraw(liuyang, application.id), 404, '申报不存在');
    });

    it('when the engine does not take the message', async () => {
      const zhangwei = await f.account('zhangwei');
      const application = await caseOf('zhangwei', 'qiye', '部级未受理', 'zhuce-initial-engineer');
      await f.taskAt(application, 'Task_MinistryAcceptance', ['ministry:engineer']);
      f.engine.failNextPublish = true;
      await assertRefusedUnchanged(f, () => f.service.withdraw(zhangwei, application.id), 503, /^流程引擎暂时不可用，撤回未能提交，请稍后再试/);
    });
  });
});
