/**
 * 用户与角色: the administrator's work on accounts. Staff accounts (reviewers,
 * analysts, administrators) are created here; applicants and employers get
 * theirs through real-name registration bound to a person or a credit code,
 * so here they can only be deactivated, reactivated or given a new password.
 * A reviewer's scope is a province (provincial reviewers) and a set of
 * professions (none = all). Every change is an audit record; deactivating an
 * account or setting its password ends its sessions (auth/sessions.ts hook);
 * narrowing a reviewer's scope or deactivating them releases the claims it
 * no longer covers (inbox/claim-scope.ts).
 * Bad input is an HttpError naming the field and the rule, and changes nothing.
 */
import { Op, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { hashPassword } from '../auth/passwords.js';
import { endSessionsOf } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import { ROLE_NAMES, ROLES, type Account, type Role } from '../db/models/account.js';
import type { Models } from '../db/models/index.js';
import { professionName, provinceName } from '../domain/labels.js';
import { PROFESSIONS } from '../domain/professions.js';
import { MAINLAND_PROVINCES } from '../domain/regions.js';
import { HttpError } from '../http/errors.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';
import { releaseClaimsOutside } from '../inbox/claim-scope.js';

/** Roles an administrator may give; 个人 and 企业 accounts come from real-name registration. */
export const STAFF_ROLES: readonly Role[] = ['provincial_reviewer', 'ministry_reviewer', 'analyst', 'admin'];
export const PAGE_SIZE = 20;

export interface AdminActor {
  id: number;
  displayName: string;
}

export interface AccountInput {
  username?: unknown;
  displayName?: unknown;
  role?: unknown;
  province?: unknown;
  professions?: unknown;
  supervisorId?: unknown;
  password?: unknown;
}

export interface AccountQuery {
  q?: string;
  role?: string;
  status?: string;
  page?: number;
}

const invalid = (field: string, message: string) => new HttpError(422, `${field}：${message}`, field);

const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,31}$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  return values.map((v) => String(v).trim()).filter(Boolean);
}

/** 8–64 characters with letters and digits: the password rule shown on the form. */
export function checkPassword(value: unknown, field = '初始密码'): string {
  const password = typeof value === 'string' ? value : '';
  if (!password) throw invalid(field, '必须填写');
  if (password.length < 8 || password.length > 64) throw invalid(field, '长度须为8至64个字符');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) throw invalid(field, '须同时包含字母和数字');
  return password;
}

export interface Scope {
  province: string | null;
  professions: string[] | null;
}

function scopeOf(role: Role, input: AccountInput): Scope {
  if (role !== 'provincial_reviewer' && role !== 'ministry_reviewer') return { province: null, professions: null };
  let province: string | null = null;
  if (role === 'provincial_reviewer') {
    province = text(input.province);
    if (!province) throw invalid('审查省份', '省级审查人员必须选择所属省份');
    if (!MAINLAND_PROVINCES.some((p) => p.code === province)) throw invalid('审查省份', '不是有效的省级行政区划代码');
  }
  const professions = [...new Set(list(input.professions))];
  for (const code of professions) {
    if (!PROFESSIONS.some((p) => p.code === code)) throw invalid('审查专业范围', `“${code}”不是有效的注册类别`);
  }
  // All four chosen is the same as none: every profession.
  return { province, professions: professions.length && professions.length < PROFESSIONS.length ? professions : null };
}

/** How a scope reads on the pages: 浙江省 · 一级建造师、监理工程师. */
export function scopeLabel(account: Pick<Account, 'role' | 'province' | 'professions'>): string {
  if (account.role !== 'provincial_reviewer' && account.role !== 'ministry_reviewer') return '—';
  const where = account.role === 'provincial_reviewer' && account.province ? `${provinceName(account.province)} · ` : '';
  return `${where}${account.professions?.length ? account.professions.map(professionName).join('、') : '全部注册类别'}`;
}

