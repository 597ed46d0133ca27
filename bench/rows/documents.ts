/**
 * Row 4, documents: the certificate as the certificate worker issues it
 * (DocumentService.issue: template, layout, pdfkit, stored), with the demo
 * seed's photo and signature, and the 公告 of 1,000 names; against pdfkit
 * writing a one-line page with the same font, warm (the font file read once
 * into a Buffer and given to each document, as the issue measured it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/connection.js';
import { migrateUp } from '../../server/db/migrator.js';
import { defineModels } from '../../server/db/models/index.js';
import { DocumentService, type IssueRequest } from '../../server/documents/document-service.js';
import { portraitPng, signaturePng } from '../../server/seed/portrait.js';
import { jpeg } from '../../test/server/validation/images.js';
import type { Table } from '../lib/table.js';

const require = createRequire(import.meta.url);
const SANS = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export interface DocumentSizes {
  iterations: number;
  announcementNames: number;
}

async function oneLinePage(font: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(font).fontSize(12).text('中华人民共和国勘察设计注册工程师注册证书');
  doc.end();
  return done;
}

/** Mean milliseconds of `work` over `n` runs after `warm` unmeasured ones; the last result. */
async function timed<T>(n: number, warm: number, work: (i: number) => Promise<T>): Promise<{ ms: number; last: T }> {
  let last!: T;
  for (let i = 0; i < warm; i++) last = await work(-1 - i);
  const started = performance.now();
  for (let i = 0; i < n; i++) last = await work(i);
  return { ms: (performance.now() - started) / n, last };
}

function certificateRequest(i: number, photo: Buffer, signature: Buffer): IssueRequest {
  return {
    kind: 'certificate',
    number: `S133320260${String(1000 + i)}-01`,
    dedupeKey: `bench-certificate-${i}-${Math.random()}`,
    photo,
    signature,
    data: {
      professionName: '勘察设计注册工程师',
      person: { name: '张伟', sex: '男', birthDate: '1985年3月12日', idLabel: '身份证号', idNumber: '330106198503127775' },
      enterpriseName: '浙江华建工程设计有限公司',
      registrationNumber: 'S1332026001234',
      sealNumber: 'S133-0001234',
      specialties: [{ name: '结构', validFrom: '2026年12月4日', validTo: '2029年12月3日' }],
      specialtyNames: '结构',
      validFrom: '2026年12月4日',
      validTo: '2029年12月3日',
    },
  };
}

function announcementRequest(names: number): IssueRequest {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';
  const items = Array.from({ length: names }, (_, i) => ({
    index: i + 1,
    name: `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`,
    enterpriseName: ['浙江华建工程设计有限公司', '浙江宏远建设集团有限公司', '浙江正诚工程监理有限公司'][i % 3],
    matterName: '初始注册',
    specialtyNames: ['结构', '岩土', '结构、岩土'][i % 3],
    registrationNumber: `S13320260${String(10000 + i)}`,
  }));
  return { kind: 'announcement', number: `建市注〔2026〕${names}号`, dedupeKey: `bench-announcement-${Math.random()}`, data: { professionName: '勘察设计注册工程师', count: names, items } };
}

export async function documentsRow(table: Table, sizes: DocumentSizes, log: (line: string) => void): Promise<void> {
  const sequelize = openDatabase('sqlite::memory:');
  await migrateUp(sequelize);
  const models = defineModels(sequelize);
  const documents = new DocumentService({ models, sequelize, clock: systemClock, templatesDir: new URL('../../templates', import.meta.url).pathname, publicUrl: 'http://localhost:3000' });
  try {
    const font = fs.readFileSync(SANS);
    const photo = portraitPng('bench-photo');
    const signature = signaturePng('bench-signature');
    const n = sizes.iterations;

    const line = await timed(n, 5, () => oneLinePage(font));
    log(`one-line page: ${line.ms.toFixed(1)} ms, ${line.last.length} bytes`);
    const certificate = await timed(n, 3, async (i) => {
      const document = await documents.issue(certificateRequest(i + 10, photo, signature));
      return document.size;
    });
    log(`certificate: ${certificate.ms.toFixed(1)} ms, ${certificate.last} bytes`);
    // As uploaded: JPEGs of the recommended sizes (pdfkit embeds a JPEG's bytes as they are).
    const uploadedPhoto = jpeg(295, 413, { totalBytes: 100 * 1024 });
    const uploadedSignature = jpeg(405, 162, { totalBytes: 40 * 1024 });
    const uploaded = await documents.issue(certificateRequest(9999, uploadedPhoto, uploadedSignature));
    const announcementRuns = Math.max(1, Math.min(5, Math.round(n / 10)));
    const announcement = await timed(announcementRuns, 1, async () => (await documents.issue(announcementRequest(sizes.announcementNames))).size);
    log(`公告 of ${sizes.announcementNames}: ${announcement.ms.toFixed(0)} ms, ${announcement.last} bytes`);

    const lineRate = 1000 / line.ms;
    table.add(4, {
      figure: 'certificates/s (注册证书 with photo and signature, issued and stored)',
      value: 1000 / certificate.ms,
      unit: '/s',
      baseline: lineRate,
      baselineLabel: `one-line pages/s, font from a Buffer, ${line.ms.toFixed(1)} ms each`,
      better: 'higher',
      // certificate ≤ 3× the one-line page's time = ≥ 1/3 of its rate.
      ratioTarget: 0.33,
      note: `${certificate.ms.toFixed(1)} ms per certificate, ${(certificate.ms / line.ms).toFixed(2)}× the one-line page's time (target ≤ 3×)`,
    });
    table.add(4, {
      figure: 'bytes per certificate',
      value: certificate.last / 1024,
      unit: 'KB',
      baseline: (photo.length + signature.length) / 1024,
      baselineLabel: 'the photo and signature it embeds',
      better: 'lower',
      absoluteTarget: 200,
      note: "the demo seed's photo and signature (PNG); CJK fonts embedded as subsets",
    });
    table.add(4, {
      figure: 'bytes per certificate, photo 100 KB + signature 40 KB JPEG uploads',
      value: uploaded.size / 1024,
      unit: 'KB',
      baseline: (uploadedPhoto.length + uploadedSignature.length) / 1024,
      baselineLabel: 'the photo and signature it embeds',
      better: 'lower',
      absoluteTarget: 200,
      note: 'uploads may be up to 500 KB each (rule 5); a JPEG is embedded as uploaded',
    });
    table.add(4, {
      figure: `公告 of ${sizes.announcementNames.toLocaleString('en-US')} names: time`,
      value: announcement.ms,
      unit: 'ms',
      baseline: line.ms,
      baselineLabel: 'one-line page',
      better: 'lower',
    });
    table.add(4, {
      figure: `公告 of ${sizes.announcementNames.toLocaleString('en-US')} names: bytes`,
      value: announcement.last / 1024,
      unit: 'KB',
      baseline: line.last.length / 1024,
      baselineLabel: 'one-line page',
      better: 'lower',
    });
  } finally {
    await sequelize.close();
  }
}
