/**
 * The reviewer inbox's query: one tab (我的待办 / 组内待办 / 已办), the filters,
 * the sort and one page, answered by the database — filtering, counting,
 * sorting and paging in SQL on inbox_tasks, whose rows carry what the filters
 * read (server/inbox/task-facts.ts) and whose indexes follow them (migration
 * 0010, 0015, 0017). The scope is the reviewer's candidate groups: a
 * reviewer never sees a task outside their province and professions,
 * whatever the filters say. 组内待办 checks each task's candidate groups
 * (copied onto the task, server/inbox/candidate-scope.ts); 我的待办 and 已办
 * need not, as a reviewer claims and completes only tasks of their scope,
 * and a change of scope releases the claims it no longer covers
 * (server/inbox/claim-scope.ts).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Account } from '../db/models/account.js';
import type { Models } from '../db/models/index.js';
import type { Clock } from '../clock.js';
import { STATUS } from '../domain/statuses.js';
import { MATTER_CODES, PROFESSIONS, isProfessionCode, specialtyOf } from '../domain/professions.js';
import { EMPLOYER_MATTER_NAMES, PROFESSION_CODES } from '../domain/labels.js';
import { provinceByCode } from '../domain/regions.js';
import { addWorkingDays, chinaDay, chinaTime } from '../domain/working-days.js';
import { HttpError } from '../http/errors.js';
import { candidateGroupsOf } from './candidate-groups.js';
import { SHARED } from './candidate-scope.js';

export const INBOX_TABS = ['mine', 'group', 'done'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** Rule 16's warning window: due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 3;
const MAX_PAGE = 100_000;
const MAX_TEXT = 50;
/**
 * Counting stops here: "1000+" tells a reviewer as much as 48,213 would, and
 * an exact count of a million-task history reads every matching row on every
 * page (bench row 2 measured 0.9 s for 组内待办 at 1,000,000 tasks).
 */
export const COUNT_CAP = 1000;

export interface InboxFilters {
  tab?: InboxTab;
  /** 组内待办: only tasks nobody claimed, or all of them (who holds a claimed one is shown). */
  claim?: 'unclaimed' | 'all';
  matter?: string;
  profession?: string;
  specialty?: string;
  province?: string;
  /** The case's status, as the manuals name it (部级未受理, 审查中 …). */
  status?: string;
  /** true: only cases with an anomaly (社保异常, 人员重复) and its 申辩; false: only those without. */
  anomaly?: boolean;
  /** overdue: past the time limit; soon: due within 3 working days and not yet overdue. */
  due?: 'overdue' | 'soon';
  /** The applicant's name (part of it), 身份证件号 or 申报编号. */
  text?: string;
  sort?: 'arrival' | 'deadline';
  direction?: 'asc' | 'desc';
}

export interface InboxPageRequest {
  page?: number;
  pageSize?: number;
}

export type InboxAccount = Pick<Account, 'id' | 'role' | 'province' | 'professions' | 'personId'>;

export interface InboxRow {
  id: number;
  name: string;
  elementId: string;
  formId: string | null;
  status: string;
  applicationId: number | null;
  applicationNumber: string | null;
  applicationStatus: string | null;
  applicantName: string | null;
  applicantIdNumber: string | null;
  profession: string | null;
  matter: string | null;
  province: string | null;
  specialties: string[];
  anomaly: boolean;
  claimedBy: number | null;
  claimedByName: string | null;
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
}

export interface InboxResult {
  rows: InboxRow[];
  /** Rows matching the tab and filters, over all pages; at least this many when totalAtLeast. */
  total: number;
  /** Counting stopped at `total`: more rows match (the count is capped, see COUNT_CAP). */
  totalAtLeast: boolean;
  /** Each tab's size within the reviewer's scope (the filters apply to the current tab only), capped at COUNT_CAP. */
  counts: Record<InboxTab, number>;
  /** The tabs whose count reached COUNT_CAP: at least that many. */
  countsAtLeast: Record<InboxTab, boolean>;
  page: number;
  pageSize: number;
  /** Pages known: all of them, or (totalAtLeast) those the count reached. */
  pages: number;
  filters: Required<Pick<InboxFilters, 'tab' | 'sort' | 'direction'>> & InboxFilters;
}

const STATUS_NAMES: readonly string[] = Object.values(STATUS);
const MATTERS: readonly string[] = [...MATTER_CODES, 'photo-signature', ...Object.keys(EMPLOYER_MATTER_NAMES)];

