/**
 * Files named in a form. The page uploads each file first (an Attachment with
 * its bytes in attachment_contents) and puts the attachment id into the form's
 * filepicker field: a number, or a list of numbers for several files. Here the
 * ids are checked — known, uploaded by this account (or on file for this
 * person or enterprise), not used by another case — and images are judged
 * from their bytes (rule 5: jpg/jpeg/png, at most 500 KB; corrections 200–500
 * KB). Binding makes each file an attachment of the case whose kind is the
 * field's key, which is where the workers look for it (uploadsOf).
 */
import type { Transaction } from 'sequelize';
import type { Attachment } from '../db/models/attachment.js';
import type { Models } from '../db/models/index.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import { FieldError } from '../validation/field-error.js';
import { validateImageUpload, type ImageUploadKind } from '../validation/image-upload.js';
import { conflict, invalid, notYours } from './refusal.js';

/** Fields whose files must be images, and the rule they follow (a Map: field names come from requests, `constructor` included). */
const IMAGE_FIELDS = new Map<string, ImageUploadKind>([
  ['photo', 'photo'],
  ['signature', 'signature'],
  ['correctionFiles', 'correction'],
]);

export const imageKindOf = (field: string): ImageUploadKind | undefined => IMAGE_FIELDS.get(field);

export interface FileField {
  key: string;
  label: string;
}

export interface Upload {
  field: string;
  attachment: Attachment;
  /** The kind the file had before it was bound, to give it back when the case is not created after all. */
  previousKind: string;
}

export interface Uploader {
  accountId: number;
  personId?: number | null;
  enterpriseId?: number | null;
}

const labelOf = (c: FormComponent) => (c.label || c.key || '附件').replace(/[：:*\s]+$/, '');

/** The filepicker fields of a form, wherever they sit. */
export function fileFields(schema: FormSchema): FileField[] {
  const found: FileField[] = [];
  const visit = (components: FormComponent[]) => {
    for (const c of components) {
      if (c.components) visit(c.components);
      else if (c.type === 'filepicker' && c.key) found.push({ key: c.key, label: labelOf(c) });
    }
  };
  visit(schema.components);
  return found;
}

/** The attachment ids a filepicker value names; null when it is not a list of ids. */
export function attachmentIds(value: unknown): number[] | null {
  const list = Array.isArray(value) ? value : [value];
  const ids = list.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN));
  return ids.every((id) => Number.isInteger(id) && id > 0) ? [...new Set(ids)] : null;
}

export class UploadChecks {
  constructor(private readonly deps: { models: Models }) {}

  /**
   * Checks the files of the visible file fields (those present in `values`).
   * Returns the uploads to bind and the warnings (an image not at the
   * recommended size); refuses the first file that fails.
   */
  async check(uploader: Uploader, fields: FileField[], values: Record<string, unknown>, rule?: number, ownApplicationId?: number): Promise<{ uploads: Upload[]; warnings: string[] }> {
    const uploads: Upload[] = [];
    const warnings: string[] = [];
    for (const field of fields) {
      const value = values[field.key];
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      const ids = attachmentIds(value);
      if (!ids) throw invalid(`${field.label}：请上传文件后再提交`, rule, field.label);
      for (const id of ids) {
        const attachment = await this.deps.models.Attachment.findByPk(id);
        if (!attachment) throw invalid(`${field.label}：上传的文件不存在，请重新上传`, rule, field.label);
        const own =
          attachment.uploadedBy === uploader.accountId ||
          (uploader.personId != null && attachment.personId === uploader.personId) ||
          (uploader.enterpriseId != null && attachment.enterpriseId === uploader.enterpriseId);
        if (!own) throw notYours(`${field.label}：该文件不是当前账号上传的，不能用于本次申报`);
        if (attachment.applicationId !== null && attachment.applicationId !== ownApplicationId) {
          throw conflict(`${field.label}：该文件已用于其他申报，请重新上传`, rule, field.label);
        }
        const kind = IMAGE_FIELDS.get(field.key);
        if (kind) {
          const content = await this.deps.models.AttachmentContent.findByPk(attachment.sha256);
          const result = validateImageUpload(content ? new Uint8Array(content.content) : new Uint8Array(), attachment.fileName, kind, { field: field.label });
          if (result instanceof FieldError) throw invalid(result.message, 5, field.label);
          warnings.push(...result.warnings);
        }
        uploads.push({ field: field.key, attachment, previousKind: attachment.kind });
      }
    }
    return { uploads, warnings };
  }

  /** Makes the files attachments of the case, each under its field's key. */
  async bind(uploads: Upload[], applicationId: number, transaction: Transaction): Promise<void> {
    for (const { field, attachment } of uploads) {
      await this.deps.models.Attachment.update({ kind: field, applicationId }, { where: { id: attachment.id }, transaction });
    }
  }

  async unbind(uploads: Upload[], transaction: Transaction): Promise<void> {
    for (const { attachment, previousKind } of uploads) {
      await this.deps.models.Attachment.update({ kind: previousKind, applicationId: null }, { where: { id: attachment.id }, transaction });
    }
  }
}
