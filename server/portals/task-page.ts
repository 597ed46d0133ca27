/**
 * A task's page (/tasks/:id): beside the decision form, everything the one
 * who decides must see — the whole submission labelled as the applicant's
 * form labels it, the attachments (photo, signature, uploaded files), the
 * anomalies with the applicant's 申辩, the earlier rounds (补正 requests and
 * the applicant's answers) and the timeline; who holds the task when a
 * colleague claimed it, claim and release, a supervisor's assignment, and a
 * link back to the inbox with its filters.
 */
import { Router, type Request } from 'express';
import { canViewCase } from '../cases/access.js';
import { caseContext } from '../cases/form-context.js';
import type { Application } from '../db/models/application.js';
import type { Attachment } from '../db/models/attachment.js';
import type { InboxTask } from '../db/models/inbox-task.js';
import type { Models } from '../db/models/index.js';
import type { Person } from '../db/models/person.js';
import { caseTitle, provinceName, specialtyName } from '../domain/labels.js';
import { startFormId } from '../engine/process-catalog.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import { forbidden, notFound, unauthenticated } from '../http/errors.js';
import { idParam } from '../http/ids.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import { deadlineView } from '../inbox/deadline.js';
import { sendAttachment } from './case-attachments.js';
import type { CaseServices } from './cases.js';
import { inboxBack } from './reviewer.js';

export interface SubmissionRow {
  label: string;
  value: string;
  /** Attachment ids of a file field. */
  files?: AttachmentView[];
}

export interface SubmissionGroup {
  title: string;
  rows: SubmissionRow[];
}

export interface AttachmentView {
  id: number;
  label: string;
  fileName: string;
  href: string;
  image: boolean;
  size: string;
}

const SKIPPED = new Set(['text', 'spacer', 'separator', 'image', 'html', 'button', 'iframe', 'table', 'expression', 'documentPreview']);
const FILE_KIND_LABELS: Record<string, string> = { photo: '免冠照片', signature: '手写签名', correctionFiles: '补正材料' };

const labelOf = (c: FormComponent) => (c.label ?? c.key ?? '').replace(/[：:*\s]+$/, '');
const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function optionLabel(component: FormComponent, value: unknown): string {
  const found = component.values?.find((o) => String(o.value) === String(value));
  return found ? found.label : String(value);
}

/** A field's value as the applicant saw it chosen: option labels, 是/否, dates as typed. */
export function displayValue(component: FormComponent, value: unknown): string {
  switch (component.type) {
    case 'checkbox':
      return value === true || value === 'true' ? '是' : '否';
    case 'radio':
    case 'select':
      return optionLabel(component, value);
    case 'checklist':
    case 'taglist':
      return (Array.isArray(value) ? value : [value]).map((v) => optionLabel(component, v)).join('、');
    default:
      if (Array.isArray(value)) return value.map(String).join('、');
      if (typeof value === 'object' && value !== null) return JSON.stringify(value);
      return String(value);
  }
}

/**
 * The submission as groups of labelled rows, in the form's order: each group
 * of the form under its label, fields outside groups under 申报信息. Fields
 * left empty (hidden by a condition, optional) are left out.
 */
export function submissionGroups(schema: FormSchema | undefined, values: Record<string, unknown>, files: (key: string) => AttachmentView[]): SubmissionGroup[] {
  if (!schema) return [];
  const groups: SubmissionGroup[] = [];
  const loose: SubmissionGroup = { title: '申报信息', rows: [] };
  const collect = (components: FormComponent[], into: SubmissionRow[], scope: Record<string, unknown>) => {
    for (const c of components) {
      if (c.type === 'group' || c.type === 'dynamiclist') {
        const nested = c.path ? scope[c.path] : scope;
        if (c.type === 'dynamiclist' && Array.isArray(nested)) {
          nested.forEach((item, i) => {
            const rows: SubmissionRow[] = [];
            collect(c.components ?? [], rows, (item ?? {}) as Record<string, unknown>);
            if (rows.length) into.push({ label: `${labelOf(c)}（第${i + 1}项）`, value: rows.map((r) => `${r.label}：${r.value}`).join('\n') });
          });
          continue;
        }
        collect(c.components ?? [], into, (nested && typeof nested === 'object' ? nested : scope) as Record<string, unknown>);
        continue;
      }
      if (SKIPPED.has(c.type) || !c.key) continue;
      if (c.type === 'filepicker') {
        const list = files(c.key);
        if (list.length) into.push({ label: labelOf(c), value: '', files: list });
        continue;
      }
      const value = scope[c.key];
      if (empty(value)) continue;
      into.push({ label: labelOf(c), value: displayValue(c, value) });
    }
  };
  for (const c of schema.components) {
    if (c.type === 'group' && c.label) {
      const rows: SubmissionRow[] = [];
      collect(c.components ?? [], rows, (c.path ? (values[c.path] as Record<string, unknown>) : values) ?? {});
      if (rows.length) groups.push({ title: labelOf(c), rows });
    } else collect([c], loose.rows, values);
  }
  return loose.rows.length ? [loose, ...groups] : groups;
}