const refuse = (field: string, message: string) => new HttpError(400, message, field);

/**
 * Checks filters a caller built (a page's query string goes through
 * parseInboxQuery first): each value known, or a 400 naming the field.
 */
export function checkFilters(filters: InboxFilters): InboxResult['filters'] {
  const f: InboxResult['filters'] = { ...filters, tab: filters.tab ?? 'mine', sort: filters.sort ?? 'arrival', direction: filters.direction ?? 'asc' };
  if (!INBOX_TABS.includes(f.tab)) throw refuse('tab', '标签页取值无效：须为我的待办（mine）、组内待办（group）或已办（done）');
  if (f.claim !== undefined && f.claim !== 'unclaimed' && f.claim !== 'all') throw refuse('claim', '认领状态取值无效：须为未认领（unclaimed）或全部（all）');
  if (f.profession !== undefined && !PROFESSION_CODES.includes(f.profession)) throw refuse('profession', '注册类别取值无效：须为代码表中的注册类别');
  if (f.matter !== undefined && !MATTERS.includes(f.matter)) throw refuse('matter', '申报事项取值无效：须为代码表中的申报事项');
  if (f.specialty !== undefined) {
    const known = f.profession
      ? isProfessionCode(f.profession) && specialtyOf(f.profession, f.specialty)
      : PROFESSIONS.some((p) => specialtyOf(p.code, f.specialty!));
    if (!known) throw refuse('specialty', f.profession ? '注册专业取值无效：须为所选注册类别下的专业' : '注册专业取值无效：须为代码表中的专业');
  }
  if (f.province !== undefined && !provinceByCode(f.province)) throw refuse('province', '省份取值无效：须为两位行政区划代码');
  if (f.status !== undefined && !STATUS_NAMES.includes(f.status)) throw refuse('status', '申报状态取值无效：须为代码表中的申报状态');
  if (f.anomaly !== undefined && typeof f.anomaly !== 'boolean') throw refuse('anomaly', '异常标记取值无效：须为有异常或无异常');
  if (f.due !== undefined && f.due !== 'overdue' && f.due !== 'soon') throw refuse('due', '办理时限取值无效：须为已超期（overdue）或3个工作日内到期（soon）');
  if (f.text !== undefined) {
    f.text = String(f.text).trim();
    if (f.text.length > MAX_TEXT) throw refuse('text', `查询内容过长：不得超过${MAX_TEXT}个字符`);
    if (!f.text) delete f.text;
  }
  if (f.sort !== 'arrival' && f.sort !== 'deadline') throw refuse('sort', '排序取值无效：须为到达时间（arrival）或办理时限（deadline）');
  if (f.direction !== 'asc' && f.direction !== 'desc') throw refuse('direction', '排序方向取值无效：须为升序（asc）或降序（desc）');
  return f;
}

function checkPage(request: InboxPageRequest): { page: number; pageSize: number } {
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw refuse('page', `页码取值无效：须为1至${MAX_PAGE}的整数`);
  if (!(PAGE_SIZES as readonly number[]).includes(pageSize)) throw refuse('pageSize', `每页条数取值无效：须为${PAGE_SIZES.join('、')}之一`);
  return { page, pageSize };
}

const one = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return one(value[value.length - 1]);
  const text = String(value).trim();
  return text === '' ? undefined : text;
};

/**
 * The inbox page's GET parameters (a filter is a URL) into filters and a page
 * request; an empty parameter is no filter, a wrong one is a 400 naming it.
 */
export function parseInboxQuery(query: Record<string, unknown>): { filters: InboxFilters; page: InboxPageRequest } {
  const filters: InboxFilters = {};
  const tab = one(query.tab);
  if (tab !== undefined) filters.tab = tab as InboxTab;
  for (const key of ['claim', 'matter', 'profession', 'specialty', 'province', 'status', 'due', 'text', 'sort', 'direction'] as const) {
    const value = one(query[key]);
    if (value !== undefined) (filters as Record<string, unknown>)[key] = value;
  }
  const anomaly = one(query.anomaly);
  if (anomaly !== undefined) {
    if (anomaly !== 'yes' && anomaly !== 'no') throw refuse('anomaly', '异常标记取值无效：须为有异常（yes）或无异常（no）');
    filters.anomaly = anomaly === 'yes';
  }
  const number = (key: 'page' | 'pageSize', label: string) => {
    const value = one(query[key]);
    if (value === undefined) return undefined;
    if (!/^\d{1,7}$/.test(value)) throw refuse(key, `${label}取值无效：须为正整数`);
    return Number(value);
  };
  const page = { page: number('page', '页码'), pageSize: number('pageSize', '每页条数') };
  checkFilters(filters);
  checkPage(page);
  return { filters, page };
}

