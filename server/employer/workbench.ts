/**
 * What the employer's workbench reads (issue 9, SPEC §2): the to-do list, 我的消息,
 * 注册申报管理, 注册人员查询, 人员到期预警. Every list is searched and paged in
 * SQL on the indexes of migrations 0001 and 0012, scoped to the employer's
 * own enterprise; nothing loads all rows to filter them in memory. Search
 * input that breaks a field's rule is refused with a Chinese message naming
 * the field (HTTP 422), before any query runs.
 */
import { Op, type Includeable, type WhereOptions } from 'sequelize';
import { systemClock, type Clock } from '../clock.js';
import type { Application } from '../db/models/application.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import type { Registration } from '../db/models/registration.js';
import { caseTitle, professionName, specialtyName } from '../domain/labels.js';
import { MATTER_CODES, MATTER_NAMES, PROFESSIONS, isProfessionCode } from '../domain/professions.js';
import { STATUS } from '../domain/statuses.js';
import { HttpError } from '../http/errors.js';

export const PAGE_SIZE = 20;
/** The export is written in chunks of this many rows, so a large enterprise never sits in memory at once. */
export const EXPORT_CHUNK = 500;
/** Rule 17: registrations that run out within six months. */
const WARNING_MONTHS = 6;

const REPORT_FORM = 'employer-report';
const CONSENT_FORM = 'employer-withdrawal-consent';

/** Matters the filter offers: the professions' matters and the employer's own. */
export const FILING_MATTERS: Array<{ code: string; name: string }> = [
  ...MATTER_CODES.map((code) => ({ code, name: MATTER_NAMES[code] })),
  { code: 'enterprise-rename', name: '企业名称变更' },
  { code: 'qualification-fix', name: '补正资质' },
];
/** Statuses the filter offers; 企业退回 is not among them, a returned case leaves the list (rule 12). */
export const FILING_STATUSES: string[] = Object.values(STATUS).filter((s) => s !== STATUS.employerReturned);
export const REGISTRATION_STATUSES = ['已注册', '预注册', '已注销'] as const;

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

export interface FilingFilter {
  name?: string;
  idNumber?: string;
  number?: string;
  matter?: string;
  status?: string;
}

export interface StaffFilter {
  name?: string;
  idNumber?: string;
  profession?: string;
  registrationNumber?: string;
  status?: string;
}

/** One row of 注册人员查询, and of its Excel export. */
export interface StaffRow {
  id: number;
  name: string;
  idNumber: string;
  profession: string;
  professionName: string;
  specialtyName: string;
  registrationNumber: string;
  sealNumber: string;
  validFrom: string;
  validTo: string;
  status: string;
}

export interface FilingRow {
  id: number;
  number: string;
  name: string;
  idNumber: string;
  title: string;
  status: string;
  updatedAt: Date;
  /** Only a case at 个人已上报 may be selected for 上报 / 退回. */
  selectable: boolean;
}

export interface TodoItem {
  kind: 'consent' | 'report' | 'correction' | 'qualification-fix' | 'appeal';
  text: string;
  href: string;
  number?: string | null;
}

export interface Todo {
  items: TodoItem[];
  toReport: number;
  consents: number;
  appeals: number;
  unreadMessages: number;
}

const refuse = (field: string, rule: string) => new HttpError(422, `${field}：${rule}`, field);

/** A search text: trimmed, at most `max` characters, no control characters; empty is no condition. */
function searchText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw refuse(field, '只能填写一项');
  const text = value.trim();
  if (!text) return undefined;
  if ([...text].length > max) throw refuse(field, `不能超过${max}个字符`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw refuse(field, '不能包含控制字符');
  return text;
}

function choice(value: unknown, field: string, allowed: readonly string[]): string | undefined {
  const text = searchText(value, field, 64);
  if (text === undefined) return undefined;
  if (!allowed.includes(text)) throw refuse(field, '请从列表中选择');
  return text;
}

/** 页码: a positive whole number; past the last page shows the last page. */
export function pageNumber(value: unknown): number {
  if (value === undefined || value === '') return 1;
  const text = typeof value === 'string' ? value : '';
  if (!/^[1-9][0-9]{0,5}$/.test(text)) throw refuse('页码', '须为正整数');
  return Number(text);
}

