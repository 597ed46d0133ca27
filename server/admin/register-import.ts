/**
 * 企业库 and 资格库 from an Excel workbook (.xlsx, first sheet, a header row of
 * the column names below, one record per row). Every row is checked before
 * anything is written; one wrong row and nothing is imported, and the report
 * lists each refusal with its row number, column and rule. A valid file is
 * written in one transaction: a record already in the register (same
 * 统一社会信用代码, or same 资格证书管理号 and 专业) is updated, the others are
 * added. Every import, accepted or refused, is an audit record that also holds
 * the report (the report page reads it from there).
 */
import crypto from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.js';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { INDUSTRIES } from '../domain/industries.js';
import { PROFESSIONS, QUALIFICATION_METHODS, type Profession } from '../domain/professions.js';
import { MAINLAND_PROVINCES } from '../domain/regions.js';
import { HttpError } from '../http/errors.js';
import { validateCreditCode, validateDate, validateIdNumber, validateMobile, isFieldError } from '../validation/index.js';
import type { AdminActor } from './accounts.js';

export type RegisterKind = 'enterprises' | 'qualifications';

export interface Column {
  header: string;
  required: boolean;
  example: string;
  note: string;
}

export const REGISTER_NAMES: Record<RegisterKind, string> = { enterprises: '企业库', qualifications: '资格库' };

export const COLUMNS: Record<RegisterKind, Column[]> = {
  enterprises: [
    { header: '统一社会信用代码', required: true, example: '91330100MA2B3C4D5E', note: '18位，含校验位（GB 32100）' },
    { header: '企业名称', required: true, example: '浙江华建工程设计有限公司', note: '不超过128个字符' },
    { header: '法定代表人', required: false, example: '陈国强', note: '不超过64个字符' },
    { header: '所在省份', required: true, example: '浙江省', note: '省份名称或2位行政区划代码' },
    { header: '所在城市', required: false, example: '杭州市', note: '不超过64个字符' },
    { header: '详细地址', required: false, example: '浙江省杭州市文三路90号', note: '不超过255个字符' },
    { header: '所属行业', required: false, example: '勘察设计行业', note: INDUSTRIES.map((i) => i.name).join('、') },
    { header: '联系人', required: false, example: '王敏', note: '不超过64个字符' },
    { header: '联系电话', required: false, example: '13800000000', note: '11位手机号' },
  ],
  qualifications: [
    { header: '身份证号', required: true, example: '330106198703154218', note: '18位，含校验位' },
    { header: '姓名', required: true, example: '张伟', note: '不超过64个字符' },
    { header: '注册类别', required: true, example: '勘察设计注册工程师', note: PROFESSIONS.map((p) => p.name).join('、') },
    { header: '专业', required: true, example: '一级注册结构工程师', note: '该注册类别下的专业名称' },
    { header: '资格证书管理号', required: true, example: 'JG20090123', note: '4至64位字母、数字或 - ' },
    { header: '批准日期', required: true, example: '2009-10-12', note: 'YYYY-MM-DD，不晚于今天' },
    { header: '取得方式', required: true, example: '考试', note: QUALIFICATION_METHODS.map((m) => m.name).join('、') },
    { header: '年度', required: true, example: '2009', note: '1980年至今的4位年份' },
  ],
};

export interface RowError {
  row: number;
  field: string;
  rule: string;
}

export interface ImportReport {
  register: RegisterKind;
  fileName: string;
  rows: number;
  accepted: boolean;
  added: number;
  updated: number;
  errors: RowError[];
  /** Errors beyond the ones kept in the report. */
  moreErrors: number;
}

const MAX_ROWS = 20_000;
const MAX_REPORTED_ERRORS = 500;

type Cells = Record<string, string>;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value).trim();
}

interface EnterpriseRow {
  creditCode: string;
  name: string;
  legalRepresentative: string | null;
  province: string;
  city: string | null;
  address: string | null;
  industry: string | null;
  kind: '一般' | '检测单位' | '施工图审查机构';
  contactName: string | null;
  contactPhone: string | null;
}