/** The query string of filters and a page (defaults left out), for links that keep the inbox's state. */
export function inboxQueryString(filters: InboxFilters, page: InboxPageRequest = {}): string {
  const params = new URLSearchParams();
  const entries: Array<[string, string | undefined]> = [
    ['tab', filters.tab],
    ['claim', filters.claim],
    ['matter', filters.matter],
    ['profession', filters.profession],
    ['specialty', filters.specialty],
    ['province', filters.province],
    ['status', filters.status],
    ['anomaly', filters.anomaly === undefined ? undefined : filters.anomaly ? 'yes' : 'no'],
    ['due', filters.due],
    ['text', filters.text],
    ['sort', filters.sort === 'arrival' ? undefined : filters.sort],
    ['direction', filters.direction === 'asc' ? undefined : filters.direction],
    ['page', page.page && page.page > 1 ? String(page.page) : undefined],
    ['pageSize', page.pageSize && page.pageSize !== DEFAULT_PAGE_SIZE ? String(page.pageSize) : undefined],
  ];
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.set(key, value);
  return params.toString();
}

/** The columns of inbox_tasks an inbox row shows. */
const ROW_COLUMNS = [
  'id', 'name', 'elementId', 'formId', 'status', 'applicationId', 'applicationNumber', 'applicationStatus', 'applicantName', 'applicantIdNumber',
  'profession', 'matter', 'province', 'specialties', 'anomaly', 'claimedBy', 'claimedByName', 'dueAt', 'createdAt', 'completedAt', 'remindedAt',
  'escalatedAt',
] as const;

type RawRow = Record<(typeof ROW_COLUMNS)[number], unknown>;

/** A raw row as SQLite (dates as text, booleans as 0/1, ids as numbers) or PostgreSQL (Date, boolean, bigint as text) gives it. */
function toInboxRow(r: RawRow): InboxRow {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: Number(r.id),
    name: String(r.name),
    elementId: String(r.elementId),
    formId: text(r.formId),
    status: String(r.status),
    applicationId: id(r.applicationId),
    applicationNumber: text(r.applicationNumber),
    applicationStatus: text(r.applicationStatus),
    applicantName: text(r.applicantName),
    applicantIdNumber: text(r.applicantIdNumber),
    profession: text(r.profession),
    matter: text(r.matter),
    province: text(r.province),
    specialties: (text(r.specialties) ?? '').split(',').filter(Boolean),
    anomaly: r.anomaly === true || Number(r.anomaly) === 1,
    claimedBy: id(r.claimedBy),
    claimedByName: text(r.claimedByName),
    dueAt: date(r.dueAt),
    createdAt: date(r.createdAt)!,
    completedAt: date(r.completedAt),
    remindedAt: date(r.remindedAt),
    escalatedAt: date(r.escalatedAt),
  };
}

/** Where 3个工作日内到期 ends: the end of the third working day after today (China time). */
export function dueSoonUntil(now: Date): Date {
  return chinaTime(addWorkingDays(chinaDay(now), DUE_SOON_WORKING_DAYS), 24);
}

/** The pairs of adjacent characters of a name part (the character itself for one), as zhuce_name_grams indexes them. */
export function nameGrams(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length < 2) return chars;
  return [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
}

