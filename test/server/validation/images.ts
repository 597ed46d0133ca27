/**
 * Small images built in code for the upload tests: a real (decodable) PNG, and
 * a JPEG made of the segments a type sniffer reads (SOI, APP0, SOF0, EOI).
 * Both can be padded to an exact byte size with comment data, so size limits
 * are tested without binary fixtures.
 */
import zlib from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A white RGB PNG of the given size, padded with a tEXt chunk to totalBytes when given. */
export function png(width: number, height: number, totalBytes?: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const row = Buffer.alloc(1 + width * 3, 0xff);
  row[0] = 0; // filter type None
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const parts = [PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))];
  if (totalBytes === undefined) return Buffer.concat(parts);
  const base = parts.reduce((n, p) => n + p.length, 0);
  const textOverhead = 12 + 'Comment\0'.length;
  const fill = totalBytes - base - textOverhead;
  if (fill < 0) throw new Error(`a ${width}x${height} PNG needs at least ${base + textOverhead} bytes`);
  const text = pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(fill, 0x61)]));
  return Buffer.concat([parts[0], parts[1], text, parts[2], parts[3]]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

const APP0_JFIF = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

/** APP1 Exif block holding only the orientation tag (big-endian TIFF). */
function exifOrientation(orientation: number): Buffer {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // MM, 42, IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** A baseline JPEG header of the given size, padded with COM segments to totalBytes when given. */
export function jpeg(width: number, height: number, options: { totalBytes?: number; orientation?: number } = {}): Buffer {
  const frame = Buffer.alloc(15);
  frame[0] = 8;
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  frame[5] = 3;
  frame.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
  const head = [Buffer.from([0xff, 0xd8]), jpegSegment(0xe0, APP0_JFIF)];
  if (options.orientation !== undefined) head.push(jpegSegment(0xe1, exifOrientation(options.orientation)));
  const tail = [jpegSegment(0xc0, frame), Buffer.from([0xff, 0xd9])];
  const comments: Buffer[] = [];
  if (options.totalBytes !== undefined) {
    let fill = options.totalBytes - [...head, ...tail].reduce((n, p) => n + p.length, 0);
    while (fill > 0) {
      let size = Math.min(fill, 65535 + 2);
      // A segment is at least 4 bytes: never leave a remainder smaller than that.
      if (fill - size > 0 && fill - size < 4) size -= 4;
      const data = size - 4;
      if (data < 0) throw new Error('cannot pad a JPEG by less than 4 bytes');
      comments.push(jpegSegment(0xfe, Buffer.alloc(data, 0x61)));
      fill -= size;
    }
    if (fill < 0) throw new Error('JPEG target size too small');
  }
  return Buffer.concat([...head, ...comments, ...tail]);
}

/** The first bytes of a GIF89a: a real image type the system does not accept. */
export function gif(width: number, height: number): Buffer {
  const buf = Buffer.alloc(13);
  buf.write('GIF89a', 0, 'latin1');
  buf.writeUInt16LE(width, 6);
  buf.writeUInt16LE(height, 8);
  return buf;
}
