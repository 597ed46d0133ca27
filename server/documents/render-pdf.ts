/**
 * Lays out a parsed document with pdfkit on A4: an official double frame,
 * Noto Serif SC for headings and Noto Sans SC for text (both from npm, so
 * every machine renders the same glyphs), the person's photo and signature,
 * a round red seal, and a QR code of the verification URL.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Block } from './layout.js';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  serif: require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  sans: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  sansBold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
type FontName = keyof typeof FONT_FILES;
/** The names the layout code uses; each document registers them (registerFonts). */
const FONTS: Record<FontName, FontName> = { serif: 'serif', sans: 'sans', sansBold: 'sansBold' };

/**
 * Each CJK font file is ~10 MB. Given by path, pdfkit reads and parses the
 * file again for every document (≈30 ms of a one-line page); given the bytes,
 * it still parses them (≈8 ms). So the files are read and parsed once per
 * process, on first use, and every document is handed the parsed font:
 * fontkit keeps the glyphs it decoded, and pdfkit makes each document its own
 * subset of the glyphs it used (bench row 4 holds it to that).
 */
let parsedFonts: Record<FontName, fontkit.Font> | null = null;

export function loadedFonts(): Record<FontName, fontkit.Font> {
  if (!parsedFonts) {
    const parse = (file: string) => fontkit.create(fs.readFileSync(file)) as fontkit.Font;
    parsedFonts = { serif: parse(FONT_FILES.serif), sans: parse(FONT_FILES.sans), sansBold: parse(FONT_FILES.sansBold) };
  }
  return parsedFonts;
}

function registerFonts(doc: PDFKit.PDFDocument): void {
  const fonts = loadedFonts();
  // pdfkit takes a parsed fontkit font where its types say path or bytes.
  for (const name of Object.keys(fonts) as FontName[]) doc.registerFont(name, fonts[name] as unknown as Buffer);
}

export interface RenderInput {
  blocks: Block[];
  verificationUrl: string;
  verificationCode: string;
  photo?: Buffer | null;
  signature?: Buffer | null;
  /** Document metadata (title shown by PDF viewers). */
  title: string;
  createdAt: Date;
}

const RED = '#c8102e';
const INK = '#1f2937';
const MUTED = '#5b6472';
const MARGIN = 64;
const PHOTO = { width: 96, height: 134 };

function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, authority: string): void {
  const r = 54;
  doc.save().lineWidth(2.4).strokeColor(RED).circle(cx, cy, r).stroke();
  // A five-pointed star in the middle, as on a government seal.
  const star: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? 15 : 6;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...star).fill(RED);
  // The authority's name along the upper arc, one character at a time.
  const chars = [...authority];
  const span = Math.min(Math.PI * 1.45, chars.length * 0.34);
  doc.font(FONTS.serif).fontSize(9.5).fillColor(RED);
  chars.forEach((ch, i) => {
    const angle = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    const x = cx + (r - 12.5) * Math.cos(angle);
    const y = cy + (r - 12.5) * Math.sin(angle);
    doc.save().translate(x, y).rotate((angle * 180) / Math.PI + 90).text(ch, -4.75, -6, { lineBreak: false }).restore();
  });
  doc.restore();
}

