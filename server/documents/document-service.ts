/**
 * Issues the generated documents: a Handlebars template renders the
 * document's content in the layout language, pdfkit lays it out, and the PDF
 * is stored content-addressed in the database with a verification code. A
 * document is issued once per dedupe key: a worker delivered twice gets the
 * same document back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Document } from '../db/models/document.js';
import type { Models } from '../db/models/index.js';
import { maskIdNumber, maskName } from '../domain/masking.js';
import { parseLayout } from './layout.js';
import { renderPdf } from './render-pdf.js';

export const DOCUMENT_KINDS = {
  certificate: '注册证书',
  'acceptance-notice': '受理通知书',
  'correction-notice': '补正通知书',
  'refusal-notice': '不予注册告知书',
  'cancellation-certificate': '注销证明',
  announcement: '公告',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export interface IssueRequest {
  kind: DocumentKind;
  number: string;
  dedupeKey: string;
  data: Record<string, unknown>;
  applicationId?: number | null;
  personId?: number | null;
  photo?: Buffer | null;
  signature?: Buffer | null;
}

export interface DocumentServiceDeps {
  models: Models;
  sequelize: Sequelize;
  clock: Clock;
  templatesDir: string;
  /** Where the verification page is reached from outside, e.g. https://zhuce.example.gov.cn */
  publicUrl: string;
}

/** 2026年11月23日 in China Standard Time. */
export function chineseDate(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

// Templates print ID numbers and names as the authority does in public: {{maskId person.idNumber}} → 3303**********7775.
Handlebars.registerHelper('maskId', (value: unknown) => maskIdNumber(typeof value === 'string' ? value : ''));
Handlebars.registerHelper('maskName', (value: unknown) => maskName(typeof value === 'string' ? value : ''));

export class DocumentService {
  private readonly templates = new Map<DocumentKind, Handlebars.TemplateDelegate>();

  constructor(private readonly deps: DocumentServiceDeps) {}

  private template(kind: DocumentKind): Handlebars.TemplateDelegate {
    let template = this.templates.get(kind);
    if (!template) {
      const source = fs.readFileSync(path.join(this.deps.templatesDir, 'documents', `${kind}.hbs`), 'utf8');
      // The layout language is plain text: no HTML escaping.
      template = Handlebars.compile(source, { noEscape: true });
      this.templates.set(kind, template);
    }
    return template;
  }

  verificationUrl(code: string): string {
    return `${this.deps.publicUrl.replace(/\/$/, '')}/verify/${code}`;
  }

  async issue(request: IssueRequest): Promise<Document> {
    const { Document, AttachmentContent } = this.deps.models;
    const existing = await Document.findOne({ where: { dedupeKey: request.dedupeKey } });
    if (existing) return existing;
    const now = this.deps.clock.now();
    const verificationCode = crypto.randomBytes(10).toString('hex').toUpperCase();
    // Values may carry line breaks from textareas; a directive is one line.
    const data = JSON.parse(JSON.stringify(request.data, (_k, v) => (typeof v === 'string' ? v.replace(/\s*\n\s*/g, '；') : v)));
    const layout = this.template(request.kind)({ ...data, number: request.number, issuedOn: chineseDate(now) });
    const pdf = await renderPdf({
      blocks: parseLayout(layout),
      verificationUrl: this.verificationUrl(verificationCode),
      verificationCode,
      photo: request.photo,
      signature: request.signature,
      title: `${DOCUMENT_KINDS[request.kind]} ${request.number}`,
      createdAt: now,
    });
    const sha256 = crypto.createHash('sha256').update(pdf).digest('hex');
    try {
      return await this.deps.sequelize.transaction(async (transaction) => {
        await AttachmentContent.findOrCreate({ where: { sha256 }, defaults: { sha256, content: pdf, createdAt: now }, transaction });
        return Document.create(
          {
            kind: DOCUMENT_KINDS[request.kind],
            number: request.number,
            verificationCode,
            applicationId: request.applicationId ?? null,
            personId: request.personId ?? null,
            fileName: `${DOCUMENT_KINDS[request.kind]}-${request.number}.pdf`,
            sha256,
            size: pdf.length,
            dedupeKey: request.dedupeKey,
          },
          { transaction },
        );
      });
    } catch (err) {
      // A concurrent delivery of the same job issued it first.
      const raced = await Document.findOne({ where: { dedupeKey: request.dedupeKey } });
      if (raced) return raced;
      throw err;
    }
  }

  async content(document: Document): Promise<Buffer> {
    const row = await this.deps.models.AttachmentContent.findByPk(document.sha256);
    if (!row) throw new Error(`content of document ${document.id} missing`);
    return row.content;
  }

  findByVerificationCode(code: string): Promise<Document | null> {
    return this.deps.models.Document.findOne({ where: { verificationCode: code } });
  }
}
