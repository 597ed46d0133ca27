/**
 * 企业 (SPEC §2): the employer's workbench, one page per screen — 企业首页 with
 * the to-do list, 我的消息, 企业基本信息, 注册申报管理 (search, 查看, paging, batch
 * 上报 / 退回; the decision itself is POST /employer/decide in matters.ts),
 * 注册人员查询 with its Excel export, 人员到期预警 (rule 17), 申辩管理 and the
 * forced cancellation the employer may file (rule 10). The lists are read by
 * EmployerWorkbench, searched and paged in SQL.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth/session.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { STATUS } from '../domain/statuses.js';
import { staffFilterOf, filingFilterOf, pageNumber, EmployerWorkbench, FILING_MATTERS, FILING_STATUSES, REGISTRATION_STATUSES, type Page } from '../employer/workbench.js';
import { exportDisposition, writeStaffWorkbook } from '../employer/staff-export.js';
import { HttpError } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { idParam } from '../http/ids.js';
import { type ViewRenderer } from '../http/views.js';
import { PROFESSIONS } from '../domain/professions.js';
import { FieldError } from '../validation/field-error.js';
import { requiredText } from '../validation/fields.js';
import { validateMobile } from '../validation/mobile.js';

/** The query string of a list without its page, for the pager's and the export's links. */
function queryWithout(req: Request, drop: string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (drop.includes(key) || typeof value !== 'string' || !value.trim()) continue;
    params.set(key, value.trim());
  }
  return params;
}

/** The pager partial's model: counts and the neighbouring pages' links, keeping the search. */
export function pagerOf(req: Request, page: Page<unknown>) {
  const base = queryWithout(req, ['page']);
  const link = (n: number) => {
    const params = new URLSearchParams(base);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return `${req.path}${qs ? `?${qs}` : ''}`;
  };
  const first = page.total ? (page.page - 1) * page.pageSize + 1 : 0;
  return {
    total: page.total,
    page: page.page,
    pages: page.pages,
    first,
    last: Math.min(page.total, page.page * page.pageSize),
    prev: page.page > 1 ? link(Math.min(page.page - 1, page.pages)) : null,
    next: page.page < page.pages ? link(page.page + 1) : null,
  };
}

const options = (list: Array<{ code: string; name: string }>, selected?: string) => list.map((o) => ({ ...o, selected: o.code === selected }));

export interface FilingsPageState {
  status?: number;
  error?: { message: string; field?: string };
  reason?: string;
  decision?: string;
  selected?: number[];
}

/** 注册申报管理, also rendered by POST /employer/decide when it refuses the input (422, the typed reason kept). */
export function filingsPage(views: ViewRenderer, m: Models) {
  const workbench = new EmployerWorkbench({ models: m });
  return async (req: Request, res: Response, state: FilingsPageState = {}) => {
    const enterpriseId = req.account!.enterpriseId!;
    const query = state.status ? {} : (req.query as Record<string, unknown>);
    const filter = filingFilterOf(query);
    const page = await workbench.filings(enterpriseId, filter, pageNumber(query.page));
    const selected = new Set(state.selected ?? []);
    res.status(state.status ?? 200).send(
      views.render(req, 'employer-filings', {
        title: '注册申报管理',
        filter,
        matters: options(FILING_MATTERS, filter.matter),
        statuses: FILING_STATUSES.map((s) => ({ code: s, name: s, selected: s === filter.status })),
        rows: page.rows.map((r) => ({ ...r, checked: selected.has(r.id) })),
        // The 上报/退回 panel only where this page has a case at 个人已上报.
        anySelectable: page.rows.some((r) => r.selectable),
        pager: pagerOf(req, page),
        searched: Object.values(filter).some((v) => v !== undefined),
        // The batch form's key: a second submission of this page's 上报/退回 gets the first one's results.
        filingKey: crypto.randomUUID(),
        error: state.error,
        reasonError: state.error?.field === '退回原因' ? state.error.message : undefined,
        reason: state.reason ?? '',
        returning: state.decision === 'return',
        submittedStatus: STATUS.submitted,
      }),
    );
  };
}

