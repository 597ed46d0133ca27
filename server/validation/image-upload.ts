/**
 * Photo, signature and correction uploads (SPEC rule 5, seed 000 §2.2 and §3.1.3).
 *
 * The type comes from the bytes (image-size), never from the name, and the
 * name's extension must agree with it. Sizes are refusals: the manuals say
 * "图像不大于500KB" and "附件大小应控制在200KB-500KB以内". The pixel sizes are
 * only recommended ("推荐尺寸413px*295px"), so a different size is a warning.
 *
 * The manuals write the recommended sizes height*width: a one-inch photo is
 * portrait (295 wide, 413 high at 300 dpi) and the signature is written
 * horizontally (seed 000: "文字横向"; seed 003: "从左往右横版书写"), so 405 wide
 * and 162 high.
 */
import { imageSize } from 'image-size';
import { FieldError, type Validated } from './field-error.js';

export type ImageUploadKind = 'photo' | 'signature' | 'correction';
export type ImageType = 'jpg' | 'png';

const KB = 1024;

export interface ImageUploadRule {
  /** Default field label. */
  readonly field: string;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly recommended?: { readonly width: number; readonly height: number; readonly asPrinted: string };
}

export const IMAGE_UPLOAD_RULES: Readonly<Record<ImageUploadKind, ImageUploadRule>> = {
  photo: { field: '一寸照片', minBytes: 1, maxBytes: 500 * KB, recommended: { width: 295, height: 413, asPrinted: '413px*295px' } },
  signature: { field: '手写签名', minBytes: 1, maxBytes: 500 * KB, recommended: { width: 405, height: 162, asPrinted: '162px*405px' } },
  correction: { field: '补正图片', minBytes: 200 * KB, maxBytes: 500 * KB },
};

export interface ImageUploadInfo {
  type: ImageType;
  mimeType: 'image/jpeg' | 'image/png';
  /** Display width and height in pixels (an EXIF rotation by 90° swaps them). */
  width: number;
  height: number;
  bytes: number;
  /** Accepted, but worth telling the uploader (e.g. not the recommended size). */
  warnings: string[];
}

const EXTENSION_TYPES: Readonly<Record<string, ImageType>> = { jpg: 'jpg', jpeg: 'jpg', png: 'png' };
const MIME_TYPES: Readonly<Record<ImageType, ImageUploadInfo['mimeType']>> = { jpg: 'image/jpeg', png: 'image/png' };

/** Rounded away from the limit it broke, so 500KB + 1 byte never reads as "500KB". */
const kilobytes = (bytes: number, tooLarge: boolean) => `${(tooLarge ? Math.ceil : Math.floor)(bytes / KB)}KB`;

function detect(bytes: Uint8Array): { type: ImageType; width: number; height: number } | null {
  try {
    const size = imageSize(bytes);
    if ((size.type !== 'jpg' && size.type !== 'png') || !(size.width > 0) || !(size.height > 0)) return null;
    const rotated = size.orientation !== undefined && size.orientation >= 5;
    return { type: size.type, width: rotated ? size.height : size.width, height: rotated ? size.width : size.height };
  } catch {
    // image-size throws on unknown or truncated content: that is a refusal, not a fault.
    return null;
  }
}

export function validateImageUpload(
  bytes: Uint8Array,
  fileName: string,
  kind: ImageUploadKind,
  options: { field?: string } = {},
): Validated<ImageUploadInfo> {
  const rule = IMAGE_UPLOAD_RULES[kind];
  const field = options.field ?? rule.field;
  if (bytes.length === 0) return new FieldError(field, `${field}不能为空`);

  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  // Own keys only: a name ending in .constructor or .__proto__ must not find Object.prototype's.
  const declared = Object.hasOwn(EXTENSION_TYPES, extension) ? EXTENSION_TYPES[extension] : undefined;
  if (!declared) return new FieldError(field, `${field}格式应为jpg、jpeg或png`);

  const image = detect(bytes);
  if (!image) return new FieldError(field, `${field}文件内容不是jpg、jpeg或png图片`);
  if (image.type !== declared) {
    return new FieldError(field, `${field}文件扩展名.${extension}与实际格式${image.type}不符`);
  }

  const tooLarge = bytes.length > rule.maxBytes;
  if (tooLarge || bytes.length < rule.minBytes) {
    const current = kilobytes(bytes.length, tooLarge);
    const message =
      rule.minBytes > 1
        ? `${field}大小应在${rule.minBytes / KB}KB~${rule.maxBytes / KB}KB之间，当前为${current}`
        : `${field}不能大于${rule.maxBytes / KB}KB，当前为${current}`;
    return new FieldError(field, message);
  }

  const warnings: string[] = [];
  const recommended = rule.recommended;
  if (recommended && (image.width !== recommended.width || image.height !== recommended.height)) {
    warnings.push(
      `${field}推荐尺寸为${recommended.asPrinted}（宽${recommended.width}px、高${recommended.height}px），` +
        `当前为宽${image.width}px、高${image.height}px`,
    );
  }

  return { type: image.type, mimeType: MIME_TYPES[image.type], width: image.width, height: image.height, bytes: bytes.length, warnings };
}
