import { Router } from 'express';
import multer from 'multer';
import type { Sequelize } from 'sequelize';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { fileFields } from '../applications/uploads.js';
import type { Role } from '../db/models/account.js';
import type { Models } from '../db/models/index.js';
import type { FormRegistry } from '../forms/registry.js';
import { forbidden, HttpError, TooManyRequests, unauthenticated } from '../http/errors.js';
import { blockedFor, count, createRateLimiter, minutesOf } from '../security/rate-limits.js';
import { MAX_UPLOAD_BYTES, storeUpload } from './store-upload.js';

/** Only applicants and employers fill forms with files (start forms, 补正); reviewers' forms have none. */
const UPLOADING_ROLES: readonly Role[] = ['applicant', 'employer'];
/** Uploads per account within 10 minutes: a filing has a handful of files, a 补正 a few more. */
const UPLOADS_PER_WINDOW = 60;
const UPLOAD_WINDOW_SECONDS = 600;

/** The file fields of all deployed forms, by key (a Map: a field named `constructor` is no lookup into a prototype). */
function uploadFields(forms: FormRegistry): Map<string, string> {
  const fields = new Map<string, string>();
  for (const id of forms.ids()) for (const field of fileFields(forms.get(id)!)) fields.set(field.key, field.label);
  return fields;
}

function refusalOf(err: unknown): HttpError {
  const code = (err as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') return new HttpError(413, '文件不能超过5MB', '附件');
  if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE') return new HttpError(400, '上传失败：每次只能上传一个文件，字段名为 file', '附件');
  return new HttpError(400, '上传失败：请求不是有效的文件上传（multipart/form-data）', '附件');
}

/** POST /uploads (multipart: `file`, `field`, optional `label`) → { id, fileName, size, warnings }. */
export function uploadRoutes(deps: { models: Models; sequelize: Sequelize; forms: FormRegistry }): Router {
  const router = Router();
  const fields = uploadFields(deps.forms);
  const limiter: RateLimiterAbstract = createRateLimiter(deps.sequelize, { keyPrefix: 'upload', points: UPLOADS_PER_WINDOW, duration: UPLOAD_WINDOW_SECONDS });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });

  // Who may upload and how often is settled before the body (up to 5 MB) is read.
  router.post('/uploads', async (req, _res, next) => {
    const account = req.account;
    if (!account) throw unauthenticated();
    if (!UPLOADING_ROLES.includes(account.role)) throw forbidden();
    const key = String(account.id);
    const wait = await blockedFor(limiter, key);
    if (wait > 0) throw new TooManyRequests(`上传过于频繁，请${minutesOf(wait)}分钟后再试`, Math.ceil(wait / 1000), '附件');
    await count(limiter, key);
    next();
  });
  router.post('/uploads', (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => next(err ? refusalOf(err) : undefined));
  });
  router.post('/uploads', async (req, res) => {
    const field = String(req.body?.field ?? '');
    const fieldLabel = fields.get(field);
    if (fieldLabel === undefined) throw new HttpError(422, '上传失败：表单中没有这个附件栏目', '附件');
    const file = (req as unknown as { file?: { originalname: string; buffer: Buffer } }).file;
    if (!file) throw new HttpError(422, `${fieldLabel}：请选择要上传的文件`, fieldLabel);
    const { attachment, warnings } = await storeUpload(deps, req.account!, file, field, fieldLabel);
    res.status(201).json({ id: attachment.id, fileName: attachment.fileName, size: attachment.size, warnings });
  });
  return router;
}
