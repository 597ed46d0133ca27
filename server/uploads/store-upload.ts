/**
 * Stores an uploaded file as an attachment of the uploading account: bytes
 * once per content hash, the type judged from the bytes. Images for the
 * photo, signature and correction fields are held to rule 5 at once, so the
 * page can say what is wrong before the form is submitted; the start of a
 * case checks them again.
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { Account } from '../db/models/account.js';
import type { Attachment } from '../db/models/attachment.js';
import type { Models } from '../db/models/index.js';
import { HttpError } from '../http/errors.js';
import { FieldError } from '../validation/field-error.js';
import { validateImageUpload } from '../validation/image-upload.js';
import { imageKindOf } from '../applications/uploads.js';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

function sniff(bytes: Buffer): { mimeType: string; ext: string } | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { mimeType: 'application/pdf', ext: 'pdf' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mimeType: 'image/jpeg', ext: 'jpg' };
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mimeType: 'image/png', ext: 'png' };
  return null;
}

export interface StoredUpload {
  attachment: Attachment;
  warnings: string[];
}

export async function storeUpload(
  deps: { models: Models; sequelize: Sequelize },
  account: Account,
  file: { originalname: string; buffer: Buffer },
  field: string,
  fieldLabel = '附件',
): Promise<StoredUpload> {
  const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
  if (file.buffer.length === 0) throw new HttpError(422, `${fieldLabel}：文件为空`, fieldLabel);
  if (file.buffer.length > MAX_UPLOAD_BYTES) throw new HttpError(413, `${fieldLabel}：文件不能超过5MB`, fieldLabel);
  const type = sniff(file.buffer);
  if (!type) throw new HttpError(422, `${fieldLabel}：只能上传jpg、jpeg、png图片或pdf文件`, fieldLabel);
  let width: number | null = null;
  let height: number | null = null;
  const warnings: string[] = [];
  const imageKind = imageKindOf(field);
  if (imageKind) {
    const result = validateImageUpload(new Uint8Array(file.buffer), name, imageKind, { field: fieldLabel });
    if (result instanceof FieldError) throw new HttpError(422, result.message, result.field);
    width = result.width;
    height = result.height;
    warnings.push(...result.warnings);
  }
  const sha256 = crypto.createHash('sha256').update(file.buffer).digest('hex');
  const attachment = await deps.sequelize.transaction(async (transaction) => {
    await deps.models.AttachmentContent.findOrCreate({ where: { sha256 }, defaults: { sha256, content: file.buffer }, transaction });
    return deps.models.Attachment.create(
      {
        kind: 'upload',
        fileName: name.slice(0, 255),
        mimeType: type.mimeType,
        size: file.buffer.length,
        sha256,
        width,
        height,
        personId: account.personId,
        enterpriseId: account.enterpriseId,
        applicationId: null,
        uploadedBy: account.id,
      },
      { transaction },
    );
  });
  return { attachment, warnings };
}