/** Text matched literally inside a LIKE pattern written with ESCAPE '\\'. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Clause {
  sql: string;
  replacements: Record<string, unknown>;
}

export class InboxQuery {
  private readonly sequelize: Sequelize;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly countCap = COUNT_CAP,
  ) {
    this.sequelize = models.InboxTask.sequelize!;
  }

  async list(account: InboxAccount, filters: InboxFilters = {}, request: InboxPageRequest = {}): Promise<InboxResult> {
    const f = checkFilters(filters);
    const { page, pageSize } = checkPage(request);
    const groups = candidateGroupsOf(account);
    const isReviewer = account.role === 'provincial_reviewer' || account.role === 'ministry_reviewer';
    if (!isReviewer || !groups.length) {
      const none = { mine: 0, group: 0, done: 0 };
      return { rows: [], total: 0, totalAtLeast: false, counts: none, countsAtLeast: { mine: false, group: false, done: false }, page, pageSize, pages: 0, filters: f };
    }

    const q = (name: string) => this.sequelize.getQueryInterface().quoteIdentifier(name);
    const where = this.whereOf(account, groups, f);
    // Enough rows for the pager around this page (it links two pages on), and at least the cap.
    const countLimit = Math.max(this.countCap, (page + 2) * pageSize);
    const desc = f.direction === 'desc' ? 'DESC' : 'ASC';
    const order = (table: string) =>
      f.tab === 'done' && f.sort === 'arrival' && !filters.direction
        ? `${table}.${q('completedAt')} DESC, ${table}.${q('id')} DESC`
        : f.sort === 'deadline'
          ? // Tasks without a time limit come last either way; ascending, this is the order of the open tasks' (dueAt, id) index.
            `${table}.${q('dueAt')} ${desc} NULLS LAST, ${table}.${q('id')} ${desc}`
          : `${table}.${q('createdAt')} ${desc}, ${table}.${q('id')} ${desc}`;
    const counting = this.counting(account, groups, where, countLimit);
    const columns = ROW_COLUMNS.map((c) => `t.${q(c)}`).join(', ');
    const offset = (page - 1) * pageSize;
    // The counts and the page in one statement: bench row 3 found a quarter of the server's CPU on /reviewer in the
    // writes of its statements to PostgreSQL. The page is asked for only when rows reach it (a one-time filter): ordered
    // by arrival, a filter matching nothing made PostgreSQL walk every open task for the first row (0.7 s at
    // 1,000,000 tasks). Every answer row carries the counts; without page rows, one row of counts and nulls.
    // Read raw: building model instances for the page took 1.1 s of the 14 s of CPU bench row 3 measured on /reviewer.
    const found = await this.sequelize.query<RawRow & Record<string, unknown>>(
      `WITH ${q('counted')} AS (${counting.sql})
       SELECT ${q('counted')}.*, ${q('page')}.* FROM ${q('counted')} LEFT JOIN (
         SELECT ${columns} FROM ${q('inbox_tasks')} t
         WHERE ${where.sql} AND (SELECT ${q('n')} FROM ${q('counted')}) > :offset ORDER BY ${order('t')} LIMIT :limit OFFSET :offset
       ) ${q('page')} ON 1 = 1
       ORDER BY ${order(q('page'))}`,
      { replacements: { ...counting.replacements, limit: pageSize, offset }, type: QueryTypes.SELECT },
    );
    const { counted, counts, countsAtLeast } = counting.read(found[0] ?? {});
    const totalAtLeast = counted > countLimit;
    const total = Math.min(counted, countLimit);
    const rows = found.filter((r) => r.id !== null && r.id !== undefined).map(toInboxRow);
    return { rows, total, totalAtLeast, counts, countsAtLeast, page, pageSize, pages: Math.ceil(total / pageSize), filters: f };
  }

  /** COUNT over at most limit + 1 matching rows: the database stops reading there. */
  private cappedCount(where: string, limit: number, alias = 'n'): string {
    const q = (name: string) => this.sequelize.getQueryInterface().quoteIdentifier(name);
    return `SELECT COUNT(*) AS ${q(alias)} FROM (SELECT 1 FROM ${q('inbox_tasks')} t WHERE ${where} LIMIT ${limit + 1}) ${q(`${alias}_rows`)}`;
  }

  /**
   * The list's count up to `limit`, and each tab's size without the filters
   * (what waits for the reviewer at all) up to the cap, as one row. A tab
   * whose condition is the list's own (its page without filters, the usual
   * view) takes the list's count, counted as far as the cap at least,
   * instead of counting the same rows again.
   */
  private counting(account: InboxAccount, groups: string[], list: Clause, limit: number) {
    const q = (name: string) => this.sequelize.getQueryInterface().quoteIdentifier(name);
    const replacements: Record<string, unknown> = { ...list.replacements };
    const sameAsList: InboxTab[] = [];
    const parts = [`(${this.cappedCount(list.sql, limit)}) AS ${q('n')}`];
    for (const tab of INBOX_TABS) {
      const where = this.whereOf(account, groups, { tab, sort: 'arrival', direction: 'asc' });
      if (where.sql === list.sql) {
        sameAsList.push(tab);
        continue;
      }
      // The tabs' replacements are the account's (me, groups), the same as the list's.
      Object.assign(replacements, where.replacements);
      parts.push(`(${this.cappedCount(where.sql, this.countCap, `${tab}_count`)}) AS ${q(`${tab}_count`)}`);
    }
    const read = (row: Record<string, unknown>): { counted: number } & Pick<InboxResult, 'counts' | 'countsAtLeast'> => {
      const counted = Number(row.n ?? 0);
      const of = (tab: InboxTab) => (sameAsList.includes(tab) ? counted : Number(row[`${tab}_count`] ?? 0));
      const tally = (to: (n: number) => number | boolean) => Object.fromEntries(INBOX_TABS.map((tab) => [tab, to(of(tab))]));
      return {
        counted,
        counts: tally((n) => Math.min(n, this.countCap)) as Record<InboxTab, number>,
        countsAtLeast: tally((n) => n > this.countCap) as Record<InboxTab, boolean>,
      };
    };
    return { sql: `SELECT ${parts.join(', ')}`, replacements, read };
  }

  private whereOf(account: InboxAccount, groups: string[], f: InboxResult['filters']): Clause {
    const q = (name: string) => this.sequelize.getQueryInterface().quoteIdentifier(name);
    const col = (name: string) => `t.${q(name)}`;
    const parts: string[] = [];
    const r: Record<string, unknown> = { me: account.id };
    if (f.tab === 'mine') parts.push(`${col('status')} = 'open'`, `${col('claimedBy')} = :me`);
    else if (f.tab === 'group') {
      // Scope: one of the reviewer's groups is a candidate of the task, read on the task (server/inbox/candidate-scope.ts).
      // A task several groups share is kept by the index and then checked against its list.
      const shared = groups.map((group, i) => {
        r[`group${i}`] = `%,${likeEscaped(group)},%`;
        return `${col('candidateGroups')} LIKE :group${i} ESCAPE '\\'`;
      });
      parts.push(
        `${col('candidateGroup')} IN (:scope)`,
        `(${col('candidateGroup')} <> '${SHARED}' OR ${shared.join(' OR ')})`,
        `${col('status')} = 'open'`,
      );
      r.scope = [...groups, SHARED];
      if (f.claim === 'unclaimed') parts.push(`${col('claimedBy')} IS NULL`);
    } else parts.push(`${col('status')} IN ('completed', 'completing')`, `${col('completedBy')} = :me`);

    if (f.profession) {
      parts.push(`${col('profession')} = :profession`);
      r.profession = f.profession;
    }
    if (f.matter) {
      parts.push(`${col('matter')} = :matter`);
      r.matter = f.matter;
    }
    if (f.specialty) {
      parts.push(`${col('specialties')} LIKE :specialty`);
      r.specialty = `%,${f.specialty},%`;
    }
    if (f.province) {
      parts.push(`${col('province')} = :province`);
      r.province = f.province;
    }
    if (f.status) {
      parts.push(`${col('applicationStatus')} = :status`);
      r.status = f.status;
    }
    if (f.anomaly !== undefined) {
      parts.push(`${col('anomaly')} = :anomaly`);
      r.anomaly = f.anomaly;
    }
    if (f.due) {
      const now = this.clock.now();
      r.now = now;
      if (f.due === 'overdue') parts.push(`${col('dueAt')} < :now`);
      else {
        parts.push(`${col('dueAt')} >= :now`, `${col('dueAt')} < :soon`);
        r.soon = dueSoonUntil(now);
      }
    }
    if (f.text) {
      // A name has no digits and an identifier always has some: each is looked up its own way, the identifiers through their indexes.
      if (/\d/.test(f.text)) {
        parts.push(`(${col('applicationNumber')} = :textExact OR ${col('applicantIdNumber')} = :textExact)`);
        r.textExact = f.text.toUpperCase();
      } else {
        parts.push(`${col('applicantName')} LIKE :textLike ESCAPE '\\'`);
        r.textLike = `%${likeEscaped(f.text)}%`;
        if (this.sequelize.getDialect() === 'postgres' && f.tab !== 'done') {
          // The pairs of characters through the GIN index of open tasks (migration 0015); the LIKE keeps them in order.
          parts.push(`zhuce_name_grams(${col('applicantName')}) @> ARRAY[:textGrams]::text[]`);
          r.textGrams = nameGrams(f.text);
        }
      }
    }
    return { sql: parts.join(' AND '), replacements: r };
  }
}
