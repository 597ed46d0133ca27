/**
 * The dry run: a draft runs on a throw-away embedded engine and in-memory
 * database with a sample case of its matter; the real check workers run, user
 * tasks are decided automatically, and the path taken comes back. The real
 * database, engine and versions stay as they were; what cannot run is
 * refused with a Chinese message.
 */
import assert from 'node:assert/strict';
import { DryRunner, matterOfProcess, sampleSubmission } from '../../../server/studio/dry-run.js';
import type { FormSchema } from '../../../server/forms/schema.js';
import { openStudioWorld, SUPERVISOR, withExpertReview, type StudioWorld } from './support.js';

describe('studio: the dry run of a draft (embedded engine, throw-away database)', function () {
  this.timeout(180_000);
  let w: StudioWorld;
  let runner: DryRunner;
  before(async () => {
    w = await openStudioWorld();
    runner = w.runtime.dryRun;
  });
  after(async () => w?.close());

  async function realState() {
    return {
      applications: await w.models.Application.count(),
      tasks: await w.models.InboxTask.count(),
      audit: await w.models.AuditEntry.count(),
      deployments: await w.runtime.studio.DeploymentRecord.count(),
      version: (await w.runtime.versions.latest('process', SUPERVISOR))!.version,
      instances: (await w.runtime.engine.processVersions(SUPERVISOR)).length,
    };
  }

  it('runs the draft with a sample case through every user task it reaches, approving, and reports the path in order', async () => {
    // given a draft with 专家复核 before 部级审批
    const before = await realState();
    const xml = withExpertReview((await w.runtime.versions.latest('process', SUPERVISOR))!.source);
    // when
    const result = await runner.run({ xml }, SUPERVISOR);
    // then the sample case is the demo applicant's
    assert.equal(result.sampleCase.matter, 'initial');
    assert.equal(result.sampleCase.applicant, '刘洋');
    // the real check workers ran, and 专家复核 came before 部级审批
    assert.ok(result.path.includes('Task_CheckQualification'), result.path.join(' → '));
    const expert = result.path.indexOf('Task_ExpertReview');
    assert.ok(expert > 0, `${result.outcome}: ${result.path.join(' → ')}`);
    assert.ok(expert < result.path.indexOf('Task_MinistryReview'), result.path.join(' → '));
    assert.equal(result.path[0].startsWith('Start'), true, result.path.join(' → '));
    const names = result.userTasks.map((t) => t.name);
    assert.ok(names.includes('专家复核'), names.join('、'));
    assert.equal(result.userTasks.find((t) => t.name === '专家复核')!.submitted.reviewDecision, 'approve');
    assert.equal(result.state, 'completed', result.outcome);
    assert.match(result.outcome, /流程已走完/);
    // and nothing real changed
    assert.deepEqual(await realState(), before);
  });

  it('takes the decision the analyst picked for a task instead of approving', async () => {
    // given the deployed version
    const xml = (await w.runtime.versions.latest('process', SUPERVISOR))!.source;
    // when 部级审批 refuses
    const result = await runner.run({ xml, decisions: { Task_MinistryReview: 'refuse' } }, SUPERVISOR);
    // then the case ends refused and no certificate is issued
    assert.equal(result.userTasks.find((t) => t.elementId === 'Task_MinistryReview')!.submitted.reviewDecision, 'refuse');
    assert.ok(result.path.includes('End_MinistryRefused'), result.path.join(' → '));
    assert.ok(!result.path.includes('Task_IssueCertificate'), result.path.join(' → '));
    assert.equal(result.caseStatus, '审批不通过');
  });

  describe('refuses with a Chinese message and runs nothing', () => {
    it('XML that is not BPMN: 422', async () => {
      const before = await realState();
      await assert.rejects(runner.run({ xml: '<bpmn:definitions><bpmn:process id="x"' }, SUPERVISOR), { status: 422, field: 'xml', message: /试运行未开始：流程模型不是有效的 BPMN 文件/ });
      await assert.rejects(runner.run({ xml: '' }, SUPERVISOR), { status: 422, message: /流程模型不能为空/ });
      assert.deepEqual(await realState(), before);
    });

    it('a draft whose process id was changed: 422', async () => {
      const xml = (await w.runtime.versions.latest('process', SUPERVISOR))!.source.replace(`id="${SUPERVISOR}"`, 'id="zhuce-other"');
      await assert.rejects(runner.run({ xml }, SUPERVISOR), { status: 422, message: new RegExp(`流程标识必须是 ${SUPERVISOR}`) });
    });
  });

  it('knows the matter of every process id the generator writes', () => {
    assert.deepEqual(matterOfProcess('zhuce-renewal-supervisor'), { matter: 'renewal', profession: 'supervisor' });
    assert.deepEqual(matterOfProcess('zhuce-photo-signature-architect'), { matter: 'info-correction', profession: 'architect', correctionKind: 'photo-signature' });
    assert.equal(matterOfProcess('something-else'), null);
  });

  it('fills a review form as an approving reviewer would', () => {
    const schema = JSON.parse(JSON.stringify(w.runtime.forms.get('ministry-review'))) as FormSchema;
    const submitted = sampleSubmission(schema);
    assert.equal(submitted.reviewDecision, 'approve');
  });
});
