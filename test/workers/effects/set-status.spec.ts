import assert from 'node:assert/strict';
import { setStatus } from '../../../workers/effects/set-status.js';
import { demoEmployer, demoPerson, fileCase } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, seededHarness } from './support.js';

describe('zhuce.set-status', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness();
  });
  after(() => h.close());

  async function engineerCase() {
    const person = await demoPerson(h.models, 'zhangwei');
    const employer = await demoEmployer(h.models, 'design');
    return fileCase(h.models, { person, employer, profession: 'engineer', matter: 'initial', data: { specialty: 'structural' } });
  }

  it('sets the status, writes the timeline step, tells applicant and employer and audits, once per job', async () => {
    // given
    const application = await engineerCase();
    const delivery = job({
      type: setStatus.type,
      customHeaders: { status: '企业已上报', event: 'employer-reported', actor: 'employer', notify: 'applicant,employer' },
      variables: { applicationId: application.id },
    });
    // when
    await setStatus.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await setStatus.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    await application.reload();
    assert.equal(application.status, '企业已上报');
    const events = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
    assert.deepEqual(
      events.map((e) => [e.step, e.status, e.actorName]),
      [['企业上报', '企业已上报', '浙江华建工程设计有限公司']],
    );
    const messages = await h.models.Message.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
    assert.deepEqual(
      messages.map((m) => [m.recipientKind, m.recipientId, m.title]),
      [
        ['person', application.personId, '【勘察设计注册工程师初始注册】申报状态变更为：企业已上报'],
        ['enterprise', application.enterpriseId, '【勘察设计注册工程师初始注册】申报状态变更为：企业已上报'],
      ],
    );
    const audit = await h.models.AuditEntry.findAll({ where: { entityType: 'application', entityId: String(application.id) } });
    assert.deepEqual(
      audit.map((a) => [a.action, a.detail?.from, a.detail?.to, a.detail?.event]),
      [['status-change', '个人已上报', '企业已上报', 'employer-reported']],
    );
  });

  it('names the provincial department and the ministry as actors, with the opinion of the task', async () => {
    // given
    const application = await engineerCase();
    // when
    await setStatus.handle(
      job({
        type: setStatus.type,
        customHeaders: { status: '省级未受理(待补正)', event: 'correction-requested', actor: 'province', notify: 'applicant' },
        variables: { applicationId: application.id, opinion: '解聘证明：扫描件不清晰' },
      }),
      h.deps,
    );
    await setStatus.handle(
      job({
        type: setStatus.type,
        customHeaders: { status: '审查中', event: 'accepted', actor: 'ministry', notify: 'applicant' },
        variables: { applicationId: application.id, opinion: null },
      }),
      h.deps,
    );
    // then
    const events = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
    assert.deepEqual(
      events.map((e) => [e.step, e.actorName, e.opinion]),
      [
        ['省级通知补正', '浙江省住房和城乡建设厅', '解聘证明：扫描件不清晰'],
        ['部级受理', '住房和城乡建设部', null],
      ],
    );
    await application.reload();
    assert.equal(application.status, '审查中');
    assert.equal(application.acceptedAt?.toISOString(), h.clock.now().toISOString(), 'acceptance is dated on the case');
  });

  it('records an event without a status as a step only, leaving the status as it was', async () => {
    // given
    const application = await engineerCase();
    // when
    await setStatus.handle(
      job({
        type: setStatus.type,
        customHeaders: { event: 'withdrawal-refused', actor: 'employer', notify: 'applicant,employer' },
        variables: { applicationId: application.id, opinion: '项目尚未交接，暂不同意撤回' },
      }),
      h.deps,
    );
    // then
    await application.reload();
    assert.equal(application.status, '个人已上报');
    const [event] = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
    assert.deepEqual([event.step, event.status, event.opinion], ['企业不同意撤回', null, '项目尚未交接，暂不同意撤回']);
  });

  it('fails the job when the case does not exist, so the engine raises an incident', async () => {
    await assert.rejects(
      setStatus.handle(job({ type: setStatus.type, customHeaders: { status: '审查中', event: 'accepted', actor: 'ministry' }, variables: { applicationId: 999999 } }), h.deps),
      /without a known applicationId/,
    );
  });

  describe('the end of an approved 信息更正', () => {
    const certified = (applicationId: number) =>
      job({ type: setStatus.type, customHeaders: { status: '已发证', event: 'certified', actor: 'system', notify: 'applicant' }, variables: { applicationId } });

    it('ends as 已更正, not 已发证, when the person holds no registration and so no certificate was issued', async () => {
      // given: an approved name change of a person with no registration
      const person = await demoPerson(h.models, 'zhangwei');
      const application = await fileCase(h.models, { person, profession: 'engineer', matter: 'info-correction', data: { newName: '张玮' }, status: '审批通过' });
      // when
      await setStatus.handle(certified(application.id), h.deps);
      // then
      await application.reload();
      assert.equal(application.status, '已更正');
      const [event] = await h.models.ApplicationEvent.findAll({ where: { applicationId: application.id } });
      assert.deepEqual([event.step, event.status], ['信息已更正', '已更正']);
      assert.match(event.opinion ?? '', /没有有效注册，无需换发注册证书/);
    });

    it('ends as 已发证 when the certificates of the person were issued again', async () => {
      // given: the case issued a certificate
      const person = await demoPerson(h.models, 'liuyang');
      const application = await fileCase(h.models, { person, profession: 'supervisor', matter: 'info-correction', data: { newName: '刘阳' }, status: '审批通过' });
      const sha256 = 'c'.repeat(60) + String(application.id).padStart(4, '0');
      await h.models.AttachmentContent.findOrCreate({ where: { sha256 }, defaults: { sha256, content: Buffer.from('%PDF'), size: 4 } as never });
      await h.models.Document.create({
        kind: '注册证书',
        number: `CERT-${application.id}`,
        verificationCode: `V${String(application.id).padStart(19, '0')}`,
        applicationId: application.id,
        personId: person.id,
        fileName: 'certificate.pdf',
        sha256,
        size: 1,
        dedupeKey: null,
      });
      // when
      await setStatus.handle(certified(application.id), h.deps);
      // then
      await application.reload();
      assert.equal(application.status, '已发证');
    });
  });
});
