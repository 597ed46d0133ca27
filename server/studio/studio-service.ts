/**
 * The analyst studio's operations: deploy a process with the forms it links
 * (one engine deployment, through the port), deploy a form, deploy an
 * earlier version again as the newest (roll back), keep drafts, settle the
 * conflicts between baseline files and studio versions. A deploy is refused
 * with Chinese findings and nothing deployed when any check fails; every
 * deploy writes an audit record with the diff summary.
 */
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { USER_TASK_JOB_TYPE } from '../engine/port.js';
import { HttpError } from '../http/errors.js';
import type { DeployChecks, Finding } from './checks.js';
import { describeDiff, formDiff, processDiff } from './diff.js';
import type { DeploymentOrigin, DeploymentResource, DiffSummary, ResourceKind, StudioConflict, StudioDraft, StudioModels } from './models.js';
import { checksumOf, identify, type Actor, type SourceToDeploy, type VersionLedger } from './versions.js';

export { USER_TASK_JOB_TYPE };

/** 422 with the findings: nothing was deployed. */
export class DeployRefused extends HttpError {
  constructor(readonly findings: Finding[]) {
    super(422, `未部署：发现 ${findings.length} 个问题，请修改后再部署`);
  }
}

export const COMMENT_MAX = 500;

export interface StudioDeps {
  versions: VersionLedger;
  checks: DeployChecks;
  studio: StudioModels;
  models: Models;
  sequelize: Sequelize;
  clock: Clock;
}

export interface DeployResult {
  deploymentId: number;
  resources: Array<{ kind: ResourceKind; resourceId: string; version: number }>;
  summary: DiffSummary[];
}

function requireComment(comment: unknown): string {
  if (typeof comment !== 'string' || !comment.trim()) throw new HttpError(400, '部署说明不能为空：请写明本次修改的内容和原因', 'comment');
  if (comment.trim().length > COMMENT_MAX) throw new HttpError(400, `部署说明不能超过${COMMENT_MAX}个字`, 'comment');
  return comment.trim();
}

function requireText(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new HttpError(400, `${label}不能为空`, field);
  return value;
}

