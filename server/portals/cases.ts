/**
 * The pages of one case, for everyone who may see it: the case (data,
 * 审核进度, documents, the process with its position), a task's form, the
 * documents' downloads (the public verification page is portals/verify.ts).
 */
import { Router, type Request } from 'express';

import { STAFF_ROLES } from '../admin/accounts.js';
import { applicationModels } from '../applications/models.js';
import { WITHDRAWABLE_STATUSES } from '../applications/statuses.js';
import { canViewCase } from '../cases/access.js';
import { caseContext } from '../cases/form-context.js';
import { caseProgress } from '../cases/progress.js';
import type { Models } from '../db/models/index.js';
import { caseTitle, specialtyName } from '../domain/labels.js';
import type { DocumentService } from '../documents/document-service.js';
import { startFormId, type ProcessCatalog } from '../engine/process-catalog.js';
import type { FormRegistry } from '../forms/registry.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { idParam } from '../http/ids.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import type { InboxServices } from '../inbox/services.js';
import { diagramUrl } from './diagrams.js';

export interface CaseServices {
  catalog: ProcessCatalog;
  forms: FormRegistry;
  documents: DocumentService;
  /** Completes a task as the account; refusals are HttpErrors. */
  submitTask(req: Request, taskId: number, submission: Record<string, unknown>): Promise<{ redirect: string }>;
  /** Whether the account may work the task. */
  mayWork(req: Request, taskId: number): Promise<boolean>;
  /** The reviewer inbox: query, claims, 批量受理, saved filters. */
  inbox?: InboxServices;
}

export function casePages(views: ViewRenderer, m: Models, services: CaseServices): Router {
  const router = Router();
  router.param('id', idParam);

  // A case, task or document the account may not see answers as if it did not exist: the answer tells nothing about others' records.
  async function visibleCase(req: Request, id: unknown) {
    if (!req.account) throw unauthenticated();
    const application = await m.Application.findByPk(Number(id));
    if (!application || !canViewCase(req.account, application)) throw notFound('申报');
    return application;
  }

  router.get('/applications/:id', async (req, res) => {
    const application = await visibleCase(req, req.params.id);
    const [events, documents, tasks, person, enterprise, appeals] = await Promise.all([
      m.ApplicationEvent.findAll({ where: { applicationId: application.id }, order: [['at', 'ASC'], ['id', 'ASC']] }),
      m.Document.findAll({ where: { applicationId: application.id }, order: [['createdAt', 'ASC']] }),
      m.InboxTask.findAll({ where: { applicationId: application.id }, order: [['createdAt', 'ASC']] }),
      application.personId ? m.Person.findByPk(application.personId) : null,
      application.enterpriseId ? m.Enterprise.findByPk(application.enterpriseId) : null,
      m.Appeal.findAll({ where: { applicationId: application.id }, order: [['createdAt', 'ASC']] }),
    ]);
    // The 公告 that listed the case is one of its documents too (its PDF: portals/announcement-documents.ts).
    const listed = await applicationModels.AnnouncementItem.findOne({ where: { applicationId: application.id } });
    const announcement = listed ? await applicationModels.Announcement.findByPk(listed.announcementId) : null;
    const caseDocuments: Array<Record<string, unknown>> = documents.map((d) => d.get({ plain: true }));
    if (announcement) {
      caseDocuments.push({ kind: '公告', number: announcement.number, createdAt: announcement.publishedAt, href: `/announcements/${announcement.id}/document` });
    }
    const processId = `zhuce-${application.matter}-${application.profession}`;
    const process = services.catalog.process(processId);
    const formId = process && startFormId(process);
    const open = tasks.filter((t) => t.status === 'open');
    const workable = [];
    for (const t of open) if (await services.mayWork(req, t.id)) workable.push(t);
    res.send(
      views.render(req, 'case', {
        title: `申报 ${application.number}`,
        account: req.account,
        mayWithdraw: req.account!.role === 'applicant' && WITHDRAWABLE_STATUSES.includes(application.status),
        application,
        heading: caseTitle(application.profession, application.matter),
        specialties: (application.specialties ?? []).map((s) => specialtyName(application.profession, s)).join('、'),
        person,
        enterprise,
        events,
        documents: caseDocuments,
        appeals,
        openTasks: open,
        // 办理进度: the chain's steps, done and to come with their expected days (cases/progress.ts).
        progress: caseProgress(application, events, open),
        workable,
        formSchema: formId ? scriptJson(services.forms.get(formId)) : null,
        formData: scriptJson(await caseContext(m, application)),
        // People outside the authority follow the step bar; the technical model is for staff.
        diagramUrl: process && STAFF_ROLES.includes(req.account!.role) ? diagramUrl(process) : undefined,
        diagramMarks: scriptJson({
          active: open.map((t) => t.elementId),
          done: tasks.filter((t) => t.status === 'completed').map((t) => t.elementId),
        }),
      }),
    );
  });

  // GET /tasks/:id, the task page with the whole case beside the form: portals/task-page.ts.

  router.post('/tasks/:id', async (req, res) => {
    const result = await services.submitTask(req, Number(req.params.id), (req.body ?? {}) as Record<string, unknown>);
    res.json(result);
  });

  router.get('/documents/:id/download', async (req, res) => {
    if (!req.account) throw unauthenticated();
    const document = await m.Document.findByPk(Number(req.params.id));
    if (!document) throw notFound('文书');
    const application = document.applicationId ? await m.Application.findByPk(document.applicationId) : null;
    const allowed = application
      ? canViewCase(req.account, application)
      : ['ministry_reviewer', 'admin', 'analyst'].includes(req.account.role) || (document.personId !== null && document.personId === req.account.personId);
    if (!allowed) throw notFound('文书');
    res.type('application/pdf');
    res.setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    res.send(await services.documents.content(document));
  });

  // /verify and /verify/:code: portals/verify.ts.

  return router;
}

