import assert from 'node:assert/strict';
import { applyEnterpriseRename } from '../../../workers/effects/apply-enterprise-rename.js';
import { demoEmployer, fileCase } from '../../support/case-builder.js';
import { job, type WorkerHarness } from '../../support/worker-harness.js';
import { everythingWritten, recordIssues, seededHarness } from './support.js';

describe('zhuce.apply-enterprise-rename', () => {
  let h: WorkerHarness;
  before(async () => {
    h = await seededHarness();
  });
  after(() => h.close());

  it('renames the employer everywhere it shows, keeps the old name in each registration\'s history and certifies its staff again (rule 14)', async () => {
    // given: 浙江华建工程设计有限公司 with its seeded staff of registered engineers and architects
    const design = await demoEmployer(h.models, 'design');
    const staff = await h.models.Registration.findAll({ where: { enterpriseId: design.id, status: '已注册' } });
    const elsewhere = await h.models.Registration.findAll({ where: { status: '已注册' } }).then((rows) => rows.filter((r) => r.enterpriseId !== design.id));
    assert.ok(staff.length >= 2 && elsewhere.length >= 1);
    const application = await fileCase(h.models, {
      employer: design,
      profession: 'architect,engineer',
      matter: 'enterprise-rename',
      data: { previousEnterpriseName: design.name, newEnterpriseName: '浙江华建建筑设计研究院有限公司' },
      status: '审批通过',
    });
    const issued = recordIssues(h);
    const delivery = job({ type: applyEnterpriseRename.type, bpmnProcessId: 'zhuce-enterprise-rename', variables: { applicationId: application.id, employerCode: design.creditCode } });
    // when
    await applyEnterpriseRename.handle(delivery, h.deps);
    const afterFirst = await everythingWritten(h);
    await applyEnterpriseRename.handle(delivery, h.deps);
    // then
    assert.deepEqual(await everythingWritten(h), afterFirst, 'a second delivery changes nothing');
    await design.reload();
    assert.equal(design.name, '浙江华建建筑设计研究院有限公司');
    const account = await h.models.Account.findOne({ where: { username: 'qiye' } });
    assert.equal(account?.displayName, '浙江华建建筑设计研究院有限公司');

    const history = await h.models.RegistrationHistory.findAll({ where: { applicationId: application.id }, order: [['registrationId', 'ASC']] });
    assert.deepEqual(history.map((row) => row.registrationId), staff.map((r) => r.id).sort((a, b) => a - b));
    assert.ok(history.every((row) => row.change === 'enterprise-rename' && row.before?.enterpriseName === '浙江华建工程设计有限公司' && row.after?.enterpriseName === '浙江华建建筑设计研究院有限公司'));

    const certified = await h.models.Document.findAll({ where: { kind: '注册证书' } });
    assert.deepEqual(
      certified.map((d) => d.personId).sort(),
      [...new Set(staff.map((r) => r.personId))].sort(),
      'each registered member of staff, and nobody else, gets a certificate',
    );
    assert.ok(issued.every((r) => r.data.enterpriseName === '浙江华建建筑设计研究院有限公司'));
    assert.equal(new Set(issued.map((r) => r.dedupeKey)).size, staff.length, 'one certificate per 注册号; the second delivery asked for the same ones');
    const notified = await h.models.Message.findAll({ where: { title: '【企业名称变更】注册证书已按新单位名称重新签发' } });
    assert.deepEqual(notified.map((m) => m.recipientId).sort(), [...new Set(staff.map((r) => r.personId))].sort());
    const [audit] = await h.models.AuditEntry.findAll({ where: { action: 'enterprise-renamed' } });
    assert.deepEqual([audit.entityId, audit.detail?.before, audit.detail?.after], [String(design.id), { name: '浙江华建工程设计有限公司' }, { name: '浙江华建建筑设计研究院有限公司' }]);
  });
});