/** The fields a reviewer or applicant decided in a task (not the read-only display fields), labelled by its form. */
export function decisionRows(schema: FormSchema | undefined, result: Record<string, unknown> | null): SubmissionRow[] {
  if (!result) return [];
  const rows: SubmissionRow[] = [];
  const visit = (components: FormComponent[]) => {
    for (const c of components) {
      if (c.components) visit(c.components);
      else if (c.key && !c.readonly && !c.disabled && !SKIPPED.has(c.type) && c.type !== 'filepicker' && !empty(result[c.key])) {
        rows.push({ label: labelOf(c), value: displayValue(c, result[c.key]) });
      }
    }
  };
  if (schema) visit(schema.components);
  else for (const [key, value] of Object.entries(result)) if (!empty(value)) rows.push({ label: key, value: String(value) });
  return rows;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function taskPages(views: ViewRenderer, m: Models, services: CaseServices): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('attachmentId', idParam);

  /** The task and its case, for an account that may work it or see its case; others get 404. */
  async function visibleTask(req: Request): Promise<{ task: InboxTask; application: Application | null; mayWork: boolean }> {
    if (!req.account) throw unauthenticated();
    const task = await m.InboxTask.findByPk(Number(req.params.id));
    if (!task) throw notFound('任务');
    const application = task.applicationId ? await m.Application.findByPk(task.applicationId) : null;
    const mayWork = await services.mayWork(req, task.id);
    if (!mayWork && !(application && canViewCase(req.account, application))) throw notFound('任务');
    return { task, application, mayWork };
  }

  /** The person's photo and signature, then the case's own files, each once. */
  async function attachmentRowsOf(application: Application | null, person: Person | null): Promise<Attachment[]> {
    if (!application) return [];
    const ids = [person?.photoAttachmentId, person?.signatureAttachmentId].filter((id): id is number => typeof id === 'number');
    const own = await m.Attachment.findAll({ where: { applicationId: application.id }, order: [['id', 'ASC']] });
    const personal = ids.length ? await m.Attachment.findAll({ where: { id: ids } }) : [];
    const seen = new Set<number>();
    return [...personal, ...own].filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
  }

  /** Those files as the task page lists them, each with the task page's own download link. */
  function attachmentViews(task: InboxTask, rows: Attachment[], person: Person | null): AttachmentView[] {
    return rows.map((a) => ({
      id: a.id,
      label: a.id === person?.photoAttachmentId ? '免冠照片' : a.id === person?.signatureAttachmentId ? '手写签名' : (FILE_KIND_LABELS[a.kind] ?? a.kind),
      fileName: a.fileName,
      href: `/tasks/${task.id}/attachments/${a.id}`,
      image: /^image\//.test(a.mimeType),
      size: sizeText(a.size),
    }));
  }

  const personOf = (application: Application | null) => (application?.personId ? m.Person.findByPk(application.personId) : null);

  router.get('/tasks/:id', async (req, res) => {
    const { task, application, mayWork } = await visibleTask(req);
    const account = req.account!;
    const reviewer = account.role === 'provincial_reviewer' || account.role === 'ministry_reviewer';
    if (!mayWork && !reviewer) throw forbidden();
    const open = task.status === 'open';
    const back = reviewer ? inboxBack(req.query.back) : application ? `/applications/${application.id}` : '/';
    const now = services.inbox?.clock.now() ?? new Date();

    const person = await personOf(application);
    const [enterprise, appeals, events, rounds, attachmentRows, colleagues] = await Promise.all([
      application?.enterpriseId ? m.Enterprise.findByPk(application.enterpriseId) : null,
      application ? m.Appeal.findAll({ where: { applicationId: application.id }, order: [['createdAt', 'ASC']] }) : [],
      application ? m.ApplicationEvent.findAll({ where: { applicationId: application.id }, order: [['at', 'ASC'], ['id', 'ASC']] }) : [],
      application
        ? m.InboxTask.findAll({ where: { applicationId: application.id, status: ['completed', 'completing'] }, order: [['completedAt', 'ASC'], ['id', 'ASC']] })
        : [],
      attachmentRowsOf(application, person),
      reviewer && services.inbox ? services.inbox.actions.colleagues(account) : [],
    ]);
    const attachments = attachmentViews(task, attachmentRows, person);
    const context = application ? await caseContext(m, application) : {};
    const process = application ? services.catalog.process(`zhuce-${application.matter}-${application.profession}`) : undefined;
    const startForm = process ? services.forms.get(startFormId(process) ?? '') : undefined;
    const byKind = (key: string) => attachments.filter((a) => {
      const raw = (application?.data ?? {})[key];
      const ids = (Array.isArray(raw) ? raw : [raw]).map(Number);
      return ids.includes(a.id);
    });
    const submission = submissionGroups(startForm, context, byKind);
    const accountNames = new Map(
      (await m.Account.findAll({ where: { id: rounds.map((r) => r.completedBy).filter((id): id is number => id !== null) }, attributes: ['id', 'displayName'] })).map((a) => [a.id, a.displayName]),
    );
    const claimedByMe = task.claimedBy === account.id;
    const claimedByOther = task.claimedBy !== null && !claimedByMe;
    const schema = task.formId ? services.forms.get(task.formId) : null;

    res.send(
      views.render(req, 'task', {
        title: task.name,
        account,
        task,
        application,
        heading: application ? caseTitle(application.profession, application.matter) : null,
        facts: application
          ? [
              { label: '申报编号', value: application.number, href: `/applications/${application.id}` },
              { label: '申请人', value: person?.name ?? enterprise?.name ?? '' },
              { label: '注册专业', value: (application.specialties ?? []).map((s) => specialtyName(application.profession, s)).join('、') },
              { label: '聘用单位', value: enterprise?.name ?? '' },
              { label: '省份', value: application.province ? provinceName(application.province) : '' },
              { label: '提交时间', value: '', date: application.submittedAt },
            ].filter((f) => f.value || f.date)
          : [],
        deadline: open ? deadlineView(task.dueAt, now) : null,
        back,
        backLabel: reviewer ? '返回待办任务' : '返回申报',
        // 我的待办, 组内待办 or 已办, whichever tab the task was opened from.
        navPath: reviewer ? back.split('?')[0] : undefined,
        reviewer,
        open,
        mayDecide: open && mayWork && !claimedByOther,
        claimedByMe,
        claimedByOther,
        mayClaim: open && mayWork && reviewer && task.claimedBy === null,
        colleagues: open && colleagues.length ? colleagues.map((c) => ({ id: c.id, name: c.displayName, current: c.id === task.claimedBy })) : [],
        submission,
        attachments,
        anomalies: appeals.map((a) => ({
          kind: a.kind,
          reason: a.reason,
          status: a.status,
          statement: a.statement,
          respondedAt: a.respondedAt,
        })),
        rounds: rounds
          .filter((r) => r.id !== task.id)
          .map((r) => ({
            name: r.name,
            completedAt: r.completedAt,
            by: r.completedBy ? (accountNames.get(r.completedBy) ?? '') : '',
            rows: decisionRows(r.formId ? services.forms.get(r.formId) : undefined, r.result),
          })),
        events,
        formSchema: scriptJson(schema),
        formData: scriptJson({ ...context, ...(task.variables ?? {}) }),
        formAction: reviewer ? `/tasks/${task.id}?back=${encodeURIComponent(back)}` : `/tasks/${task.id}`,
      }),
    );
  });

  // A file of the task's case (or the applicant's photo and signature), for whoever may see the task.
  router.get('/tasks/:id/attachments/:attachmentId', async (req, res) => {
    const { application } = await visibleTask(req);
    const rows = await attachmentRowsOf(application, await personOf(application));
    await sendAttachment(m, res, rows.find((a) => a.id === Number(req.params.attachmentId)) ?? null);
  });

  return router;
}
