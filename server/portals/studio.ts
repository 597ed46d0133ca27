/**
 * The analyst studio (/analyst): processes and forms with their versions,
 * the designer (bpmn-js modeler), the form editor (form-js), drafts, diffs,
 * roll-back and the conflicts between baseline files and studio versions.
 * Pages and API answer the analyst role only.
 */
import { diffLines } from 'diff';
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth/session.js';
import { HttpError, notFound } from '../http/errors.js';
import { idParam, positiveId } from '../http/ids.js';
import { flash } from '../http/flash.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import { describeDiff } from '../studio/diff.js';
import type { DeploymentOrigin, ResourceKind } from '../studio/models.js';
import { DeployRefused, COMMENT_MAX, type StudioService } from '../studio/studio-service.js';
import { CANDIDATE_GROUPS, elementTemplates } from '../studio/templates.js';
import type { Actor, VersionLedger } from '../studio/versions.js';
import type { DryRunner } from '../studio/dry-run.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import { sampleDataOf } from '../studio/sample-data.js';

export interface StudioPortalDeps {
  studio: StudioService;
  versions: VersionLedger;
  /** Try a draft on a throw-away embedded engine (server/studio/dry-run.ts). */
  dryRun?: DryRunner;
}

const ORIGIN_NAMES: Record<DeploymentOrigin, string> = { baseline: '基线文件', studio: '工作室', rollback: '回退', startup: '启动时重新部署' };

const actorOf = (req: Request): Actor => ({ accountId: req.account!.id, name: req.account!.displayName });

function optionalId(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const id = positiveId(String(value));
  if (id === null) throw new HttpError(400, `${field}必须是正整数`, field);
  return id;
}

/** Refusals with findings answer 422 with the list; everything else goes to the error mapping. */
async function answer(res: Response, work: () => Promise<unknown>): Promise<void> {
  try {
    res.json(await work());
  } catch (err) {
    if (err instanceof DeployRefused) {
      res.status(422).json({ error: err.message, findings: err.findings });
      return;
    }
    throw err;
  }
}