export async function renderPdf(input: RenderInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 10, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: input.title, Author: '注册通', Producer: '注册通', CreationDate: input.createdAt },
  });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { width, height } = doc.page;
  const frame = () => {
    doc.save().lineWidth(2).strokeColor('#8a6d3b').rect(28, 28, width - 56, height - 56).stroke();
    doc.lineWidth(0.6).rect(34, 34, width - 68, height - 68).stroke().restore();
  };
  frame();
  // A document over several pages (the 公告's list) names itself and the page at the head of each further page.
  let pageNumber = 1;
  doc.on('pageAdded', () => {
    frame();
    pageNumber++;
    doc.font(FONTS.sans).fontSize(8.5).fillColor(MUTED).text(`${input.title}\u3000第${pageNumber}页`, MARGIN, 44, { width: width - MARGIN * 2, align: 'right', lineBreak: false });
    doc.x = MARGIN;
    doc.y = MARGIN + 10;
  });

  const contentWidth = width - MARGIN * 2;
  const hasPhoto = input.blocks.some((b) => b.kind === 'photo');
  let photoTop: number | null = null;
  const fieldWidth = hasPhoto ? contentWidth - PHOTO.width - 24 : contentWidth;

  for (const block of input.blocks) {
    switch (block.kind) {
      case 'title':
        doc.font(FONTS.serif).fontSize(22).fillColor(INK).text(block.text, { align: 'center', characterSpacing: 2 });
        doc.moveDown(0.3);
        break;
      case 'subtitle':
        doc.font(FONTS.sans).fontSize(12).fillColor(MUTED).text(block.text, { align: 'center' });
        doc.moveDown(0.4);
        break;
      case 'number':
        doc.font(FONTS.sans).fontSize(10).fillColor(MUTED).text(block.text, { align: 'right' });
        doc.moveDown(0.6);
        break;
      case 'para':
        doc.font(FONTS.sans).fontSize(11.5).fillColor(INK).text(block.text, { align: 'justify', lineGap: 5, indent: 23 });
        doc.moveDown(0.4);
        break;
      case 'line':
        doc.font(FONTS.sans).fontSize(11.5).fillColor(INK).text(block.text, { lineGap: 5 });
        doc.moveDown(0.4);
        break;
      case 'field': {
        if (photoTop === null && hasPhoto) photoTop = doc.y;
        const y = doc.y;
        doc.font(FONTS.sans).fontSize(11).fillColor(MUTED).text(`${block.label}`, MARGIN, y, { width: 110 });
        doc.font(FONTS.sansBold).fontSize(11).fillColor(INK).text(block.value || '—', MARGIN + 116, y, { width: fieldWidth - 116 });
        doc.moveTo(MARGIN + 116, doc.y + 2).lineTo(MARGIN + fieldWidth, doc.y + 2).lineWidth(0.4).strokeColor('#d0d5dd').stroke();
        doc.y += 8;
        doc.x = MARGIN;
        break;
      }
      case 'photo': {
        const x = MARGIN + contentWidth - PHOTO.width;
        const y = photoTop ?? doc.y;
        doc.save().lineWidth(0.6).strokeColor('#98a2b3').rect(x - 2, y - 2, PHOTO.width + 4, PHOTO.height + 4).stroke().restore();
        if (input.photo) doc.image(input.photo, x, y, { fit: [PHOTO.width, PHOTO.height], align: 'center', valign: 'center' });
        else doc.font(FONTS.sans).fontSize(9).fillColor(MUTED).text('照片', x, y + PHOTO.height / 2 - 6, { width: PHOTO.width, align: 'center' });
        doc.x = MARGIN;
        doc.y = Math.max(doc.y, y + PHOTO.height + 8);
        break;
      }
      case 'signature': {
        const y = doc.y + 4;
        doc.font(FONTS.sans).fontSize(11).fillColor(MUTED).text('本人签名', MARGIN, y + 14, { width: 110 });
        if (input.signature) doc.image(input.signature, MARGIN + 116, y, { fit: [160, 44] });
        doc.x = MARGIN;
        doc.y = y + 52;
        break;
      }
      case 'table': {
        // Each column gets the width its longest cell needs; when they do not all fit, only the widest
        // columns give way (a common cap), so short columns (序号, 姓名) never wrap.
        doc.font(FONTS.sans).fontSize(9.5);
        const natural = block.header.map((h, i) => {
          doc.font(FONTS.sansBold);
          let need = doc.widthOfString(h) + 10;
          doc.font(FONTS.sans);
          for (const row of block.rows) need = Math.max(need, doc.widthOfString(row[i] ?? '') + 10);
          return need;
        });
        let cap = Math.max(...natural);
        const fitted = () => natural.reduce((sum, n) => sum + Math.min(n, cap), 0);
        while (fitted() > contentWidth && cap > 20) cap -= 1;
        const capped = natural.map((n) => Math.min(n, cap));
        const spare = contentWidth - capped.reduce((a, b) => a + b, 0);
        const widths = capped.map((w) => w + (spare * w) / (contentWidth - spare));
        const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
        const drawRow = (cells: string[], header: boolean): void => {
          const y = doc.y;
          doc.font(header ? FONTS.sansBold : FONTS.sans).fontSize(9.5).fillColor(INK);
          const rowHeight = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 8 }))) + 8;
          if (y + rowHeight > height - MARGIN - 20) {
            doc.addPage();
            // The header row heads the table again on every page.
            if (!header) drawRow(block.header, true);
            return drawRow(cells, header);
          }
          if (header) doc.save().rect(MARGIN, y, contentWidth, rowHeight).fill('#eef2f8').restore();
          doc.font(header ? FONTS.sansBold : FONTS.sans).fontSize(9.5);
          cells.forEach((c, i) => {
            doc.rect(lefts[i], y, widths[i], rowHeight).lineWidth(0.5).strokeColor('#98a2b3').stroke();
            doc.fillColor(INK).text(c, lefts[i] + 4, y + 4, { width: widths[i] - 8 });
          });
          doc.x = MARGIN;
          doc.y = y + rowHeight;
        };
        drawRow(block.header, true);
        for (const row of block.rows) drawRow(row, false);
        doc.moveDown(0.8);
        break;
      }
      case 'space':
        doc.moveDown(1);
        break;
      case 'seal': {
        // The seal and the verification foot need the page's last 170 points; a long list leaves them to a new page.
        if (doc.y + 20 > height - MARGIN - 150) doc.addPage();
        const y = Math.max(doc.y + 20, height - MARGIN - 150);
        const x = MARGIN + contentWidth - 200;
        doc.font(FONTS.sans).fontSize(11.5).fillColor(INK).text(block.authority, x, y + 30, { width: 200, align: 'center' });
        doc.text(block.date, x, y + 52, { width: 200, align: 'center' });
        drawSeal(doc, x + 100, y + 44, block.authority);
        doc.x = MARGIN;
        break;
      }
    }
  }

  // Verification: QR code and URL at the foot of the last page.
  const qr = await QRCode.toBuffer(input.verificationUrl, { margin: 1, width: 180, errorCorrectionLevel: 'M' });
  const footY = height - MARGIN - 72;
  doc.image(qr, MARGIN, footY, { width: 64 });
  doc.font(FONTS.sans).fontSize(8.5).fillColor(MUTED);
  doc.text(`验证码：${input.verificationCode}`, MARGIN + 72, footY + 14, { width: 260, lineBreak: false });
  doc.text(`扫码或访问 ${input.verificationUrl} 核验真伪`, MARGIN + 72, footY + 30, { width: 300 });
  doc.end();
  return done;
}
