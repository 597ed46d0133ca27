/**
 * The first page (or the page asked for) of a generated PDF as a PNG under
 * docs/screenshots/, through poppler's pdftoppm, so a document can be looked
 * at like a screen. Where pdftoppm is missing (apt-get install poppler-utils)
 * nothing is written.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hasPoppler(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes docs/screenshots/<name>.png from page `page` of the PDF; returns the path, or null without pdftoppm. */
export async function writePicture(pdf: Buffer, name: string, page = 1): Promise<string | null> {
  if (!hasPoppler()) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-pdf-'));
  const input = path.join(dir, 'document.pdf');
  fs.writeFileSync(input, pdf);
  const out = path.resolve('docs/screenshots', name);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', input, out]);
  return `${out}.png`;
}

/** The text of one page (pdftotext), or null without poppler. */
export function pageText(pdf: Buffer, page: number): string | null {
  if (!hasPoppler()) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-pdf-'));
  const input = path.join(dir, 'document.pdf');
  fs.writeFileSync(input, pdf);
  return execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), input, '-'], { encoding: 'utf8' });
}

/** The page count (pdfinfo), or null without poppler. */
export function pageCount(pdf: Buffer): number | null {
  if (!hasPoppler()) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-pdf-'));
  const input = path.join(dir, 'document.pdf');
  fs.writeFileSync(input, pdf);
  const info = execFileSync('pdfinfo', [input], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}
