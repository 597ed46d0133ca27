/**
 * Synthetic ID photos and signatures for the demo people, drawn pixel by
 * pixel into real PNGs of the recommended sizes (photo 295×413, signature
 * 405×162), so every application of a demo person has them on file.
 */
import zlib from 'node:zlib';
import { Prng } from './synthetic.js';

type Rgb = [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A head-and-shoulders silhouette on the light-blue background of an ID photo. */
export function portraitPng(seed: string): Buffer {
  const rng = new Prng(seed);
  const shirt: Rgb = rng.pick<Rgb>([[40, 52, 72], [60, 60, 66], [28, 44, 90]]);
  const skin: Rgb = [226 - rng.int(0, 20), 190 - rng.int(0, 20), 160 - rng.int(0, 20)];
  const hair: Rgb = [30, 26, 24];
  const headRx = 62 + rng.int(-4, 4);
  return encodePng(295, 413, (x, y) => {
    const dx = (x - 147) / headRx;
    const dy = (y - 170) / 80;
    if (dx * dx + ((y - 150) / 86) ** 2 < 1 && y < 128) return hair;
    if (dx * dx + dy * dy < 1) return skin;
    if (Math.abs(x - 147) < 26 && y >= 240 && y < 290) return skin;
    const sx = (x - 147) / 140;
    const sy = (y - 420) / 150;
    if (sx * sx + sy * sy < 1 && y > 280) return shirt;
    return [219, 232, 245];
  });
}

/** A handwritten-looking stroke in blue-black ink on white. */
export function signaturePng(seed: string): Buffer {
  const rng = new Prng(seed);
  const waves = Array.from({ length: 3 }, () => ({ a: rng.int(12, 30), f: rng.float() * 0.08 + 0.03, p: rng.float() * 6 }));
  const ink: Rgb = [22, 32, 80];
  return encodePng(405, 162, (x, y) => {
    if (x < 40 || x > 365) return [255, 255, 255];
    const centre = 81 + waves.reduce((s, w) => s + w.a * Math.sin(w.f * x + w.p), 0) * 0.6;
    return Math.abs(y - centre) < 2.2 ? ink : [255, 255, 255];
  });
}