export function employerPortal(views: ViewRenderer, m: Models, clock: Clock): Router {
  const router = Router();
  const workbench = new EmployerWorkbench({ models: m, clock });
  const renderFilings = filingsPage(views, m);
  router.use('/employer', requireRole('employer'));
  router.param('id', idParam);
  const enterpriseIdOf = (req: Request) => req.account!.enterpriseId!;

  router.get('/employer', async (req, res) => {
    const enterprise = await workbench.enterprise(enterpriseIdOf(req));
    const todo = await workbench.todo(enterprise);
    res.send(
      views.render(req, 'employer-home', {
        title: '企业首页',
        enterprise: enterprise.get({ plain: true }),
        todo,
        basicInfoMissing: !enterprise.basicInfoSavedAt,
      }),
    );
  });

  router.get('/employer/messages', async (req, res) => {
    const page = await workbench.messages(enterpriseIdOf(req), pageNumber(req.query.page));
    res.send(
      views.render(req, 'employer-messages', {
        title: '我的消息',
        messages: page.rows.map((r) => r.get({ plain: true })),
        unread: await workbench.unreadCount(enterpriseIdOf(req)),
        pager: pagerOf(req, page),
      }),
    );
  });

  router.get('/employer/messages/:id', async (req, res) => {
    const message = await workbench.openMessage(enterpriseIdOf(req), Number(req.params.id));
    res.send(views.render(req, 'employer-message', { title: message.title, message: message.get({ plain: true }) }));
  });

  const renderProfile = async (req: Request, res: Response, state: { status?: number; error?: { message: string; field?: string }; values?: Record<string, string> } = {}) => {
    const enterprise = await workbench.enterprise(enterpriseIdOf(req));
    const plain = enterprise.get({ plain: true });
    res.status(state.status ?? 200).send(
      views.render(req, 'employer-profile', {
        title: '企业基本信息',
        enterprise: plain,
        values: state.values ?? { contactName: plain.contactName ?? '', contactPhone: plain.contactPhone ?? '', address: plain.address ?? '' },
        error: state.error,
        fieldErrors: state.error?.field ? { [state.error.field]: state.error.message } : {},
      }),
    );
  };
  router.get('/employer/profile', (req, res) => renderProfile(req, res));

  // 企业基本信息: saving it is what allows the employer to report (rule 12).
  router.post('/employer/profile', async (req, res) => {
    const enterprise = await m.Enterprise.findByPk(enterpriseIdOf(req));
    if (!enterprise) throw new HttpError(404, '企业不存在');
    const values = {
      contactName: String(req.body?.contactName ?? ''),
      contactPhone: String(req.body?.contactPhone ?? ''),
      address: String(req.body?.address ?? ''),
    };
    const contactName = requiredText(req.body?.contactName, '联系人', 32);
    const contactPhone = validateMobile(req.body?.contactPhone, { field: '联系电话' });
    const address = requiredText(req.body?.address, '详细地址', 120);
    const refused = [contactName, contactPhone, address].find((r) => r instanceof FieldError) as FieldError | undefined;
    if (refused) {
      if (req.accepts(['html', 'json']) === 'json') throw new HttpError(422, refused.message, refused.field);
      await renderProfile(req, res, { status: 422, error: { message: refused.message, field: refused.field }, values });
      return;
    }
    const now = clock.now();
    await enterprise.update({ contactName: contactName as string, contactPhone: contactPhone as string, address: address as string, basicInfoSavedAt: now });
    await m.AuditEntry.create({ at: now, actorAccountId: req.account!.id, actorName: req.account!.displayName, action: 'enterprise-profile-saved', entityType: 'enterprise', entityId: String(enterprise.id), detail: { contactName, contactPhone, address }, dedupeKey: null });
    flash(req, '企业基本信息已保存');
    res.redirect(303, '/employer/profile');
  });

  router.get('/employer/filings', (req, res) => renderFilings(req, res));

  router.get('/employer/staff', async (req, res) => {
    const filter = staffFilterOf(req.query as Record<string, unknown>);
    const page = await workbench.staff(enterpriseIdOf(req), filter, pageNumber(req.query.page));
    const exportQuery = queryWithout(req, ['page']).toString();
    res.send(
      views.render(req, 'employer-staff', {
        title: '注册人员查询',
        filter,
        professions: options(PROFESSIONS.map((p) => ({ code: p.code, name: p.name })), filter.profession),
        statuses: REGISTRATION_STATUSES.map((s) => ({ code: s, name: s, selected: s === filter.status })),
        rows: page.rows,
        pager: pagerOf(req, page),
        exportHref: `/employer/staff/export${exportQuery ? `?${exportQuery}` : ''}`,
      }),
    );
  });

  // 导出: the same search as the list, every page of it, streamed as .xlsx.
  router.get('/employer/staff/export', async (req, res) => {
    const filter = staffFilterOf(req.query as Record<string, unknown>);
    const enterprise = await workbench.enterprise(enterpriseIdOf(req));
    res.status(200);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', exportDisposition(enterprise.name, clock.now()));
    res.setHeader('cache-control', 'no-store');
    try {
      await writeStaffWorkbook(res, `${enterprise.name} 注册人员`, workbench.staffChunks(enterprise.id, filter));
    } catch (err) {
      // Headers are gone: a broken download is all the browser can be told.
      console.error(err);
      res.destroy(err as Error);
    }
  });

  router.get('/employer/expiring', async (req, res) => {
    const page = await workbench.expiring(enterpriseIdOf(req), pageNumber(req.query.page));
    res.send(views.render(req, 'employer-expiring', { title: '人员到期预警', rows: page.rows, pager: pagerOf(req, page) }));
  });

  router.get('/employer/appeals', async (req, res) => {
    const enterpriseId = enterpriseIdOf(req);
    const [appeals, openAppeals] = await Promise.all([
      m.Appeal.findAll({ where: { enterpriseId }, order: [['createdAt', 'DESC']], limit: 100 }),
      m.Appeal.count({ where: { enterpriseId, status: '待申辩' } }),
    ]);
    res.send(views.render(req, 'employer-appeals', { title: '申辩管理', appealsTitle: '申辩事项', appeals, openAppeals }));
  });

  router.get('/employer/forced-cancellation', async (req, res) => {
    const professions = await workbench.forcedCancellation(enterpriseIdOf(req));
    res.send(views.render(req, 'employer-forced-cancellation', { title: '企业申请强制注销', professions }));
  });

  return router;
}