interface QualificationRow {
  idNumber: string;
  name: string;
  profession: string;
  specialty: string;
  certificateNumber: string;
  approvalDate: string;
  obtainedBy: string;
  year: number;
}

export class RegisterImport {
  constructor(private readonly deps: { models: Models; sequelize: Sequelize; clock: Clock }) {}

  /** An empty workbook with the header row, an example row and the rules, to fill in. */
  async template(register: RegisterKind): Promise<Buffer> {
    const workbook = new (await loadExcel()).Workbook();
    const sheet = workbook.addWorksheet(REGISTER_NAMES[register]);
    const columns = COLUMNS[register];
    sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: Math.max(14, c.header.length * 2 + 6, c.example.length + 4) }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRow(columns.map((c) => c.example));
    const rules = workbook.addWorksheet('填写说明');
    rules.columns = [{ header: '列', width: 18 }, { header: '是否必填', width: 10 }, { header: '规则', width: 60 }];
    rules.getRow(1).font = { bold: true };
    for (const c of columns) rules.addRow([c.header, c.required ? '必填' : '选填', c.note]);
    rules.addRow([]);
    rules.addRow(['说明', '', `第一个工作表为数据：第1行为列名，第2行起每行一条记录（示例行请删除或改为真实数据）。有任何一行不符合规则时，整个文件都不导入。`]);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async import(actor: AdminActor, register: RegisterKind, file: { originalname: string; buffer: Buffer }): Promise<{ report: ImportReport; auditId: number }> {
    const rows = await this.readRows(register, file.buffer);
    const today = this.today();
    const errors: RowError[] = [];
    const valid: Array<EnterpriseRow | QualificationRow> = [];
    const seen = new Map<string, number>();
    for (const { row, cells } of rows) {
      const before = errors.length;
      const parsed = register === 'enterprises' ? this.enterprise(row, cells, errors) : this.qualification(row, cells, errors, today);
      if (!parsed || errors.length > before) continue;
      const key = 'creditCode' in parsed ? parsed.creditCode : `${parsed.certificateNumber}|${parsed.specialty}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push(
          'creditCode' in parsed
            ? { row, field: '统一社会信用代码', rule: `与第${first}行重复，同一企业只能出现一次` }
            : { row, field: '资格证书管理号', rule: `与第${first}行的管理号和专业相同，同一证书专业只能出现一次` },
        );
        continue;
      }
      seen.set(key, row);
      valid.push(parsed);
    }
    if (rows.length === 0) errors.push({ row: 2, field: '—', rule: '文件中没有数据行：第1行为列名，第2行起为记录' });

    const report: ImportReport = {
      register,
      fileName: file.originalname.slice(0, 200),
      rows: rows.length,
      accepted: errors.length === 0,
      added: 0,
      updated: 0,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      moreErrors: Math.max(0, errors.length - MAX_REPORTED_ERRORS),
    };
    const sha256 = crypto.createHash('sha256').update(file.buffer).digest('hex');
    const auditId = await this.deps.sequelize.transaction(async (transaction) => {
      if (report.accepted) {
        if (register === 'enterprises') await this.writeEnterprises(valid as EnterpriseRow[], report, transaction);
        else await this.writeQualifications(valid as QualificationRow[], report, transaction);
      }
      const entry = await this.deps.models.AuditEntry.create(
        {
          at: this.deps.clock.now(),
          actorAccountId: actor.id,
          actorName: actor.displayName,
          action: report.accepted ? 'register-imported' : 'register-import-refused',
          entityType: 'register',
          entityId: register,
          detail: { ...report, sha256 },
          dedupeKey: null,
        },
        { transaction },
      );
      return entry.id;
    });
    return { report, auditId };
  }

  /** The report of an earlier import, from its audit record. */
  async report(auditId: number): Promise<(ImportReport & { at: Date; actorName: string | null }) | null> {
    const entry = await this.deps.models.AuditEntry.findByPk(auditId);
    if (!entry || entry.entityType !== 'register' || !['register-imported', 'register-import-refused'].includes(entry.action)) return null;
    return { ...(entry.detail as unknown as ImportReport), at: entry.at, actorName: entry.actorName };
  }

  private today(): string {
    return new Date(this.deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }

  private async readRows(register: RegisterKind, buffer: Buffer): Promise<Array<{ row: number; cells: Cells }>> {
    const workbook = new (await loadExcel()).Workbook();
    try {
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      throw new HttpError(422, '导入文件：不是有效的Excel工作簿（.xlsx），请用“下载导入模板”填写后上传', '导入文件');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new HttpError(422, '导入文件：工作簿中没有工作表', '导入文件');
    const headers = new Map<number, string>();
    sheet.getRow(1).eachCell((cell, col) => headers.set(col, cellText(cell.value)));
    const expected = COLUMNS[register];
    const missing = expected.filter((c) => c.required && ![...headers.values()].includes(c.header));
    if (missing.length) {
      throw new HttpError(422, `导入文件：第1行缺少必填列“${missing.map((c) => c.header).join('”“')}”，请使用${REGISTER_NAMES[register]}导入模板`, '导入文件');
    }
    if (sheet.actualRowCount - 1 > MAX_ROWS) throw new HttpError(413, `导入文件：一次最多导入${MAX_ROWS}行，请分批导入`, '导入文件');
    const rows: Array<{ row: number; cells: Cells }> = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells: Cells = {};
      for (const [col, header] of headers) cells[header] = cellText(row.getCell(col).value);
      if (Object.values(cells).every((v) => v === '')) return;
      rows.push({ row: number, cells });
    });
    return rows;
  }

  private text(cells: Cells, header: string, row: number, errors: RowError[], opts: { required?: boolean; max: number }): string | null {
    const value = cells[header] ?? '';
    if (!value) {
      if (opts.required) errors.push({ row, field: header, rule: '必须填写' });
      return null;
    }
    if (value.length > opts.max) {
      errors.push({ row, field: header, rule: `不能超过${opts.max}个字符` });
      return null;
    }
    return value;
  }

  private enterprise(row: number, cells: Cells, errors: RowError[]): EnterpriseRow | null {
    const code = validateCreditCode(cells['统一社会信用代码'] ?? '');
    if (isFieldError(code)) errors.push({ row, field: '统一社会信用代码', rule: code.message.replace(/^统一社会信用代码/, '') || code.message });
    const name = this.text(cells, '企业名称', row, errors, { required: true, max: 128 });
    const provinceText = cells['所在省份'] ?? '';
    const province = MAINLAND_PROVINCES.find((p) => p.code === provinceText || p.name === provinceText || p.shortName === provinceText);
    if (!provinceText) errors.push({ row, field: '所在省份', rule: '必须填写' });
    else if (!province) errors.push({ row, field: '所在省份', rule: `“${provinceText}”不是省级行政区划名称或代码` });
    const industryText = cells['所属行业'] ?? '';
    const industry = industryText ? INDUSTRIES.find((i) => i.name === industryText) : undefined;
    if (industryText && !industry) errors.push({ row, field: '所属行业', rule: `须为：${INDUSTRIES.map((i) => i.name).join('、')}` });
    const phoneText = cells['联系电话'] ?? '';
    const phone = phoneText ? validateMobile(phoneText, { field: '联系电话' }) : null;
    if (isFieldError(phone)) errors.push({ row, field: '联系电话', rule: phone.message.replace(/^联系电话/, '') });
    const legalRepresentative = this.text(cells, '法定代表人', row, errors, { max: 64 });
    const city = this.text(cells, '所在城市', row, errors, { max: 64 });
    const address = this.text(cells, '详细地址', row, errors, { max: 255 });
    const contactName = this.text(cells, '联系人', row, errors, { max: 64 });
    if (isFieldError(code) || !name || !province) return null;
    return {
      creditCode: code.creditCode,
      name,
      legalRepresentative,
      province: province.code,
      city,
      address,
      industry: industry?.name ?? null,
      kind: industry?.enterpriseKind ?? '一般',
      contactName,
      contactPhone: isFieldError(phone) ? null : phone,
    };
  }

  private qualification(row: number, cells: Cells, errors: RowError[], today: string): QualificationRow | null {
    const id = validateIdNumber(cells['身份证号'] ?? '', { today });
    if (isFieldError(id)) errors.push({ row, field: '身份证号', rule: id.message.replace(/^身份证号/, '') });
    const name = this.text(cells, '姓名', row, errors, { required: true, max: 64 });
    const professionText = cells['注册类别'] ?? '';
    const profession: Profession | undefined = PROFESSIONS.find((p) => p.name === professionText || p.code === professionText);
    if (!professionText) errors.push({ row, field: '注册类别', rule: '必须填写' });
    else if (!profession) errors.push({ row, field: '注册类别', rule: `须为：${PROFESSIONS.map((p) => p.name).join('、')}` });
    const specialtyText = cells['专业'] ?? '';
    const specialty = profession?.specialties.find((s) => s.name === specialtyText || s.code === specialtyText);
    if (!specialtyText) errors.push({ row, field: '专业', rule: '必须填写' });
    else if (profession && !specialty) errors.push({ row, field: '专业', rule: `不是${profession.name}的专业，须为：${profession.specialties.map((s) => s.name).join('、')}` });
    const certificate = cells['资格证书管理号'] ?? '';
    if (!certificate) errors.push({ row, field: '资格证书管理号', rule: '必须填写' });
    else if (!/^[A-Za-z0-9-]{4,64}$/.test(certificate)) errors.push({ row, field: '资格证书管理号', rule: '须为4至64位字母、数字或 -' });
    const date = validateDate(cells['批准日期'] ?? '', '批准日期', { notAfter: today });
    if (isFieldError(date)) errors.push({ row, field: '批准日期', rule: date.message.replace(/^批准日期/, '') });
    const method = QUALIFICATION_METHODS.find((m) => m.name === cells['取得方式']);
    if (!cells['取得方式']) errors.push({ row, field: '取得方式', rule: '必须填写' });
    else if (!method) errors.push({ row, field: '取得方式', rule: `须为：${QUALIFICATION_METHODS.map((m) => m.name).join('、')}` });
    const yearText = cells['年度'] ?? '';
    const year = Number(yearText);
    const thisYear = Number(today.slice(0, 4));
    if (!yearText) errors.push({ row, field: '年度', rule: '必须填写' });
    else if (!/^\d{4}$/.test(yearText) || year < 1980 || year > thisYear) errors.push({ row, field: '年度', rule: `须为1980至${thisYear}之间的4位年份` });
    if (isFieldError(id) || !name || !profession || !specialty || isFieldError(date) || !method || !/^[A-Za-z0-9-]{4,64}$/.test(certificate) || !(year >= 1980 && year <= thisYear)) return null;
    return {
      idNumber: id.idNumber,
      name,
      profession: profession.code,
      specialty: specialty.code,
      certificateNumber: certificate.toUpperCase(),
      approvalDate: date,
      obtainedBy: method.name,
      year,
    };
  }

  private async writeEnterprises(rows: EnterpriseRow[], report: ImportReport, transaction: import('sequelize').Transaction): Promise<void> {
    const { Enterprise } = this.deps.models;
    for (const row of rows) {
      const existing = await Enterprise.findOne({ where: { creditCode: row.creditCode }, transaction });
      if (existing) {
        await existing.update(row, { transaction });
        report.updated++;
      } else {
        await Enterprise.create({ ...row, basicInfoSavedAt: null }, { transaction });
        report.added++;
      }
    }
  }

  private async writeQualifications(rows: QualificationRow[], report: ImportReport, transaction: import('sequelize').Transaction): Promise<void> {
    const { Qualification } = this.deps.models;
    for (const row of rows) {
      const existing = await Qualification.findOne({ where: { certificateNumber: row.certificateNumber, specialty: row.specialty }, transaction });
      if (existing) {
        await existing.update(row, { transaction });
        report.updated++;
      } else {
        await Qualification.create(row, { transaction });
        report.added++;
      }
    }
  }
}
