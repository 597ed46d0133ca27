/**
 * 系统管理, one page per screen (navigation.ts, admin section): 账号管理 with
 * search and paging, 新建账号, an account's page (role, scope, deactivate,
 * reset password, its audit trail); 企业库 and 资格库 with search, paging and
 * Excel import with a row-by-row report; 代码表 (read-only: the codes are
 * constants of server/domain); 操作日志 of the administrators' changes.
 */
import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import { AccountAdmin, PAGE_SIZE, ROLE_OPTIONS, scopeLabel, STAFF_ROLES, type AdminActor } from '../admin/accounts.js';
import { COLUMNS, REGISTER_NAMES, RegisterImport, type RegisterKind } from '../admin/register-import.js';
import { requireRole } from '../auth/session.js';
import type { Clock } from '../clock.js';
import { ROLE_NAMES, ROLES, type Account } from '../db/models/account.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import type { Qualification } from '../db/models/registers.js';
import { INDUSTRIES } from '../domain/industries.js';
import { professionName, provinceName, specialtyName } from '../domain/labels.js';
import { maskIdNumber } from '../domain/masking.js';
import { PROFESSIONS, QUALIFICATION_METHODS } from '../domain/professions.js';
import { MAINLAND_PROVINCES, PROVINCES } from '../domain/regions.js';
import { HttpError } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { idParam } from '../http/ids.js';
import type { ViewRenderer } from '../http/views.js';

const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

function actorOf(req: Request): AdminActor {
  return { id: req.account!.id, displayName: req.account!.displayName };
}

function queryText(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value.trim().slice(0, 64) : '';
}