/** The formIds a process links (user tasks and start events). */
export function linkedFormIds(xml: string): string[] {
  return [...new Set([...xml.matchAll(/<(?:[\w-]+:)?formDefinition\b[^>]*?\bformId="([^"]+)"/g)].map((m) => m[1]))];
}

export class StudioService {
  constructor(private readonly deps: StudioDeps) {}

  private async audit(actor: Actor, action: string, entityId: string, detail: Record<string, unknown>): Promise<void> {
    await this.deps.models.AuditEntry.create({
      at: this.deps.clock.now(),
      actorAccountId: actor.accountId,
      actorName: actor.name,
      action,
      entityType: 'deployment',
      entityId: entityId.slice(0, 32),
      detail,
      dedupeKey: null,
    });
  }

  private async latestOrFail(kind: ResourceKind, resourceId: string): Promise<DeploymentResource> {
    const latest = await this.deps.versions.latest(kind, resourceId);
    if (!latest) throw new HttpError(404, kind === 'process' ? `流程 ${resourceId} 不存在` : `表单 ${resourceId} 不存在`);
    return latest;
  }

  /** The deployed sources of the forms a process links; a missing one is a finding. */
  private async formsFor(xml: string): Promise<{ sources: SourceToDeploy[]; missing: string[] }> {
    const sources: SourceToDeploy[] = [];
    const missing: string[] = [];
    for (const formId of linkedFormIds(xml)) {
      const latest = await this.deps.versions.latest('form', formId);
      if (!latest) missing.push(formId);
      else sources.push({ kind: 'form', resourceId: formId, resourceName: latest.resourceName, name: latest.name, source: latest.source, baselineChecksum: latest.baselineChecksum });
    }
    return { sources, missing };
  }

  /** The checks the designer shows while the analyst models (lint, job types, forms). */
  async lint(xml: unknown): Promise<Finding[]> {
    const text = requireText(xml, 'xml', '流程模型');
    const formIds = new Set((await this.deps.versions.allLatest('form')).map((f) => f.resourceId));
    return this.deps.checks.quick(text, formIds);
  }

  /** Every check a deploy runs, without deploying: what the designer's 检查 button shows. */
  async check(xml: unknown): Promise<Finding[]> {
    const text = requireText(xml, 'xml', '流程模型');
    const id = identify('process.bpmn', text);
    if (!id) return [{ elementId: '流程文件', message: '文件中没有流程', source: 'BPMN', severity: 'error' }];
    const latest = await this.deps.versions.latest('process', id.resourceId);
    const { sources, missing } = await this.formsFor(text);
    const findings = await this.deps.checks.full(latest?.resourceName ?? `${id.resourceId}.bpmn`, text, sources.map((s) => ({ name: s.resourceName, content: s.source })));
    return [...missing.filter((m) => !findings.some((f) => f.message.includes(m))).map((m) => ({ elementId: m, message: `表单 ${m} 未部署`, source: '表单', severity: 'error' as const })), ...findings];
  }

  async deployProcess(input: { xml: unknown; comment: unknown; actor: Actor; draftId?: number; origin?: DeploymentOrigin; baselineChecksum?: string }): Promise<DeployResult> {
    const comment = requireComment(input.comment);
    const xml = requireText(input.xml, 'xml', '流程模型');
    const id = identify('process.bpmn', xml);
    if (!id) throw new DeployRefused([{ elementId: '流程文件', message: '不是有效的 BPMN 文件：找不到流程', source: 'BPMN', severity: 'error' }]);
    const latest = await this.latestOrFail('process', id.resourceId);
    if (checksumOf(xml) === latest.checksum) throw new HttpError(409, `与当前最新版本（第${latest.version}版）完全相同，无需部署`, 'xml');
    const { sources: forms, missing } = await this.formsFor(xml);
    const findings = await this.deps.checks.full(
      latest.resourceName,
      xml,
      forms.map((f) => ({ name: f.resourceName, content: f.source })),
    );
    for (const formId of missing) if (!findings.some((f) => f.message.includes(formId))) findings.push({ elementId: formId, message: `表单 ${formId} 未部署`, source: '表单', severity: 'error' });
    if (findings.length) throw new DeployRefused(findings);

    const summary = [await processDiff(id.resourceId, latest.version, latest.source, xml)];
    const origin = input.origin ?? 'studio';
    const { record, created } = await this.deps.versions.deploy(
      [...forms, { ...id, resourceName: latest.resourceName, source: xml, baselineChecksum: input.baselineChecksum ?? latest.baselineChecksum }],
      { origin, actor: input.actor, comment, diffSummary: summary },
    );
    if (!record) throw new HttpError(409, '引擎认为该版本与最新版本相同，未产生新版本', 'xml');
    await this.audit(input.actor, origin === 'rollback' ? 'studio-rollback' : 'studio-deploy', `${id.resourceId}`, {
      deploymentId: record.id,
      comment,
      versions: created.map((c) => ({ kind: c.kind, id: c.resourceId, version: c.version })),
      diff: summary,
      summary: summary.map(describeDiff).join('；'),
    });
    if (input.draftId) await this.deps.studio.StudioDraft.destroy({ where: { id: input.draftId } });
    return { deploymentId: record.id, resources: created.map((c) => ({ kind: c.kind, resourceId: c.resourceId, version: c.version })), summary };
  }

  async deployForm(input: { json: unknown; formId: string; comment: unknown; actor: Actor; draftId?: number; origin?: DeploymentOrigin; baselineChecksum?: string }): Promise<DeployResult> {
    const comment = requireComment(input.comment);
    const json = requireText(input.json, 'schema', '表单内容');
    const latest = await this.latestOrFail('form', input.formId);
    const findings = this.deps.checks.form(json, input.formId);
    if (findings.length) throw new DeployRefused(findings);
    // Stored as the editor wrote it, normalised so an identical form is recognised.
    const source = JSON.stringify(JSON.parse(json), null, 2) + '\n';
    if (checksumOf(source) === latest.checksum) throw new HttpError(409, `与当前最新版本（第${latest.version}版）完全相同，无需部署`, 'schema');
    const summary = [formDiff(input.formId, latest.version, latest.source, source)];
    const origin = input.origin ?? 'studio';
    const { record, created } = await this.deps.versions.deploy(
      [{ kind: 'form', resourceId: input.formId, resourceName: latest.resourceName, name: latest.name, source, baselineChecksum: input.baselineChecksum ?? latest.baselineChecksum }],
      { origin, actor: input.actor, comment, diffSummary: summary },
    );
    if (!record) throw new HttpError(409, '引擎认为该版本与最新版本相同，未产生新版本', 'schema');
    await this.audit(input.actor, origin === 'rollback' ? 'studio-rollback' : 'studio-deploy', input.formId, {
      deploymentId: record.id,
      comment,
      versions: created.map((c) => ({ kind: c.kind, id: c.resourceId, version: c.version })),
      diff: summary,
      summary: describeDiff(summary[0]),
    });
    if (input.draftId) await this.deps.studio.StudioDraft.destroy({ where: { id: input.draftId } });
    return { deploymentId: record.id, resources: created.map((c) => ({ kind: c.kind, resourceId: c.resourceId, version: c.version })), summary };
  }

  /** Deploys an earlier version again as the newest: new cases use it, running ones stay where they are. */
  async rollback(input: { kind: ResourceKind; resourceId: string; version: unknown; comment: unknown; actor: Actor }): Promise<DeployResult> {
    const version = Number(input.version);
    if (!Number.isInteger(version) || version < 1) throw new HttpError(400, '版本号必须是正整数', 'version');
    const target = await this.deps.versions.version(input.kind, input.resourceId, version);
    if (!target) throw new HttpError(404, `第${version}版不存在`, 'version');
    const comment = requireComment(input.comment);
    const full = `回退到第${version}版：${comment}`;
    return input.kind === 'process'
      ? this.deployProcess({ xml: target.source, comment: full, actor: input.actor, origin: 'rollback', baselineChecksum: target.baselineChecksum ?? undefined })
      : this.deployForm({ json: target.source, formId: input.resourceId, comment: full, actor: input.actor, origin: 'rollback', baselineChecksum: target.baselineChecksum ?? undefined });
  }

  // Drafts

  async saveDraft(input: { kind: ResourceKind; resourceId: string; source: unknown; baseVersion: unknown; title?: unknown; draftId?: number; actor: Actor }): Promise<StudioDraft> {
    const source = requireText(input.source, 'source', '草稿内容');
    if (source.length > 900_000) throw new HttpError(413, '草稿内容过大', 'source');
    const baseVersion = Number(input.baseVersion);
    if (!Number.isInteger(baseVersion) || baseVersion < 1) throw new HttpError(400, '草稿所基于的版本号必须是正整数', 'baseVersion');
    await this.latestOrFail(input.kind, input.resourceId);
    const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim().slice(0, 200) : `${input.actor.name ?? '分析员'}的草稿`;
    const now = this.deps.clock.now();
    if (input.draftId) {
      const draft = await this.deps.studio.StudioDraft.findByPk(input.draftId);
      if (!draft || draft.kind !== input.kind || draft.resourceId !== input.resourceId) throw new HttpError(404, '草稿不存在', 'draftId');
      if (draft.accountId !== input.actor.accountId) throw new HttpError(403, '只能修改自己的草稿；请另存为新草稿', 'draftId');
      return draft.update({ source, baseVersion, title, updatedAt: now });
    }
    return this.deps.studio.StudioDraft.create({
      kind: input.kind,
      resourceId: input.resourceId,
      title,
      source,
      baseVersion,
      accountId: input.actor.accountId!,
      actorName: input.actor.name,
      createdAt: now,
      updatedAt: now,
    });
  }

  async drafts(kind: ResourceKind, resourceId: string): Promise<Array<StudioDraft & { outdated: boolean }>> {
    const latest = await this.deps.versions.latest(kind, resourceId);
    const drafts = await this.deps.studio.StudioDraft.findAll({ where: { kind, resourceId }, order: [['updatedAt', 'DESC']] });
    return drafts.map((d) => Object.assign(d, { outdated: Boolean(latest && d.baseVersion < latest.version) }));
  }

  async draft(id: number): Promise<StudioDraft> {
    const draft = await this.deps.studio.StudioDraft.findByPk(id);
    if (!draft) throw new HttpError(404, '草稿不存在');
    return draft;
  }

  async deleteDraft(id: number, actor: Actor): Promise<void> {
    const draft = await this.draft(id);
    if (draft.accountId !== actor.accountId) throw new HttpError(403, '只能删除自己的草稿');
    await draft.destroy();
  }

  // Conflicts between baseline files and studio versions

  async openConflicts(): Promise<StudioConflict[]> {
    return this.deps.studio.StudioConflict.findAll({ where: { status: 'open' }, order: [['createdAt', 'ASC']] });
  }

  /** keep: the analyst's version stays the newest; baseline: the new file is deployed as the newest version. */
  async resolveConflict(id: number, choice: unknown, comment: unknown, actor: Actor): Promise<StudioConflict> {
    if (choice !== 'keep' && choice !== 'baseline') throw new HttpError(400, '请选择保留工作室版本（keep）或采用基线文件（baseline）', 'choice');
    const conflict = await this.deps.studio.StudioConflict.findByPk(id);
    if (!conflict) throw new HttpError(404, '冲突记录不存在');
    if (conflict.status !== 'open') throw new HttpError(409, '该冲突已处理');
    const text = requireComment(comment);
    if (choice === 'baseline') {
      const input = { comment: `采用新的基线文件 ${conflict.resourceName}：${text}`, actor, origin: 'baseline' as const, baselineChecksum: conflict.baselineChecksum };
      if (conflict.kind === 'process') await this.deployProcess({ ...input, xml: conflict.baselineSource });
      else await this.deployForm({ ...input, json: conflict.baselineSource, formId: conflict.resourceId });
    } else {
      await this.audit(actor, 'studio-keep-version', conflict.resourceId, { conflictId: conflict.id, file: conflict.resourceName, comment: text });
    }
    return conflict.update({ status: choice === 'keep' ? 'kept-studio' : 'took-baseline', resolvedBy: actor.accountId, resolvedAt: this.deps.clock.now() });
  }
}