/** What the audit log keeps of an account: never the password hash. */
function snapshot(account: Account): Record<string, unknown> {
  return {
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    province: account.province,
    professions: account.professions,
    supervisorId: account.supervisorId,
    active: account.active,
  };
}

export class AccountAdmin {
  constructor(private readonly deps: { models: Models; sequelize: Sequelize; clock: Clock }) {}

  async list(query: AccountQuery): Promise<{ rows: Account[]; total: number; page: number; pages: number }> {
    const where: WhereOptions<Account>[] = [];
    const q = (query.q ?? '').trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push({ [Op.or]: [{ username: { [Op.like]: like } }, { displayName: { [Op.like]: like } }] });
    }
    if (query.role && (ROLES as readonly string[]).includes(query.role)) where.push({ role: query.role as Role });
    if (query.status === 'active') where.push({ active: true });
    if (query.status === 'inactive') where.push({ active: false });
    const total = await this.deps.models.Account.count({ where: { [Op.and]: where } });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
    const rows = await this.deps.models.Account.findAll({
      where: { [Op.and]: where },
      order: [['role', 'ASC'], ['username', 'ASC']],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return { rows, total, page, pages };
  }

  async get(id: number): Promise<Account> {
    const account = await this.deps.models.Account.findByPk(id);
    if (!account) throw new HttpError(404, '账号不存在');
    return account;
  }

  /** Ministry reviewers who may be a reviewer's supervisor (escalations, rule 16). */
  supervisors(): Promise<Account[]> {
    return this.deps.models.Account.findAll({ where: { role: ['ministry_reviewer', 'provincial_reviewer'], active: true }, order: [['username', 'ASC']], limit: 500 });
  }

  private async supervisorOf(role: Role, value: unknown, self?: number): Promise<number | null> {
    if (role !== 'provincial_reviewer' && role !== 'ministry_reviewer') return null;
    const raw = text(value);
    if (!raw) return null;
    const id = Number(raw);
    if (!Number.isInteger(id) || id <= 0 || id === self) throw invalid('上级审查人员', '请从列表中选择另一名在用的审查人员');
    const supervisor = await this.deps.models.Account.findByPk(id);
    if (!supervisor || !supervisor.active || !['provincial_reviewer', 'ministry_reviewer'].includes(supervisor.role)) {
      throw invalid('上级审查人员', '请从列表中选择另一名在用的审查人员');
    }
    return id;
  }

  async create(actor: AdminActor, input: AccountInput): Promise<Account> {
    const username = text(input.username).toLowerCase();
    if (!username) throw invalid('用户名', '必须填写');
    if (!USERNAME.test(username)) throw invalid('用户名', '须为3至32位小写字母、数字或 _ . -，以字母或数字开头');
    const displayName = text(input.displayName);
    if (!displayName) throw invalid('姓名', '必须填写');
    if (displayName.length > 64) throw invalid('姓名', '不能超过64个字符');
    const role = text(input.role) as Role;
    if (!STAFF_ROLES.includes(role)) throw invalid('角色', '请选择审查人员、业务分析员或系统管理员；个人和企业账号由实名注册产生');
    const scope = scopeOf(role, input);
    const supervisorId = await this.supervisorOf(role, input.supervisorId);
    const password = checkPassword(input.password);
    if (await this.deps.models.Account.count({ where: { username } })) throw new HttpError(409, `用户名：“${username}”已被使用，请换一个`, '用户名');
    const passwordHash = await hashPassword(password);
    return this.deps.sequelize.transaction(async (transaction) => {
      const account = await this.deps.models.Account.create(
        { username, passwordHash, role, displayName, personId: null, enterpriseId: null, ...scope, supervisorId },
        { transaction },
      );
      await this.audit(actor, 'account-created', account, { after: snapshot(account) }, transaction);
      return account;
    });
  }

  /** Name, role, scope and supervisor of a staff account. */
  async update(actor: AdminActor, id: number, input: AccountInput): Promise<Account> {
    const account = await this.get(id);
    if (!STAFF_ROLES.includes(account.role)) throw new HttpError(409, '个人和企业账号的角色与绑定不能在此修改，只能停用、启用或重置密码');
    const displayName = text(input.displayName);
    if (!displayName) throw invalid('姓名', '必须填写');
    if (displayName.length > 64) throw invalid('姓名', '不能超过64个字符');
    const role = text(input.role) as Role;
    if (!STAFF_ROLES.includes(role)) throw invalid('角色', '请选择审查人员、业务分析员或系统管理员');
    if (account.id === actor.id && role !== 'admin') throw invalid('角色', '不能取消自己的系统管理员角色');
    const scope = scopeOf(role, input);
    const supervisorId = await this.supervisorOf(role, input.supervisorId, account.id);
    const before = snapshot(account);
    return this.deps.sequelize.transaction(async (transaction) => {
      await account.update({ displayName, role, ...scope, supervisorId }, { transaction, hooks: false });
      const releasedTasks = await releaseClaimsOutside(this.deps.models, account.id, candidateGroupsOf(account), this.deps.clock.now(), transaction);
      await this.audit(actor, 'account-updated', account, { before, after: snapshot(account), ...(releasedTasks.length ? { releasedTasks } : {}) }, transaction);
      return account;
    });
  }

  async setActive(actor: AdminActor, id: number, active: boolean): Promise<Account> {
    const account = await this.get(id);
    if (account.active === active) throw new HttpError(409, active ? '该账号已是启用状态' : '该账号已是停用状态');
    if (!active && account.id === actor.id) throw new HttpError(409, '不能停用自己正在使用的账号');
    if (!active && account.role === 'admin' && (await this.deps.models.Account.count({ where: { role: 'admin', active: true } })) <= 1) {
      throw new HttpError(409, '这是最后一个在用的系统管理员账号，不能停用');
    }
    await this.deps.sequelize.transaction(async (transaction) => {
      // hooks: false: the sessions end below, after the commit, not inside the transaction (one SQLite connection).
      await account.update({ active }, { transaction, hooks: false });
      // A deactivated reviewer's claims go back to their groups: nobody else could work them.
      const releasedTasks = active ? [] : await releaseClaimsOutside(this.deps.models, account.id, [], this.deps.clock.now(), transaction);
      const detail = { username: account.username, ...(releasedTasks.length ? { releasedTasks } : {}) };
      await this.audit(actor, active ? 'account-reactivated' : 'account-deactivated', account, detail, transaction);
    });
    // A deactivated account is logged out everywhere at once.
    if (!active) await endSessionsOf(this.deps.sequelize, account.id);
    return account;
  }

  async resetPassword(actor: AdminActor, id: number, password: unknown): Promise<Account> {
    const account = await this.get(id);
    const plain = checkPassword(password, '新密码');
    const passwordHash = await hashPassword(plain);
    await this.deps.sequelize.transaction(async (transaction) => {
      await account.update({ passwordHash }, { transaction, hooks: false });
      await this.audit(actor, 'account-password-reset', account, { username: account.username }, transaction);
    });
    // A new password ends the account's sessions: whoever knew the old one is out.
    await endSessionsOf(this.deps.sequelize, account.id);
    return account;
  }

  /** The account's audit trail, newest first. */
  history(id: number) {
    return this.deps.models.AuditEntry.findAll({ where: { entityType: 'account', entityId: String(id) }, order: [['at', 'DESC'], ['id', 'DESC']], limit: 50 });
  }

  private async audit(actor: AdminActor, action: string, account: Account, detail: Record<string, unknown>, transaction: Transaction): Promise<void> {
    await this.deps.models.AuditEntry.create(
      {
        at: this.deps.clock.now(),
        actorAccountId: actor.id,
        actorName: actor.displayName,
        action,
        entityType: 'account',
        entityId: String(account.id),
        detail,
        dedupeKey: null,
      },
      { transaction },
    );
  }
}

export const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: ROLE_NAMES[role] }));
