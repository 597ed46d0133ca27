/**
 * The studio's versions: baseline files deployed at start only when they
 * changed, never over an analyst's newer version (a conflict instead);
 * deploys through the port that the catalog, the form registry and new cases
 * follow; refusals that change nothing; roll back; drafts; the audit record.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { validateSubmission } from '../../../server/forms/validate-submission.js';
import type { FormSchema } from '../../../server/forms/schema.js';
import { DeployRefused } from '../../../server/studio/studio-service.js';
import { availableEngines } from '../../processes/scenarios/support/engines.js';
import { openStudioWorld, SUPERVISOR, withExpertReview, type StudioWorld } from './support.js';

async function counts(w: StudioWorld) {
  return {
    deployments: await w.runtime.studio.DeploymentRecord.count(),
    resources: await w.runtime.studio.DeploymentResource.count(),
    supervisor: (await w.runtime.versions.latest('process', SUPERVISOR))!.version,
    catalog: w.runtime.catalog.versions(SUPERVISOR).join(','),
    audit: await w.models.AuditEntry.count({ where: { entityType: 'deployment' } }),
    engine: (await w.runtime.engine.processVersions(SUPERVISOR)).map((v) => v.version).join(','),
  };
}

async function refused(work: Promise<unknown>): Promise<DeployRefused> {
  try {
    await work;
  } catch (err) {
    if (err instanceof DeployRefused) return err;
    throw err;
  }
  assert.fail('the deploy was not refused');
}

describe('studio: where versions live and how they are deployed (embedded engine)', function () {
  this.timeout(120_000);
  let w: StudioWorld;
  before(async () => {
    w = await openStudioWorld();
  });
  after(async () => w?.close());

  it('records every baseline file at the first start, and deploys nothing at a start where nothing changed', async () => {
    // given the first start
    const first = await counts(w);
    const files = fs.readdirSync(path.join(w.rootDir, 'processes')).length + fs.readdirSync(path.join(w.rootDir, 'forms')).length;
    // then
    assert.equal(first.resources, files);
    const row = (await w.runtime.versions.latest('process', SUPERVISOR))!;
    assert.equal(row.checksum, row.baselineChecksum);
    assert.equal(row.source, fs.readFileSync(path.join(w.rootDir, 'processes', `${SUPERVISOR}.bpmn`), 'utf8'));
    // when
    await w.restart();
    // then
    assert.deepEqual(await counts(w), first);
  });

  it('deploys a process with its forms as a new version that the catalog and new instances follow, with an audit record', async () => {
    // given
    const before = await counts(w);
    const xml = withExpertReview((await w.runtime.versions.latest('process', SUPERVISOR))!.source);
    // when
    const result = await w.runtime.studioService.deployProcess({ xml, comment: '增加专家复核', actor: w.analyst });
    // then
    const version = before.supervisor + 1;
    assert.deepEqual(result.resources, [{ kind: 'process', resourceId: SUPERVISOR, version }]);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.get('Task_ExpertReview')?.name, '专家复核');
    assert.equal(w.runtime.catalog.process(SUPERVISOR, before.supervisor)!.elements.has('Task_ExpertReview'), false);
    const instance = await w.runtime.engine.createInstance(SUPERVISOR, { applicationId: 0 });
    assert.equal(instance.version, version);
    await w.runtime.engine.cancelInstance(instance.processInstanceKey);
    const deployment = (await w.runtime.studio.DeploymentRecord.findByPk(result.deploymentId))!;
    assert.equal(deployment.origin, 'studio');
    assert.equal(deployment.actorName, '业务分析员');
    assert.equal(deployment.engine, 'embedded');
    const audit = (await w.models.AuditEntry.findOne({ where: { action: 'studio-deploy' }, order: [['id', 'DESC']] }))!;
    assert.match(String(audit.detail!.summary), /新增 专家复核/);
    assert.equal(audit.actorAccountId, w.analyst.accountId);
  });

  it('keeps the new version over a restart, and the old one in the catalog for the instances still on it', async () => {
    // given
    const before = await counts(w);
    // when
    await w.restart();
    // then
    assert.deepEqual(await counts(w), before);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.has('Task_ExpertReview'), true);
    assert.equal(w.runtime.catalog.process(SUPERVISOR, before.supervisor - 1)!.elements.has('Task_ExpertReview'), false);
  });

  describe('refuses with Chinese findings and changes nothing', () => {
    const base = async () => (await w.runtime.versions.latest('process', SUPERVISOR))!.source;

    it('a lint error (an element connected to nothing)', async () => {
      const before = await counts(w);
      const xml = (await base()).replace('<bpmn:userTask id="Task_MinistryReview"', '<bpmn:task id="Task_Stray" name="孤立任务" />\n    <bpmn:userTask id="Task_MinistryReview"');
      const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
      assert.equal(err.status, 422);
      assert.ok(err.findings.some((f) => f.elementId === 'Task_Stray' && /未与流程连接/.test(f.message)), JSON.stringify(err.findings));
      assert.deepEqual(await counts(w), before);
    });

    it('an unknown job type', async () => {
      const before = await counts(w);
      const xml = (await base()).replace('type="zhuce.check-qualification"', 'type="zhuce.check-horoscope"');
      const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
      assert.ok(err.findings.some((f) => f.elementId === 'Task_CheckQualification' && /作业类型 zhuce\.check-horoscope 不在作业目录中/.test(f.message)));
      assert.deepEqual(await counts(w), before);
    });

    it('a user task linking a form that is not deployed', async () => {
      const before = await counts(w);
      const xml = withExpertReview(fs.readFileSync(path.join(w.rootDir, 'processes', `${SUPERVISOR}.bpmn`), 'utf8'), 'no-such-form');
      const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
      assert.ok(err.findings.some((f) => f.elementId === 'Task_ExpertReview' && /表单 no-such-form 未部署/.test(f.message)));
      assert.deepEqual(await counts(w), before);
    });

    it('what the Operaton translation cannot run (a multi-instance task), even on the embedded engine', async () => {
      const before = await counts(w);
      const xml = (await base()).replace(
        /(<bpmn:serviceTask id="Task_CheckQualification"[^>]*>[\s\S]*?)(<\/bpmn:serviceTask>)/,
        '$1  <bpmn:multiInstanceLoopCharacteristics>\n        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="item" /></bpmn:extensionElements>\n      </bpmn:multiInstanceLoopCharacteristics>\n    $2',
      );
      const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
      assert.ok(err.findings.some((f) => f.source === 'Operaton' && f.elementId === 'Task_CheckQualification'), JSON.stringify(err.findings));
      assert.deepEqual(await counts(w), before);
    });

    it('a broken form: not JSON, a changed id, a duplicate key', async () => {
      const before = await counts(w);
      const form = (await w.runtime.versions.latest('form', 'ministry-review'))!.source;
      const schema = JSON.parse(form) as FormSchema;
      const twice = { ...schema, components: [...schema.components, { type: 'textfield', key: 'reviewOpinion', label: '第二个意见' }] };
      for (const [json, rule] of [
        ['{ "id": "ministry-review", ', /不是有效的 JSON/],
        [JSON.stringify({ ...schema, id: 'renamed' }), /表单标识必须保持为 ministry-review/],
        [JSON.stringify(twice), /键名 reviewOpinion 与字段「.*」重复/],
      ] as const) {
        const err = await refused(w.runtime.studioService.deployForm({ json, formId: 'ministry-review', comment: '试', actor: w.analyst }));
        assert.ok(err.findings.some((f) => rule.test(f.message)), JSON.stringify(err.findings));
      }
      assert.deepEqual(await counts(w), before);
    });

    it('a deploy without a comment, naming the field', async () => {
      const before = await counts(w);
      await assert.rejects(w.runtime.studioService.deployProcess({ xml: withExpertReview(await base()), comment: '  ', actor: w.analyst }), { status: 400, field: 'comment', message: /部署说明不能为空/ });
      assert.deepEqual(await counts(w), before);
    });
  });

  it('deploys a form whose new required field the server then enforces', async () => {
    // given
    const formId = 'apply-renewal-supervisor';
    const schema = JSON.parse((await w.runtime.versions.latest('form', formId))!.source) as FormSchema;
    schema.components.push({ type: 'textfield', key: 'continuingEducationHours', label: '继续教育学时', validate: { required: true } });
    // when
    const result = await w.runtime.studioService.deployForm({ json: JSON.stringify(schema), formId, comment: '增加继续教育学时', actor: w.analyst });
    // then
    assert.equal(result.resources[0].version, 2);
    const { errors } = validateSubmission(w.runtime.forms.get(formId)!, {});
    assert.ok(errors.some((e) => /继续教育学时不能为空/.test(e.message)));
    assert.match(String((await w.models.AuditEntry.findOne({ where: { entityId: formId } }))!.detail!.summary), /新增 继续教育学时/);
  });

  it('rolls back: an earlier version deployed again as the newest', async () => {
    // given
    const before = await counts(w);
    // when
    const result = await w.runtime.studioService.rollback({ kind: 'process', resourceId: SUPERVISOR, version: 1, comment: '专家复核暂停', actor: w.analyst });
    // then
    const version = before.supervisor + 1;
    assert.deepEqual(result.resources, [{ kind: 'process', resourceId: SUPERVISOR, version }]);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.has('Task_ExpertReview'), false);
    const deployment = (await w.runtime.studio.DeploymentRecord.findByPk(result.deploymentId))!;
    assert.equal(deployment.origin, 'rollback');
    assert.match(deployment.comment, /回退到第1版：专家复核暂停/);
    assert.ok(deployment.diffSummary![0].removed.some((e) => e.name === '专家复核'));
  });

  it('keeps drafts of several analysts and marks those based on an outdated version', async () => {
    // given
    const latest = (await w.runtime.versions.latest('process', SUPERVISOR))!;
    const other = (await w.models.Account.findOne({ where: { username: 'admin' } }))!;
    // when
    await w.runtime.studioService.saveDraft({ kind: 'process', resourceId: SUPERVISOR, source: latest.source, baseVersion: latest.version, title: '当前', actor: w.analyst });
    await w.runtime.studioService.saveDraft({ kind: 'process', resourceId: SUPERVISOR, source: latest.source, baseVersion: 1, title: '旧的', actor: { accountId: other.id, name: other.displayName } });
    // then
    const drafts = await w.runtime.studioService.drafts('process', SUPERVISOR);
    assert.deepEqual(drafts.map((d) => [d.title, d.outdated]).sort(), [['当前', false], ['旧的', true]]);
    await assert.rejects(
      w.runtime.studioService.saveDraft({ kind: 'process', resourceId: SUPERVISOR, source: latest.source, baseVersion: 1, draftId: drafts.find((d) => d.title === '旧的')!.id, actor: w.analyst }),
      { status: 403 },
    );
  });
});

describe('studio: a baseline file that changed behind an analyst\'s version (embedded engine)', function () {
  this.timeout(120_000);
  let w: StudioWorld;
  before(async () => {
    w = await openStudioWorld();
  });
  after(async () => w?.close());

  const file = () => path.join(w.rootDir, 'processes', `${SUPERVISOR}.bpmn`);

  it('deploys a changed baseline file at start when no analyst\'s version stands over it', async () => {
    // given
    const before = (await w.runtime.versions.latest('process', SUPERVISOR))!.version;
    fs.writeFileSync(file(), fs.readFileSync(file(), 'utf8').replace('name="部级审批"', 'name="部级审批（基线修订）"'));
    // when
    await w.restart();
    // then
    const latest = (await w.runtime.versions.latest('process', SUPERVISOR))!;
    assert.equal(latest.version, before + 1);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.get('Task_MinistryReview')!.name, '部级审批（基线修订）');
    assert.equal((await w.runtime.studio.DeploymentRecord.findByPk(latest.deploymentId))!.origin, 'baseline');
  });

  it('keeps the analyst\'s newer version and records a conflict, which the analyst settles', async () => {
    // given an analyst's version, then a new baseline file
    const studioXml = withExpertReview((await w.runtime.versions.latest('process', SUPERVISOR))!.source);
    await w.runtime.studioService.deployProcess({ xml: studioXml, comment: '增加专家复核', actor: w.analyst });
    const studioVersion = (await w.runtime.versions.latest('process', SUPERVISOR))!.version;
    fs.writeFileSync(file(), fs.readFileSync(file(), 'utf8').replace('name="部级审批（基线修订）"', 'name="部级审批（再修订）"'));
    // when
    await w.restart();
    // then the studio version stands, and the conflict is there once, even after another start
    assert.equal((await w.runtime.versions.latest('process', SUPERVISOR))!.version, studioVersion);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.has('Task_ExpertReview'), true);
    await w.restart();
    const conflicts = await w.runtime.studioService.openConflicts();
    assert.deepEqual(conflicts.map((c) => [c.resourceId, c.studioVersion]), [[SUPERVISOR, studioVersion]]);

    // when the analyst takes the baseline file
    await w.runtime.studioService.resolveConflict(conflicts[0].id, 'baseline', '采用新版基线', w.analyst);
    // then
    const latest = (await w.runtime.versions.latest('process', SUPERVISOR))!;
    assert.equal(latest.version, studioVersion + 1);
    assert.equal(w.runtime.catalog.process(SUPERVISOR)!.elements.get('Task_MinistryReview')!.name, '部级审批（再修订）');
    assert.deepEqual(await w.runtime.studioService.openConflicts(), []);
    // and a start after that deploys nothing
    await w.restart();
    assert.equal((await w.runtime.versions.latest('process', SUPERVISOR))!.version, latest.version);
  });
});

/** The same refusals on the other engines: nothing reaches the engine, the ledger or the audit. */
for (const engine of availableEngines().filter((e) => e.name !== 'embedded')) describe(`studio: refused deploys change nothing (${engine.name} engine)`, function () {
  this.timeout(300_000);
  let w: StudioWorld;
  before(async function () {
    if (engine.unavailable) {
      console.log(`      skipped: ${engine.unavailable}`);
      this.skip();
    }
    w = await openStudioWorld((s) => engine.create(s, () => {}));
  });
  after(async () => w?.close());
  const base = async () => (await w.runtime.versions.latest('process', SUPERVISOR))!.source;

  it('a lint error (an element connected to nothing)', async () => {
    const before = await counts(w);
    const xml = (await base()).replace('<bpmn:userTask id="Task_MinistryReview"', '<bpmn:task id="Task_Stray" name="孤立任务" />\n    <bpmn:userTask id="Task_MinistryReview"');
    const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
    assert.ok(err.findings.some((f) => f.elementId === 'Task_Stray' && /未与流程连接/.test(f.message)), JSON.stringify(err.findings));
    assert.deepEqual(await counts(w), before);
  });

  it('an unknown job type', async () => {
    const before = await counts(w);
    const xml = (await base()).replace('type="zhuce.check-qualification"', 'type="zhuce.check-horoscope"');
    const err = await refused(w.runtime.studioService.deployProcess({ xml, comment: '试', actor: w.analyst }));
    assert.ok(err.findings.some((f) => /作业类型 zhuce\.check-horoscope 不在作业目录中/.test(f.message)), JSON.stringify(err.findings));
    assert.deepEqual(await counts(w), before);
  });

  it('a broken form', async () => {
    const before = await counts(w);
    const forms = await w.runtime.studio.DeploymentResource.count({ where: { kind: 'form', resourceId: 'ministry-review' } });
    const err = await refused(w.runtime.studioService.deployForm({ json: '{ "id": "ministry-review", ', formId: 'ministry-review', comment: '试', actor: w.analyst }));
    assert.ok(err.findings.some((f) => /不是有效的 JSON/.test(f.message)), JSON.stringify(err.findings));
    assert.deepEqual(await counts(w), before);
    assert.equal(await w.runtime.studio.DeploymentResource.count({ where: { kind: 'form', resourceId: 'ministry-review' } }), forms);
  });
});
