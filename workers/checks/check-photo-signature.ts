/**
 * 核查照片和签名 (rule 5): a photo and a signature are there — on file in the
 * profile (`source = profile`) or uploaded with this request (`source =
 * request`) — and each is a jpg/jpeg/png judged from its bytes, at most 500 KB.
 */
import { complete } from '../../server/engine/port.js';
import type { Attachment } from '../../server/db/models/attachment.js';
import { FieldError } from '../../server/validation/field-error.js';
import { IMAGE_UPLOAD_RULES, validateImageUpload } from '../../server/validation/image-upload.js';
import { applicationOf, type JobWorker, type WorkerDeps } from '../worker.js';
import { applicantOf, uploadsOf } from './case-facts.js';
import { refuse } from './refusal.js';

type Source = 'profile' | 'request';
const IMAGES = ['photo', 'signature'] as const;

async function bytesOf(attachment: Attachment | null, deps: WorkerDeps): Promise<Buffer | null> {
  if (!attachment) return null;
  const content = await deps.models.AttachmentContent.findByPk(attachment.sha256);
  return content ? Buffer.from(content.content) : null;
}

export const checkPhotoSignature: JobWorker = {
  type: 'zhuce.check-photo-signature',
  async handle(job, deps) {
    const source = job.customHeaders.source as Source;
    if (source !== 'profile' && source !== 'request') throw new Error(`zhuce.check-photo-signature: unknown source header "${String(source)}"`);
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);

    const onFile = { photo: person.photoAttachmentId, signature: person.signatureAttachmentId };
    const attachmentOf = async (kind: (typeof IMAGES)[number]) => {
      if (source === 'request') return (await uploadsOf(application, kind, deps))[0] ?? null;
      const id = onFile[kind];
      return id ? deps.models.Attachment.findByPk(id) : null;
    };
    const files = await Promise.all(
      IMAGES.map(async (kind) => {
        const attachment = await attachmentOf(kind);
        return { kind, attachment, bytes: await bytesOf(attachment, deps) };
      }),
    );

    const missing = files.filter((f) => !f.bytes).map((f) => IMAGE_UPLOAD_RULES[f.kind].field);
    if (missing.length > 0) {
      const names = missing.join('和');
      return refuse(
        'PHOTO_SIGNATURE_MISSING',
        source === 'profile'
          ? `个人信息中没有${names}：每项申报均须有一寸照片和手写签名在档，请先在“个人信息”中上传`
          : `本次申请未上传${names}：修改免冠照及手写签名须同时上传一寸照片和手写签名`,
      );
    }

    for (const { kind, attachment, bytes } of files) {
      const result = validateImageUpload(bytes!, attachment!.fileName, kind);
      if (result instanceof FieldError) {
        const where = source === 'profile' ? '个人信息中的' : '本次上传的';
        return refuse('PHOTO_SIGNATURE_INVALID', `${where}${result.message}（照片和签名须为jpg、jpeg或png图片，不大于500KB）`);
      }
    }
    return complete();
  },
};
