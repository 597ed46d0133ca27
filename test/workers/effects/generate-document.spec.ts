import assert from 'node:assert/strict';
import { generateDocument } from '../../../workers/effects/generate-document.js';
import { demoEmployer, demoPerson, fileCase } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, recordIssues, seededHarness } from './support.js';
import { openTask } from './task-support.js';
import { writePicture } from '../../support/pdf-picture.js';

describe('zhuce.generate-document', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness(new Date('2026-11-23T02:00:00Z'));
  });
  after(() => h.close());

  it('renders a 不予注册告知书 for a case an automatic check refused, naming the check’s rule, and writes its picture', async () => {
    // given
    const application = await architectCase('审批不通过');
    const issued = recordIssues(h);
    const delivery = job({
      type: generateDocument.type,
      elementId: 'Task_CheckFailedRefusalNotice',
      customHeaders: { document: 'refusal-notice' },
      variables: { applicationId: application.id, checkFailure: { code: 'QUALIFICATION_MISSING', message: '资格库中没有申请人“建筑”专业的资格记录（规则6）' } },
    });
    // when
    await generateDocument.handle(delivery, h.deps);
    await generateDocument.handle(delivery, h.deps);
    // then
    const documents = await h.models.Document.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(documents.map((d) => d.kind), ['不予注册告知书'], 'one notice however often the job is delivered');
    assert.equal(issued[0].data.reason, '自动核查未通过：资格库中没有申请人“建筑”专业的资格记录（规则6）');
    assert.equal(issued[0].data.registration, true);
    assert.equal(await h.models.Message.count({ where: { applicationId: application.id, recipientKind: 'person' } }), 1);
    await writePicture(await h.deps.documents.content(documents[0]), 'refusal-notice-pdf');
  });

  async function architectCase(status = '审查中') {
    return fileCase(h.models, {
      person: await demoPerson(h.models, 'wangfang'),
      employer: await demoEmployer(h.models, 'design'),
      profession: 'architect',
      matter: 'initial',
      data: { specialty: 'architecture' },
      status,
    });
  }

  it('renders a 不予注册告知书 with the ministry\'s opinion, stores it once and tells the applicant once', async () => {
    // given
    const application = await architectCase('审批不通过');
    const issued = recordIssues(h);
    const delivery = job({
      type: generateDocument.type,
      elementId: 'Task_MinistryRefusalNotice',
      customHeaders: { document: 'refusal-notice' },
      variables: { applicationId: application.id, provinceReviewDecision: 'forward', reviewDecision: 'refuse', reviewOpinion: '继续教育学时不足：2025年度必修课不足30学时。' },
    });
    // when
    await generateDocument.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await generateDocument.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    const documents = await h.models.Document.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      documents.map((d) => [d.kind, d.number, d.personId]),
      [['不予注册告知书', `建注不予〔2026〕${application.number}号`, application.personId]],
    );
    const pdf = await h.deps.documents.content(documents[0]);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(documents[0].size, pdf.length);
    assert.deepEqual(issued[0].data, {
      authority: '中华人民共和国住房和城乡建设部',
      provincial: false,
      person: { name: '王芳', idLabel: '身份证号', idNumber: (await demoPerson(h.models, 'wangfang')).idNumber },
      professionName: '一级注册建筑师',
      matterName: '初始注册',
      application: { number: application.number },
      submittedOn: '2026年11月23日',
      enterpriseName: '浙江华建工程设计有限公司',
      reason: '继续教育学时不足：2025年度必修课不足30学时。',
      registration: true,
    });
    const messages = await h.models.Message.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      messages.map((m) => [m.recipientKind, m.recipientId, m.title]),
      [['person', application.personId, '【一级注册建筑师初始注册】不予注册告知书已生成']],
    );
  });

  it('signs the architects\' provincial-stage notices with the provincial department and numbers each round', async () => {
    // given
    const application = await architectCase('省级未受理');
    const issued = recordIssues(h);
    const notice = (round: number) =>
      job({
        type: generateDocument.type,
        elementId: 'Task_ProvinceCorrectionNotice',
        elementInstanceKey: `correction-round-${application.id}-${round}`,
        customHeaders: { document: 'correction-notice' },
        variables: { applicationId: application.id, correctionContent: '解聘证明', correctionReason: `第${round}次：扫描件不清晰` },
      });
    // when
    await generateDocument.handle(notice(1), h.deps);
    await generateDocument.handle(notice(2), h.deps);
    // then
    const documents = await h.models.Document.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
    assert.deepEqual(
      documents.map((d) => d.number),
      [`浙建注补〔2026〕${application.number}号`, `浙建注补〔2026〕${application.number}-2号`],
    );
    assert.deepEqual(
      issued.map((r) => [r.data.authority, r.data.provincial, r.data.correctionContent, r.data.correctionReason]),
      [
        ['浙江省住房和城乡建设厅', true, '解聘证明', '第1次：扫描件不清晰'],
        ['浙江省住房和城乡建设厅', true, '解聘证明', '第2次：扫描件不清晰'],
      ],
    );
  });

  it('reads what the job does not carry from the reviewer\'s stored submission, and dates the acceptance today', async () => {
    // given: the acceptance task handed only its decision to the engine
    const application = await architectCase('部级未受理');
    const task = await openTask(h, application, { elementId: 'Task_MinistryAcceptance', name: '部级受理', groups: ['ministry:architect'], dueAt: null });
    await task.update({ status: 'completed', completedAt: h.clock.now(), result: { acceptanceDecision: 'correct', correctionContent: '继续教育证明', correctionReason: '缺少2025年度学时证明' } });
    const issued = recordIssues(h);
    // when
    await generateDocument.handle(
      job({ type: generateDocument.type, elementId: 'Task_MinistryCorrectionNotice', customHeaders: { document: 'correction-notice' }, variables: { applicationId: application.id } }),
      h.deps,
    );
    await generateDocument.handle(
      job({ type: generateDocument.type, elementId: 'Task_MinistryAcceptanceNotice', customHeaders: { document: 'acceptance-notice' }, variables: { applicationId: application.id } }),
      h.deps,
    );
    // then
    assert.deepEqual([issued[0].data.correctionContent, issued[0].data.correctionReason], ['继续教育证明', '缺少2025年度学时证明']);
    assert.deepEqual([issued[1].kind, issued[1].data.reviewWorkingDays, issued[1].data.acceptedOn], ['acceptance-notice', 20, '2026年11月23日']);
  });

  it('gives a 一级建造师 refused for a registration elsewhere the duplicate finding as the reason (rule 4)', async () => {
    // given
    const application = await fileCase(h.models, {
      person: await demoPerson(h.models, 'lina'),
      employer: await demoEmployer(h.models, 'other'),
      profession: 'constructor',
      matter: 're-register',
      data: { specialties: ['building'] },
      status: '审批不通过',
    });
    const issued = recordIssues(h);
    // when
    await generateDocument.handle(
      job({
        type: generateDocument.type,
        elementId: 'Task_DuplicateRefusalNotice',
        customHeaders: { document: 'refusal-notice' },
        variables: { applicationId: application.id, duplicatePerson: true, duplicateDetail: '人员查重：您已在“浙江宏远建设集团有限公司”注册为一级建造师（建筑工程）' },
      }),
      h.deps,
    );
    // then
    assert.equal(issued[0].data.reason, '您已在“浙江宏远建设集团有限公司”注册为一级建造师（建筑工程），不符合只受聘于一个单位的注册条件。');
    assert.equal(issued[0].data.matterName, '重新注册');
  });

  it('fails the job for a document it does not know', async () => {
    const application = await architectCase();
    await assert.rejects(
      generateDocument.handle(job({ type: generateDocument.type, customHeaders: { document: 'announcement' }, variables: { applicationId: application.id } }), h.deps),
      /unknown document header "announcement"/,
    );
  });
});
