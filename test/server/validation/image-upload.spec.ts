import assert from 'node:assert/strict';
import { FieldError } from '../../../server/validation/field-error.js';
import { IMAGE_UPLOAD_RULES, validateImageUpload } from '../../../server/validation/image-upload.js';
import { gif, jpeg, png } from './images.js';

const KB = 1024;

function refusal(result: unknown): { field: string; message: string } {
  assert.ok(result instanceof FieldError, `expected a refusal, got ${JSON.stringify(result)}`);
  return { field: result.field, message: result.message };
}

function accepted<T>(result: T | FieldError): T {
  assert.ok(!(result instanceof FieldError), `expected acceptance, got ${String(result)}`);
  return result;
}

describe('image upload validation', () => {
  describe('accepts jpg, jpeg and png by their bytes', () => {
    it('a PNG photo of the recommended 295×413 px, without warnings', () => {
      // when
      const result = accepted(validateImageUpload(png(295, 413), '照片.png', 'photo'));

      // then
      assert.equal(result.type, 'png');
      assert.equal(result.mimeType, 'image/png');
      assert.equal(result.width, 295);
      assert.equal(result.height, 413);
      assert.deepEqual(result.warnings, []);
    });

    it('a JPEG signature of the recommended 405×162 px named .jpeg, without warnings', () => {
      // when
      const bytes = jpeg(405, 162);
      const result = accepted(validateImageUpload(bytes, 'signature.jpeg', 'signature'));

      // then
      assert.deepEqual(result, { type: 'jpg', mimeType: 'image/jpeg', width: 405, height: 162, bytes: bytes.length, warnings: [] });
    });

    it('an upper-case extension', () => {
      assert.equal(accepted(validateImageUpload(jpeg(295, 413), 'IMG_0001.JPG', 'photo')).type, 'jpg');
    });

    it('a photo of exactly 500KB', () => {
      assert.equal(accepted(validateImageUpload(png(295, 413, 500 * KB), 'a.png', 'photo')).bytes, 500 * KB);
    });

    it('correction images of exactly 200KB, 300KB and 500KB', () => {
      for (const size of [200 * KB, 300 * KB, 500 * KB]) {
        assert.equal(accepted(validateImageUpload(jpeg(800, 600, { totalBytes: size }), '11.jpg', 'correction')).bytes, size);
      }
    });
  });

  describe('warns about a pixel size other than the recommended one', () => {
    it('photo', () => {
      // when
      const result = accepted(validateImageUpload(jpeg(600, 800), 'photo.jpg', 'photo'));

      // then
      assert.deepEqual(result.warnings, ['一寸照片推荐尺寸为413px*295px（宽295px、高413px），当前为宽600px、高800px']);
    });

    it('photo given the right size the wrong way round', () => {
      // when
      const result = accepted(validateImageUpload(png(413, 295), 'photo.png', 'photo'));

      // then
      assert.deepEqual(result.warnings, ['一寸照片推荐尺寸为413px*295px（宽295px、高413px），当前为宽413px、高295px']);
    });

    it('signature', () => {
      // when
      const result = accepted(validateImageUpload(png(162, 405), 'sign.png', 'signature'));

      // then
      assert.deepEqual(result.warnings, ['手写签名推荐尺寸为162px*405px（宽405px、高162px），当前为宽162px、高405px']);
    });

    it('not for correction images, which have no recommended size', () => {
      assert.deepEqual(accepted(validateImageUpload(png(10, 10, 250 * KB), 'c.png', 'correction')).warnings, []);
    });
  });

  it('reports the displayed size of a JPEG rotated by EXIF', () => {
    // given a 413×295 JPEG whose EXIF says "rotate 90°"
    const bytes = jpeg(413, 295, { orientation: 6 });

    // when
    const result = accepted(validateImageUpload(bytes, 'phone.jpg', 'photo'));

    // then
    assert.equal(result.width, 295);
    assert.equal(result.height, 413);
    assert.deepEqual(result.warnings, []);
  });

  describe('refuses with the rule broken', () => {
    const cases: Array<[string, () => Buffer, string, 'photo' | 'signature' | 'correction', string, string]> = [
      ['empty file', () => Buffer.alloc(0), 'photo.jpg', 'photo', '一寸照片', '一寸照片不能为空'],
      ['gif extension', () => png(295, 413), 'photo.gif', 'photo', '一寸照片', '一寸照片格式应为jpg、jpeg或png'],
      ['bmp extension', () => png(295, 413), 'photo.bmp', 'photo', '一寸照片', '一寸照片格式应为jpg、jpeg或png'],
      ['no extension', () => png(295, 413), 'photo', 'photo', '一寸照片', '一寸照片格式应为jpg、jpeg或png'],
      ['extension only in a folder name', () => png(295, 413), 'photos.png/photo', 'photo', '一寸照片', '一寸照片格式应为jpg、jpeg或png'],
      ['GIF bytes named .jpg', () => gif(295, 413), 'photo.jpg', 'photo', '一寸照片', '一寸照片文件内容不是jpg、jpeg或png图片'],
      ['text named .png', () => Buffer.from('这不是图片'), 'sign.png', 'signature', '手写签名', '手写签名文件内容不是jpg、jpeg或png图片'],
      ['a PDF named .jpg', () => Buffer.from('%PDF-1.7\n'), 'scan.jpg', 'correction', '补正图片', '补正图片文件内容不是jpg、jpeg或png图片'],
      ['truncated PNG', () => png(295, 413).subarray(0, 12), 'photo.png', 'photo', '一寸照片', '一寸照片文件内容不是jpg、jpeg或png图片'],
      ['JPEG start without a frame', () => Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'photo.jpg', 'photo', '一寸照片', '一寸照片文件内容不是jpg、jpeg或png图片'],
      ['JPEG bytes named .png', () => jpeg(295, 413), 'photo.png', 'photo', '一寸照片', '一寸照片文件扩展名.png与实际格式jpg不符'],
      ['PNG bytes named .jpg', () => png(405, 162), 'sign.jpg', 'signature', '手写签名', '手写签名文件扩展名.jpg与实际格式png不符'],
      ['PNG bytes named .jpeg', () => png(405, 162), 'sign.jpeg', 'signature', '手写签名', '手写签名文件扩展名.jpeg与实际格式png不符'],
      ['photo 500KB + 1 byte', () => png(295, 413, 500 * KB + 1), 'photo.png', 'photo', '一寸照片', '一寸照片不能大于500KB，当前为501KB'],
      ['signature of 800KB', () => jpeg(405, 162, { totalBytes: 800 * KB }), 'sign.jpg', 'signature', '手写签名', '手写签名不能大于500KB，当前为800KB'],
      ['correction 200KB − 1 byte', () => jpeg(800, 600, { totalBytes: 200 * KB - 1 }), '11.jpg', 'correction', '补正图片', '补正图片大小应在200KB~500KB之间，当前为199KB'],
      ['correction of a few bytes', () => png(10, 10), '11.png', 'correction', '补正图片', '补正图片大小应在200KB~500KB之间，当前为0KB'],
      ['correction 500KB + 1 byte', () => png(10, 10, 500 * KB + 1), '11.png', 'correction', '补正图片', '补正图片大小应在200KB~500KB之间，当前为501KB'],
    ];
    for (const [name, bytes, fileName, kind, field, message] of cases) {
      it(`${name}: ${message}`, () => {
        // when
        const result = validateImageUpload(bytes(), fileName, kind);

        // then
        assert.deepEqual(refusal(result), { field, message });
      });
    }
  });

  it('names the field as the form labels it', () => {
    // when
    const result = validateImageUpload(png(10, 10), 'x.jpg', 'photo', { field: '上传一寸免冠照片' });

    // then
    assert.deepEqual(refusal(result), { field: '上传一寸免冠照片', message: '上传一寸免冠照片文件扩展名.jpg与实际格式png不符' });
  });

  it('publishes the rules the pages show', () => {
    assert.equal(IMAGE_UPLOAD_RULES.photo.maxBytes, 500 * KB);
    assert.equal(IMAGE_UPLOAD_RULES.signature.maxBytes, 500 * KB);
    assert.deepEqual([IMAGE_UPLOAD_RULES.correction.minBytes, IMAGE_UPLOAD_RULES.correction.maxBytes], [200 * KB, 500 * KB]);
  });
});