export function studioPortal(views: ViewRenderer, { studio, versions, dryRun }: StudioPortalDeps): Router {
  const router = Router();
  const analyst = requireRole('analyst');
  router.param('draftId', idParam);
  router.param('conflictId', idParam);

  async function existing(kind: ResourceKind, resourceId: string) {
    const latest = await versions.latest(kind, resourceId);
    if (!latest) throw notFound(kind === 'process' ? '流程' : '表单');
    return latest;
  }

  async function versionList(kind: ResourceKind, resourceId: string) {
    return (await versions.versions(kind, resourceId)).map(({ resource, deployment }) => ({
      version: resource.version,
      origin: ORIGIN_NAMES[deployment.origin] ?? deployment.origin,
      actorName: deployment.actorName,
      comment: deployment.comment,
      createdAt: deployment.createdAt,
      summary: (deployment.diffSummary ?? []).filter((d) => d.resourceId === resourceId).map(describeDiff).join('；'),
    }));
  }

  router.get('/analyst', analyst, async (req, res) => {
    const [processes, forms, conflicts] = await Promise.all([versions.allLatest('process'), versions.allLatest('form'), studio.openConflicts()]);
    res.send(
      views.render(req, 'analyst', {
        title: '分析员工作室',
        commentMax: COMMENT_MAX,
        processes: processes.map((p) => ({ id: p.resourceId, name: p.name, version: p.version, file: p.resourceName, fromStudio: p.checksum !== p.baselineChecksum })),
        forms: forms.map((f) => ({ id: f.resourceId, version: f.version, file: f.resourceName, fromStudio: f.checksum !== f.baselineChecksum })),
        conflicts: conflicts.map((c) => ({ id: c.id, kind: c.kind === 'process' ? '流程' : '表单', resourceId: c.resourceId, file: c.resourceName, studioVersion: c.studioVersion, createdAt: c.createdAt })),
      }),
    );
  });

  // The designer

  router.get('/analyst/processes/:processId', analyst, async (req, res) => {
    const processId = req.params.processId as string;
    const latest = await existing('process', processId);
    const draftId = optionalId(req.query.draft, 'draft');
    const askedVersion = optionalId(req.query.version, 'version');
    let xml = latest.source;
    let version = latest.version;
    let draft: { id: number; title: string; baseVersion: number; outdated: boolean; mine: boolean } | null = null;
    if (draftId) {
      const d = await studio.draft(draftId);
      if (d.kind !== 'process' || d.resourceId !== processId) throw notFound('草稿');
      xml = d.source;
      version = d.baseVersion;
      draft = { id: d.id, title: d.title, baseVersion: d.baseVersion, outdated: d.baseVersion < latest.version, mine: d.accountId === req.account!.id };
    } else if (askedVersion) {
      const v = await versions.version('process', processId, askedVersion);
      if (!v) throw notFound('该版本');
      xml = v.source;
      version = v.version;
    }
    const formIds = (await versions.allLatest('form')).map((f) => f.resourceId);
    const [versionRows, drafts] = await Promise.all([versionList('process', processId), studio.drafts('process', processId)]);
    res.send(
      views.render(req, 'studio-designer', {
        title: `流程设计 · ${latest.name ?? processId}`,
        processId,
        processName: latest.name ?? processId,
        version,
        latestVersion: latest.version,
        draft,
        versions: versionRows,
        drafts: drafts.map((d) => ({ id: d.id, title: d.title, actorName: d.actorName, updatedAt: d.updatedAt, baseVersion: d.baseVersion, outdated: d.outdated })),
        commentMax: COMMENT_MAX,
        studioJson: scriptJson({ processId, version, latestVersion: latest.version, draftId: draft?.id ?? null, draftMine: draft?.mine ?? false, xml, templates: elementTemplates(), formIds, groups: CANDIDATE_GROUPS }),
      }),
    );
  });

  router.get('/analyst/processes/:processId/diff', analyst, async (req, res) => {
    const processId = req.params.processId as string;
    const latest = await existing('process', processId);
    const to = optionalId(req.query.to, 'to') ?? latest.version;
    const from = optionalId(req.query.from, 'from') ?? Math.max(1, to - 1);
    const [a, b] = await Promise.all([versions.version('process', processId, from), versions.version('process', processId, to)]);
    if (!a || !b) throw notFound('该版本');
    res.send(
      views.render(req, 'studio-diff', {
        title: `版本对比 · ${latest.name ?? processId}`,
        name: latest.name ?? processId,
        processId,
        from,
        to,
        versions: (await versionList('process', processId)).map((v) => v.version),
        diffJson: scriptJson({ before: a.source, after: b.source, from, to }),
      }),
    );
  });

  router.post('/analyst/api/processes/:processId/lint', analyst, (req, res) => answer(res, async () => ({ findings: await studio.lint(req.body?.xml) })));
  router.post('/analyst/api/processes/:processId/check', analyst, (req, res) => answer(res, async () => ({ findings: await studio.check(req.body?.xml) })));

  router.post('/analyst/api/processes/:processId/dry-run', analyst, (req, res) =>
    answer(res, async () => {
      const processId = req.params.processId as string;
      await existing('process', processId);
      if (!dryRun) throw new HttpError(503, '试运行在此部署中不可用');
      return dryRun.run({ xml: req.body?.xml, decisions: req.body?.decisions }, processId);
    }),
  );

  function sameProcess(processId: string, xml: unknown) {
    if (typeof xml === 'string' && !new RegExp(`<(?:[\\w-]+:)?process\\b[^>]*\\bid="${processId.replace(/[^\w-]/g, '')}"`).test(xml)) {
      throw new HttpError(400, `流程标识必须保持为 ${processId}：改了标识就成了另一个流程，运行中的申报和待办都找不到它`, 'xml');
    }
  }

  router.post('/analyst/api/processes/:processId/deploy', analyst, (req, res) =>
    answer(res, async () => {
      const processId = req.params.processId as string;
      await existing('process', processId);
      sameProcess(processId, req.body?.xml);
      const result = await studio.deployProcess({ xml: req.body?.xml, comment: req.body?.comment, actor: actorOf(req), draftId: optionalId(req.body?.draftId, 'draftId') });
      const mine = result.resources.find((r) => r.kind === 'process' && r.resourceId === processId);
      flash(req, `已部署为第${mine?.version}版：新申报将按此版本办理，运行中的申报在原版本上办完`);
      return result;
    }),
  );

  router.post('/analyst/api/processes/:processId/drafts', analyst, (req, res) =>
    answer(res, async () => {
      const processId = req.params.processId as string;
      sameProcess(processId, req.body?.xml);
      const draft = await studio.saveDraft({ kind: 'process', resourceId: processId, source: req.body?.xml, baseVersion: req.body?.baseVersion, title: req.body?.title, draftId: optionalId(req.body?.draftId, 'draftId'), actor: actorOf(req) });
      return { id: draft.id, title: draft.title, baseVersion: draft.baseVersion };
    }),
  );

  // The form editor

  router.get('/analyst/forms/:formId', analyst, async (req, res) => {
    const formId = req.params.formId as string;
    const latest = await existing('form', formId);
    const askedVersion = optionalId(req.query.version, 'version');
    const draftId = optionalId(req.query.draft, 'draft');
    const shown = askedVersion ? await versions.version('form', formId, askedVersion) : latest;
    if (!shown) throw notFound('该版本');
    let source = shown.source;
    let draft: { id: number; title: string; baseVersion: number; outdated: boolean; mine: boolean } | null = null;
    if (draftId) {
      const d = await studio.draft(draftId);
      if (d.kind !== 'form' || d.resourceId !== formId) throw notFound('草稿');
      source = d.source;
      draft = { id: d.id, title: d.title, baseVersion: d.baseVersion, outdated: d.baseVersion < latest.version, mine: d.accountId === req.account!.id };
    }
    const schema = JSON.parse(source) as FormSchema;
    const fields: Array<{ label: string; key: string; type: string; required: boolean }> = [];
    const visit = (components: FormComponent[]) => {
      for (const c of components ?? []) {
        if (c.components) visit(c.components);
        else if (c.key) fields.push({ label: c.label ?? c.key, key: c.key, type: c.type, required: Boolean(c.validate?.required) });
      }
    };
    visit(schema.components);
    const drafts = await studio.drafts('form', formId);
    const version = draft ? draft.baseVersion : shown.version;
    res.send(
      views.render(req, 'studio-form', {
        title: `表单设计 · ${formId}`,
        formId,
        version,
        latestVersion: latest.version,
        draft,
        versions: await versionList('form', formId),
        drafts: drafts.map((d) => ({ id: d.id, title: d.title, actorName: d.actorName, updatedAt: d.updatedAt, baseVersion: d.baseVersion, outdated: d.outdated })),
        fields,
        commentMax: COMMENT_MAX,
        formJson: scriptJson({ formId, version, latestVersion: latest.version, draftId: draft?.id ?? null, draftMine: draft?.mine ?? false, schema, sampleData: sampleDataOf(formId, schema) }),
      }),
    );
  });

  router.post('/analyst/api/forms/:formId/drafts', analyst, (req, res) =>
    answer(res, async () => {
      const formId = req.params.formId as string;
      const draft = await studio.saveDraft({ kind: 'form', resourceId: formId, source: req.body?.schema, baseVersion: req.body?.baseVersion, title: req.body?.title, draftId: optionalId(req.body?.draftId, 'draftId'), actor: actorOf(req) });
      return { id: draft.id, title: draft.title, baseVersion: draft.baseVersion };
    }),
  );

  router.get('/analyst/forms/:formId/diff', analyst, async (req, res) => {
    const formId = req.params.formId as string;
    const latest = await existing('form', formId);
    const to = optionalId(req.query.to, 'to') ?? latest.version;
    const from = optionalId(req.query.from, 'from') ?? Math.max(1, to - 1);
    const [a, b] = await Promise.all([versions.version('form', formId, from), versions.version('form', formId, to)]);
    if (!a || !b) throw notFound('该版本');
    // Keys in one order and without the editor's layout-row ids, so the diff shows what changed, not how the editor saved it.
    const canonical = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(canonical);
      if (!value || typeof value !== 'object') return value;
      const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => !(k === 'layout' && v && typeof v === 'object' && Object.keys(v).every((x) => x === 'row')));
      return Object.fromEntries(entries.sort(([a], [b]) => (a === 'components' ? 1 : b === 'components' ? -1 : a.localeCompare(b))).map(([k, v]) => [k, canonical(v)]));
    };
    const pretty = (s: string) => JSON.stringify(canonical(JSON.parse(s)), null, 2) + '\n';
    const lines = diffLines(pretty(a.source), pretty(b.source)).flatMap((part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map((text) => ({ text, kind: part.added ? 'added' : part.removed ? 'removed' : 'same' })),
    );
    // Long unchanged stretches fold to their edges.
    const shown: Array<{ text: string; kind: string }> = [];
    lines.forEach((line, i) => {
      if (line.kind !== 'same') return shown.push(line);
      const near = lines.slice(Math.max(0, i - 3), i + 4).some((l) => l.kind !== 'same');
      if (near) shown.push(line);
      else if (shown[shown.length - 1]?.kind !== 'fold') shown.push({ text: '⋯', kind: 'fold' });
    });
    res.send(
      views.render(req, 'studio-form-diff', {
        title: `表单对比 · ${formId}`,
        formId,
        from,
        to,
        versions: (await versionList('form', formId)).map((v) => v.version),
        lines: shown,
        added: lines.filter((l) => l.kind === 'added').length,
        removed: lines.filter((l) => l.kind === 'removed').length,
      }),
    );
  });

  router.post('/analyst/api/forms/:formId/deploy', analyst, (req, res) =>
    answer(res, async () => {
      const result = await studio.deployForm({ json: req.body?.schema, formId: req.params.formId as string, comment: req.body?.comment, actor: actorOf(req), draftId: optionalId(req.body?.draftId, 'draftId') });
      flash(req, `表单已部署为第${result.resources[0]?.version}版：新申报按此版本填写和校验，运行中的申报不受影响`);
      return result;
    }),
  );

  // Roll back, drafts, conflicts (plain forms)

  for (const kind of ['process', 'form'] as const) {
    const base = kind === 'process' ? '/analyst/processes/:resourceId' : '/analyst/forms/:resourceId';
    router.post(`${base}/rollback`, analyst, async (req, res) => {
      const resourceId = req.params.resourceId as string;
      await existing(kind, resourceId);
      try {
        const result = await studio.rollback({ kind, resourceId, version: req.body?.version, comment: req.body?.comment, actor: actorOf(req) });
        flash(req, `已将第${req.body?.version}版重新部署为第${result.resources.find((r) => r.resourceId === resourceId)?.version}版`);
        res.redirect(303, `${base.replace(':resourceId', encodeURIComponent(resourceId))}`);
      } catch (err) {
        if (err instanceof DeployRefused) throw new HttpError(422, `未回退：${err.findings.map((f) => `${f.elementId}：${f.message}`).join('；')}`);
        throw err;
      }
    });
  }

  router.post('/analyst/drafts/:draftId/delete', analyst, async (req, res) => {
    const draft = await studio.draft(Number(req.params.draftId));
    await studio.deleteDraft(draft.id, actorOf(req));
    const page = draft.kind === 'process' ? `/analyst/processes/${encodeURIComponent(draft.resourceId)}` : `/analyst/forms/${encodeURIComponent(draft.resourceId)}`;
    flash(req, `草稿「${draft.title}」已删除`);
    res.redirect(303, `${page}`);
  });

  router.post('/analyst/conflicts/:conflictId', analyst, async (req, res) => {
    try {
      const conflict = await studio.resolveConflict(Number(req.params.conflictId), req.body?.choice, req.body?.comment, actorOf(req));
      flash(req, conflict.status === 'kept-studio' ? `已保留 ${conflict.resourceId} 的工作室版本` : `已部署新的基线文件 ${conflict.resourceName}`);
      res.redirect(303, `/analyst`);
    } catch (err) {
      if (err instanceof DeployRefused) throw new HttpError(422, `基线文件未部署：${err.findings.map((f) => `${f.elementId}：${f.message}`).join('；')}`);
      throw err;
    }
  });

  return router;
}