function pageOf(req: Request): number {
  const page = Number(req.query.page);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/** 上一页 / 下一页 links that keep the search. */
function pager(base: string, params: Record<string, string>, page: number, pages: number, total: number) {
  const link = (p: number) => `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), page: String(p) })}`;
  return { page, pages, total, prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null, first: (page - 1) * PAGE_SIZE + 1, last: Math.min(page * PAGE_SIZE, total) };
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const professionOptions = (selected: string[] | null | undefined) =>
  PROFESSIONS.map((p) => ({ value: p.code, label: p.name, checked: Boolean(selected?.includes(p.code)) }));
const provinceOptions = (selected: string | null | undefined) =>
  MAINLAND_PROVINCES.map((p) => ({ value: p.code, label: p.name, selected: p.code === selected }));

export function adminPortal(views: ViewRenderer, m: Models, sequelize: Sequelize, clock: Clock): Router {
  const router = Router();
  router.param('id', idParam);
  const accounts = new AccountAdmin({ models: m, sequelize, clock });
  const imports = new RegisterImport({ models: m, sequelize, clock });
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 } });
  const admin = requireRole('admin');

  // --- accounts ---------------------------------------------------------------

  router.get('/admin/accounts', admin, async (req, res) => {
    const filters = { q: queryText(req, 'q'), role: queryText(req, 'role'), status: queryText(req, 'status') };
    const { rows, total, page, pages } = await accounts.list({ ...filters, page: pageOf(req) });
    res.send(
      views.render(req, 'admin-accounts', {
        title: '账号管理',
        filters,
        roles: ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r], selected: r === filters.role })),
        statuses: [
          { value: 'active', label: '启用', selected: filters.status === 'active' },
          { value: 'inactive', label: '停用', selected: filters.status === 'inactive' },
        ],
        rows: rows.map((a) => ({ ...a.get({ plain: true }), roleName: ROLE_NAMES[a.role], scope: scopeLabel(a) })),
        pager: pager('/admin/accounts', filters, page, pages, total),
      }),
    );
  });

  const accountForm = async (req: Request, res: Response, status: number, values: Partial<Account> & { password?: string }, error?: HttpError) => {
    res.status(status).send(
      views.render(req, 'admin-account-new', {
        title: '新建账号',
        values,
        roles: ROLE_OPTIONS.map((r) => ({ ...r, selected: r.value === values.role })),
        provinces: provinceOptions(values.province),
        professions: professionOptions(values.professions),
        supervisors: (await accounts.supervisors()).map((s) => ({ id: s.id, label: `${s.displayName}（${s.username}）`, selected: s.id === values.supervisorId })),
        error: error ? { field: error.field, message: error.message } : null,
        fieldErrors: error?.field ? { [error.field]: error.message } : {},
      }),
    );
  };

  router.get('/admin/accounts/new', admin, async (req, res) => {
    await accountForm(req, res, 200, { role: 'provincial_reviewer' });
  });

  router.post('/admin/accounts', admin, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const account = await accounts.create(actorOf(req), body);
      flash(req, `已新建账号 ${account.username}（${ROLE_NAMES[account.role]}），请将初始密码告知本人`);
      res.redirect(303, `/admin/accounts/${account.id}`);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const professions = Array.isArray(body.professions) ? body.professions.map(String) : body.professions ? [String(body.professions)] : [];
      await accountForm(req, res, err.status, {
        username: String(body.username ?? ''),
        displayName: String(body.displayName ?? ''),
        role: String(body.role ?? '') as Account['role'],
        province: String(body.province ?? ''),
        professions,
        supervisorId: Number(body.supervisorId) || null,
      }, err);
    }
  });

  const accountPage = async (req: Request, res: Response, id: number, status = 200, error?: HttpError) => {
    const account = await accounts.get(id);
    const [history, supervisors] = await Promise.all([accounts.history(id), accounts.supervisors()]);
    const staff = STAFF_ROLES.includes(account.role);
    res.status(status).send(
      views.render(req, 'admin-account', {
        title: `账号 ${account.username}`,
        target: { ...account.get({ plain: true }), roleName: ROLE_NAMES[account.role], scope: scopeLabel(account), self: account.id === req.account!.id },
        staff,
        roles: ROLE_OPTIONS.map((r) => ({ ...r, selected: r.value === account.role })),
        provinces: provinceOptions(account.province),
        professions: professionOptions(account.professions),
        supervisors: supervisors.filter((s) => s.id !== account.id).map((s) => ({ id: s.id, label: `${s.displayName}（${s.username}）`, selected: s.id === account.supervisorId })),
        history: history.map((h) => ({ at: h.at, actorName: h.actorName, action: ACTION_NAMES[h.action] ?? h.action })),
        error: error ? { field: error.field, message: error.message } : null,
        fieldErrors: error?.field ? { [error.field]: error.message } : {},
      }),
    );
  };

  router.get('/admin/accounts/:id', admin, async (req, res) => {
    await accountPage(req, res, Number(req.params.id));
  });

  const orPage = (action: (req: Request, id: number) => Promise<string>) => async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    try {
      flash(req, await action(req, id));
      res.redirect(303, `/admin/accounts/${id}`);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.status === 404) throw err;
      await accountPage(req, res, id, err.status, err);
    }
  };

  router.post('/admin/accounts/:id', admin, orPage(async (req, id) => {
    const account = await accounts.update(actorOf(req), id, (req.body ?? {}) as Record<string, unknown>);
    return `已保存账号 ${account.username} 的角色与审查范围：${ROLE_NAMES[account.role]}，${scopeLabel(account)}`;
  }));

  router.post('/admin/accounts/:id/active', admin, orPage(async (req, id) => {
    const active = String(req.body?.active ?? '') === '1';
    const account = await accounts.setActive(actorOf(req), id, active);
    return active ? `已启用账号 ${account.username}` : `已停用账号 ${account.username}，其所有登录会话已结束`;
  }));

  router.post('/admin/accounts/:id/password', admin, orPage(async (req, id) => {
    const account = await accounts.resetPassword(actorOf(req), id, req.body?.password);
    return `已重置账号 ${account.username} 的密码，其所有登录会话已结束；请将新密码告知本人`;
  }));

  // --- registers --------------------------------------------------------------

  router.get('/admin/enterprises', admin, async (req, res) => {
    const filters = { q: queryText(req, 'q'), province: queryText(req, 'province') };
    const where: WhereOptions<Enterprise>[] = [];
    if (filters.q) where.push({ [Op.or]: [{ name: { [Op.like]: like(filters.q) } }, { creditCode: { [Op.like]: `${filters.q.toUpperCase()}%` } }] });
    if (filters.province) where.push({ province: filters.province });
    const total = await m.Enterprise.count({ where: { [Op.and]: where } });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pageOf(req), pages);
    const rows = await m.Enterprise.findAll({ where: { [Op.and]: where }, order: [['id', 'ASC']], limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    res.send(
      views.render(req, 'admin-enterprises', {
        title: '企业库',
        filters,
        provinces: provinceOptions(filters.province),
        rows: rows.map((e) => ({ ...e.get({ plain: true }), provinceName: provinceName(e.province) })),
        pager: pager('/admin/enterprises', filters, page, pages, total),
      }),
    );
  });

  router.get('/admin/qualifications', admin, async (req, res) => {
    const filters = { q: queryText(req, 'q'), profession: queryText(req, 'profession') };
    const where: WhereOptions<Qualification>[] = [];
    if (filters.q) {
      const upper = filters.q.toUpperCase();
      // An ID number or a certificate number is matched from its start (index), a name exactly or by its start.
      where.push({ [Op.or]: [{ idNumber: { [Op.like]: `${upper}%` } }, { certificateNumber: { [Op.like]: `${upper}%` } }, { name: { [Op.like]: `${filters.q}%` } }] });
    }
    if (filters.profession) where.push({ profession: filters.profession });
    const total = await m.Qualification.count({ where: { [Op.and]: where } });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pageOf(req), pages);
    const rows = await m.Qualification.findAll({ where: { [Op.and]: where }, order: [['id', 'ASC']], limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    res.send(
      views.render(req, 'admin-qualifications', {
        title: '资格库',
        filters,
        professions: PROFESSIONS.map((p) => ({ value: p.code, label: p.name, selected: p.code === filters.profession })),
        rows: rows.map((q) => ({
          ...q.get({ plain: true }),
          idMasked: maskIdNumber(q.idNumber),
          professionName: professionName(q.profession),
          specialtyName: specialtyName(q.profession, q.specialty),
        })),
        pager: pager('/admin/qualifications', filters, page, pages, total),
      }),
    );
  });

  const registerOf = (req: Request): RegisterKind => {
    const register = req.params.register;
    if (register !== 'enterprises' && register !== 'qualifications') throw new HttpError(404, '页面不存在');
    return register;
  };

  router.get('/admin/:register/import', admin, (req, res) => {
    const register = registerOf(req);
    res.send(
      views.render(req, 'admin-register-import', {
        title: `${REGISTER_NAMES[register]}导入`,
        register,
        registerName: REGISTER_NAMES[register],
        columns: COLUMNS[register],
      }),
    );
  });

  router.get('/admin/:register/import-template.xlsx', admin, async (req, res) => {
    const register = registerOf(req);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${REGISTER_NAMES[register]}导入模板.xlsx`)}`);
    res.send(await imports.template(register));
  });

  router.post('/admin/:register/import', admin, (req, res, next) => {
    registerOf(req);
    upload.single('file')(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      next(new HttpError(code === 'LIMIT_FILE_SIZE' ? 413 : 400, code === 'LIMIT_FILE_SIZE' ? '导入文件：不能超过10 MB' : '导入文件：请求不是有效的文件上传', '导入文件'));
    });
  }, async (req, res) => {
    const register = registerOf(req);
    const file = (req as unknown as { file?: { originalname: string; buffer: Buffer } }).file;
    if (!file) throw new HttpError(422, '导入文件：请选择要导入的Excel文件（.xlsx）', '导入文件');
    const { report, auditId } = await imports.import(actorOf(req), register, file);
    res.status(report.accepted ? 201 : 422).json({ redirect: `/admin/imports/${auditId}`, accepted: report.accepted, errors: report.errors.length });
  });

  router.get('/admin/imports/:id', admin, async (req, res) => {
    const report = await imports.report(Number(req.params.id));
    if (!report) throw new HttpError(404, '导入记录不存在');
    res.send(
      views.render(req, 'admin-import-report', {
        title: `${REGISTER_NAMES[report.register]}导入结果`,
        report,
        registerName: REGISTER_NAMES[report.register],
        listHref: `/admin/${report.register}`,
        importHref: `/admin/${report.register}/import`,
      }),
    );
  });

  // --- code tables and audit --------------------------------------------------

  router.get('/admin/code-tables', admin, (req, res) => {
    res.send(
      views.render(req, 'admin-code-tables', {
        title: '代码表',
        provinces: PROVINCES.map((p) => ({ code: p.code, name: p.name, abbreviation: p.abbreviation, cities: p.cities.length })),
        professions: PROFESSIONS.map((p) => ({
          code: p.code,
          name: p.name,
          validityYears: p.validityYears,
          matters: p.matters.map((x) => `${x.name}（${x.matterCode}）`).join('、'),
          specialties: p.specialties.map((s) => ({ code: s.code, name: s.name })),
        })),
        industries: INDUSTRIES.map((i) => ({ code: i.code, name: i.name, kind: i.enterpriseKind, grades: i.grades.join('、') })),
        methods: QUALIFICATION_METHODS,
      }),
    );
  });

  router.get('/admin/audit', admin, async (req, res) => {
    const where = { entityType: ['account', 'register'], action: ADMIN_ACTIONS };
    const total = await m.AuditEntry.count({ where });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pageOf(req), pages);
    const rows = await m.AuditEntry.findAll({ where, order: [['at', 'DESC'], ['id', 'DESC']], limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const accountIds = rows.filter((r) => r.entityType === 'account').map((r) => Number(r.entityId));
    const names = new Map((await m.Account.findAll({ where: { id: accountIds }, attributes: ['id', 'username'] })).map((a) => [String(a.id), a.username]));
    res.send(
      views.render(req, 'admin-audit', {
        title: '操作日志',
        rows: rows.map((r) => ({
          at: r.at,
          actorName: r.actorName,
          action: ACTION_NAMES[r.action] ?? r.action,
          target: r.entityType === 'account' ? `账号 ${names.get(r.entityId) ?? r.entityId}` : REGISTER_NAMES[r.entityId as RegisterKind] ?? r.entityId,
          href: r.entityType === 'account' ? `/admin/accounts/${r.entityId}` : `/admin/imports/${r.id}`,
        })),
        pager: pager('/admin/audit', {}, page, pages, total),
      }),
    );
  });

  return router;
}

export const ACTION_NAMES: Record<string, string> = {
  'account-created': '新建账号',
  'account-updated': '修改角色与审查范围',
  'account-deactivated': '停用账号',
  'account-reactivated': '启用账号',
  'account-password-reset': '重置密码',
  'register-imported': '导入成功',
  'register-import-refused': '导入未通过校验（未导入）',
};
const ADMIN_ACTIONS = Object.keys(ACTION_NAMES);
ACTION_NAMES['login-failed'] = '登录失败';
