/**
 * The files of a case for whoever may see the case: what the form's
 * filepickers hold (the application's own uploads, the ids its submission
 * names) and the person's photo and signature. The read-only form on the
 * case page shows them as images and links.
 */
import { Router, type Response } from 'express';
import { canViewCase } from '../cases/access.js';
import type { Attachment } from '../db/models/attachment.js';
import type { Models } from '../db/models/index.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { idParam } from '../http/ids.js';

/** Attachment ids a submission names: a filepicker's value is one id or a list of them. */
export function attachmentIdsOf(data: Record<string, unknown> | null | undefined): Set<number> {
  const ids = new Set<number>();
  for (const value of Object.values(data ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'number' && Number.isInteger(item)) ids.add(item);
  }
  return ids;
}

/** Sends a stored file the caller was allowed to see (null: 404). */
export async function sendAttachment(m: Models, res: Response, row: Attachment | null): Promise<void> {
  const content = row ? await m.AttachmentContent.findByPk(row.sha256) : null;
  if (!row || !content) throw notFound('附件');
  // Only images and PDF open in the page; anything else downloads, so an uploaded page can never run here.
  const inline = ['image/png', 'image/jpeg', 'application/pdf'].includes(row.mimeType);
  res.type(inline ? row.mimeType : 'application/octet-stream');
  res.setHeader('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
  res.setHeader('x-content-type-options', 'nosniff');
  res.send(Buffer.from(content.content));
}

export function caseAttachmentRoutes(m: Models): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('attachmentId', idParam);

  router.get('/applications/:id/attachments/:attachmentId', async (req, res) => {
    if (!req.account) throw unauthenticated();
    const application = await m.Application.findByPk(Number(req.params.id));
    if (!application || !canViewCase(req.account, application)) throw notFound('申报');
    const row = await m.Attachment.findByPk(Number(req.params.attachmentId));
    const person = application.personId ? await m.Person.findByPk(application.personId) : null;
    const belongs =
      row !== null &&
      (row.applicationId === application.id ||
        (row.personId !== null && row.personId === application.personId && attachmentIdsOf(application.data).has(row.id)) ||
        row.id === person?.photoAttachmentId ||
        row.id === person?.signatureAttachmentId);
    await sendAttachment(m, res, row && belongs ? row : null);
  });

  return router;
}
