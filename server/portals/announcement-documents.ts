/**
 * The 公告 PDF of a published announcement, for whoever may see a case it
 * lists (canViewCase): the ministry reviewers of its profession, a province's
 * reviewers where it lists a case of theirs, the administrator and the
 * analyst, and the applicants and employers of its cases; anyone else gets 404. Rendered once
 * (documents/announcement-document.ts); if publishing could not render it,
 * the first download does.
 */
import { Router } from 'express';
import { applicationModels } from '../applications/models.js';
import type { Models } from '../db/models/index.js';
import { announcementDocument } from '../documents/announcement-document.js';
import type { DocumentService } from '../documents/document-service.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { idParam } from '../http/ids.js';

export function announcementDocumentRoutes(models: Models, documents: DocumentService): Router {
  const router = Router();
  router.param('id', idParam);

  router.get('/announcements/:id/document', async (req, res) => {
    const account = req.account;
    if (!account) throw unauthenticated();
    const announcement = await applicationModels.Announcement.findByPk(Number(req.params.id));
    if (!announcement) throw notFound('公告');
    const ids = announcement.items.map((i) => i.applicationId);
    let allowed = false;
    if (account.role === 'admin' || account.role === 'analyst') allowed = true;
    else if (account.role === 'ministry_reviewer') {
      allowed = !account.professions?.length || account.professions.includes(announcement.profession);
    } else if (account.role === 'provincial_reviewer' && account.province) {
      // A province sees the announcements that list a case of its own, as it sees those cases.
      const inProfession = !account.professions?.length || account.professions.includes(announcement.profession);
      allowed = inProfession && (await models.Application.count({ where: { id: ids, province: account.province } })) > 0;
    } else if (account.role === 'applicant' && account.personId) {
      allowed = (await models.Application.count({ where: { id: ids, personId: account.personId } })) > 0;
    } else if (account.role === 'employer' && account.enterpriseId) {
      allowed = (await models.Application.count({ where: { id: ids, enterpriseId: account.enterpriseId } })) > 0;
    }
    if (!allowed) throw notFound('公告');
    const document = await announcementDocument({ models, own: applicationModels, documents }, announcement.id);
    if (!document) throw notFound('公告');
    res.type('application/pdf');
    res.setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    res.send(await documents.content(document));
  });
  return router;
}