/** A text searched with LIKE: its wildcards are refused (SQLite and PostgreSQL escape them differently). */
function likeText(value: unknown, field: string, max: number): string | undefined {
  const text = searchText(value, field, max);
  if (text !== undefined && /[%_\\]/.test(text)) throw refuse(field, '不能包含 %、_ 或 \\ 字符');
  return text;
}
const contains = (text: string) => ({ [Op.like]: `%${text}%` });
const startsWith = (text: string) => ({ [Op.like]: `${text}%` });

function idNumberOf(value: unknown): string | undefined {
  const text = searchText(value, '身份证号', 18);
  if (text === undefined) return undefined;
  if (!/^[0-9A-Za-z]{6,18}$/.test(text)) throw refuse('身份证号', '只能是数字和字母，6至18位');
  return text.toUpperCase();
}

export function filingFilterOf(query: Record<string, unknown>): FilingFilter {
  return {
    name: likeText(query.name, '姓名', 32),
    idNumber: idNumberOf(query.idNumber),
    number: likeText(query.number, '申报编号', 32),
    matter: choice(query.matter, '申报事项', FILING_MATTERS.map((m) => m.code)),
    status: choice(query.status, '申报状态', FILING_STATUSES),
  };
}

export function staffFilterOf(query: Record<string, unknown>): StaffFilter {
  return {
    name: likeText(query.name, '姓名', 32),
    idNumber: idNumberOf(query.idNumber),
    profession: choice(query.profession, '注册类别', PROFESSIONS.map((p) => p.code)),
    registrationNumber: likeText(query.registrationNumber, '注册号', 40),
    status: choice(query.status, '注册状态', REGISTRATION_STATUSES),
  };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function paged<T>(rows: T[], total: number, page: number, pageSize: number): Page<T> {
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)), pageSize };
}

export class EmployerWorkbench {
  constructor(private readonly deps: { models: Models; clock?: Clock }) {}

  private now(): Date {
    return (this.deps.clock ?? systemClock).now();
  }

  private get m() {
    return this.deps.models;
  }

  async enterprise(enterpriseId: number): Promise<Enterprise> {
    const enterprise = await this.m.Enterprise.findByPk(enterpriseId, { include: [{ model: this.m.EnterpriseQualification, as: 'qualifications' }] });
    if (!enterprise) throw new HttpError(404, '企业不存在');
    return enterprise;
  }

  /** The open inbox tasks handed to the enterprise's candidate group, as a subquery. */
  private openTaskIds(enterprise: Enterprise) {
    const sequelize = this.m.InboxTask.sequelize!;
    const q = (name: string) => sequelize.getQueryInterface().quoteIdentifier(name);
    return sequelize.literal(
      `(SELECT c.${q('taskId')} FROM ${q('inbox_task_candidates')} c WHERE c.${q('candidateGroup')} = ${sequelize.escape(`employer:${enterprise.creditCode}`)} AND c.${q('status')} = 'open')`,
    );
  }

  /** 企业首页's to-do list: withdrawals waiting for consent, cases to report, corrections, a refused 补正资质, appeals; the unread messages. */
  async todo(enterprise: Enterprise): Promise<Todo> {
    const m = this.m;
    const [tasks, toReport, appeals, unreadMessages, lastFix] = await Promise.all([
      m.InboxTask.findAll({
        where: { status: 'open', id: { [Op.in]: this.openTaskIds(enterprise) }, formId: { [Op.ne]: REPORT_FORM } },
        include: [{ model: m.Application, as: 'application', include: [{ model: m.Person, as: 'person' }] }],
        order: [['createdAt', 'ASC']],
        limit: 50,
      }),
      m.InboxTask.count({ where: { status: 'open', formId: REPORT_FORM, id: { [Op.in]: this.openTaskIds(enterprise) } } }),
      m.Appeal.findAll({ where: { enterpriseId: enterprise.id, status: '待申辩' }, order: [['createdAt', 'ASC']], limit: 50 }),
      this.unreadCount(enterprise.id),
      m.Application.findOne({ where: { enterpriseId: enterprise.id, matter: 'qualification-fix' }, order: [['updatedAt', 'DESC'], ['id', 'DESC']] }),
    ]);
    const items: TodoItem[] = [];
    let consents = 0;
    for (const task of tasks) {
      const application = (task as typeof task & { application?: Application & { person?: { name: string } } }).application;
      if (!application) continue;
      const who = application.person?.name ?? '';
      if (task.formId === CONSENT_FORM) {
        consents += 1;
        items.push({ kind: 'consent', text: `${who}申请撤回“${caseTitle(application.profession, application.matter)}”，等待本单位审核是否同意`, href: `/applications/${application.id}`, number: application.number });
      } else {
        items.push({ kind: 'correction', text: `“${caseTitle(application.profession, application.matter)}”${task.name ? `：${task.name}` : ''}`, href: `/applications/${application.id}`, number: application.number });
      }
    }
    if (lastFix && lastFix.status === STATUS.refused) {
      items.push({ kind: 'qualification-fix', text: '补正资质未通过审核，请查看审核意见后重新申报补正资质', href: `/applications/${lastFix.id}`, number: lastFix.number });
    }
    for (const appeal of appeals) {
      items.push({ kind: 'appeal', text: `${appeal.kind}：${appeal.reason}`, href: '/employer/appeals' });
    }
    if (toReport) items.unshift({ kind: 'report', text: `${toReport} 件申报等待本单位上报或退回`, href: `/employer/filings?status=${encodeURIComponent(STATUS.submitted)}` });
    return { items, toReport, consents, appeals: appeals.length, unreadMessages };
  }

