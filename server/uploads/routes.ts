import { Router } from 'express';
import multer from 'multer';
import type { Sequelize } from 'sequelize';
import type { Models } from '../db/models/index.js';
import { HttpError, unauthenticated } from '../http/errors.js';
import { MAX_UPLOAD_BYTES, storeUpload } from './store-upload.js';

/** POST /uploads (multipart: `file`, `field`, optional `label`) → { id, fileName, size, warnings }. */
export function uploadRoutes(deps: { models: Models; sequelize: Sequelize }): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1 } });
  router.post('/uploads', (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      if (err) {
        const tooLarge = (err as { code?: string }).code === 'LIMIT_FILE_SIZE';
        next(new HttpError(tooLarge ? 413 : 422, tooLarge ? '文件不能超过5MB' : '上传失败：请选择一个文件'));
        return;
      }
      next();
    });
  });
  router.post('/uploads', async (req, res) => {
    if (!req.account) throw unauthenticated();
    const file = (req as unknown as { file?: { originalname: string; buffer: Buffer } }).file;
    if (!file) throw new HttpError(422, '请选择要上传的文件');
    const field = String(req.body?.field ?? '');
    const label = String(req.body?.label ?? '') || '附件';
    const { attachment, warnings } = await storeUpload(deps, req.account, file, field, label);
    res.status(201).json({ id: attachment.id, fileName: attachment.fileName, size: attachment.size, warnings });
  });
  return router;
}