  unreadCount(enterpriseId: number): Promise<number> {
    return this.m.Message.count({ where: { recipientKind: 'enterprise', recipientId: enterpriseId, readAt: null } });
  }

  async messages(enterpriseId: number, page: number) {
    const { rows, count } = await this.m.Message.findAndCountAll({
      where: { recipientKind: 'enterprise', recipientId: enterpriseId },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return paged(rows, count, page, PAGE_SIZE);
  }

  /** One message of the enterprise, marked read when first opened; another's answers as missing. */
  async openMessage(enterpriseId: number, id: number) {
    const message = await this.m.Message.findOne({ where: { id, recipientKind: 'enterprise', recipientId: enterpriseId } });
    if (!message) throw new HttpError(404, '消息不存在');
    if (!message.readAt) await message.update({ readAt: this.now() });
    return message;
  }

  async filings(enterpriseId: number, filter: FilingFilter, page: number): Promise<Page<FilingRow>> {
    const where: WhereOptions = { enterpriseId, status: filter.status ?? { [Op.ne]: STATUS.employerReturned } };
    if (filter.matter) Object.assign(where, { matter: filter.matter });
    if (filter.number) Object.assign(where, { number: startsWith(filter.number) });
    const personWhere: WhereOptions = {};
    if (filter.name) Object.assign(personWhere, { name: contains(filter.name) });
    if (filter.idNumber) Object.assign(personWhere, { idNumber: filter.idNumber });
    const needsPerson = Object.keys(personWhere).length > 0;
    const include: Includeable[] = [{ model: this.m.Person, as: 'person', required: needsPerson, where: needsPerson ? personWhere : undefined }];
    const { rows, count } = await this.m.Application.findAndCountAll({
      where,
      include,
      order: [['updatedAt', 'DESC'], ['id', 'DESC']],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return paged(
      rows.map((a) => {
        const person = (a as Application & { person?: { name: string; idNumber: string } }).person;
        return {
          id: a.id,
          number: a.number,
          name: person?.name ?? '本单位',
          idNumber: person?.idNumber ?? '',
          title: caseTitle(a.profession, a.matter),
          status: a.status,
          updatedAt: a.updatedAt,
          selectable: a.status === STATUS.submitted,
        };
      }),
      count,
      page,
      PAGE_SIZE,
    );
  }

  private staffQuery(enterpriseId: number, filter: StaffFilter) {
    const where: WhereOptions = { enterpriseId, status: filter.status ?? { [Op.ne]: '已注销' } };
    if (filter.profession) Object.assign(where, { profession: filter.profession });
    if (filter.registrationNumber) Object.assign(where, { registrationNumber: startsWith(filter.registrationNumber) });
    const personWhere: WhereOptions = {};
    if (filter.name) Object.assign(personWhere, { name: contains(filter.name) });
    if (filter.idNumber) Object.assign(personWhere, { idNumber: filter.idNumber });
    return {
      where,
      include: [{ model: this.m.Person, as: 'person', required: true, where: Object.keys(personWhere).length ? personWhere : undefined }],
      order: [['validTo', 'ASC'], ['id', 'ASC']] as Array<[string, string]>,
    };
  }

  async staff(enterpriseId: number, filter: StaffFilter, page: number): Promise<Page<StaffRow>> {
    const { rows, count } = await this.m.Registration.findAndCountAll({ ...this.staffQuery(enterpriseId, filter), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return paged(rows.map(staffRow), count, page, PAGE_SIZE);
  }

  /** Every row the filter finds, a chunk at a time, for the export. */
  async *staffChunks(enterpriseId: number, filter: StaffFilter): AsyncGenerator<StaffRow[]> {
    const query = this.staffQuery(enterpriseId, filter);
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const rows = await this.m.Registration.findAll({ ...query, limit: EXPORT_CHUNK, offset });
      if (rows.length) yield rows.map(staffRow);
      if (rows.length < EXPORT_CHUNK) return;
    }
  }

  /** Rule 17: the enterprise's registrations that run out within six months (and those run out already but not renewed, for the last month). */
  async expiring(enterpriseId: number, page: number): Promise<Page<StaffRow & { daysLeft: number }>> {
    const today = this.now();
    const horizon = new Date(today);
    horizon.setUTCMonth(horizon.getUTCMonth() + WARNING_MONTHS);
    const { rows, count } = await this.m.Registration.findAndCountAll({
      where: { enterpriseId, status: '已注册', validTo: { [Op.between]: [isoDate(today), isoDate(horizon)] } },
      include: [{ model: this.m.Person, as: 'person', required: true }],
      order: [['validTo', 'ASC'], ['id', 'ASC']],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const day = Date.parse(isoDate(today));
    return paged(
      rows.map((r) => ({ ...staffRow(r), daysLeft: Math.round((Date.parse(r.validTo!) - day) / 86_400_000) })),
      count,
      page,
      PAGE_SIZE,
    );
  }

  /** The professions whose employers may file a forced cancellation (rule 10), with the enterprise's registered staff in each. */
  async forcedCancellation(enterpriseId: number) {
    const counts = await this.m.Registration.count({ where: { enterpriseId, status: { [Op.ne]: '已注销' } }, group: ['profession'] });
    const byProfession = new Map((counts as unknown as Array<{ profession: string; count: number }>).map((c) => [c.profession, Number(c.count)]));
    return PROFESSIONS.map((p) => ({
      profession: p.code,
      name: p.name,
      allowed: p.forcedCancellation,
      staff: byProfession.get(p.code) ?? 0,
    }));
  }
}

function staffRow(r: Registration): StaffRow {
  const person = (r as Registration & { person?: { name: string; idNumber: string } }).person;
  return {
    id: r.id,
    name: person?.name ?? '',
    idNumber: person?.idNumber ?? '',
    profession: r.profession,
    professionName: professionName(r.profession),
    specialtyName: isProfessionCode(r.profession) ? specialtyName(r.profession, r.specialty) : r.specialty,
    registrationNumber: r.registrationNumber ?? '',
    sealNumber: r.sealNumber ?? '',
    validFrom: r.validFrom ?? '',
    validTo: r.validTo ?? '',
    status: r.status,
  };
}

/**
 * The status message after a batch 上报 / 退回: what succeeded as a count (the
 * page lists the cases), and each case that only warned or was refused once,
 * with its number — never "编号：编号：…".
 */
export function decisionSummary(results: Array<{ outcome: string; message: string; number: string | null }>): string {
  const reported = results.filter((r) => r.outcome === 'reported');
  const returned = results.filter((r) => r.outcome === 'returned');
  const parts: string[] = [];
  if (reported.length === 1) parts.push(`申报编号${reported[0].number}上报成功`);
  else if (reported.length) parts.push(`${reported.length} 件申报上报成功`);
  if (returned.length === 1) parts.push(`申报编号${returned[0].number}已退回，申请人将在“我的消息”中收到退回原因`);
  else if (returned.length) parts.push(`已退回 ${returned.length} 件申报，申请人将在“我的消息”中收到退回原因`);
  for (const r of results) if (r.outcome === 'warning' || r.outcome === 'refused') parts.push(r.message);
  return parts.join('；');
}
