/**
 * 省级 / 部级: the reviewer inbox, the screen reviewers live in. Three tabs
 * (我的待办 /reviewer, 组内待办 /reviewer/group, 已办 /reviewer/done), the
 * filters as GET parameters (a filter is a URL, saved filters are such URLs),
 * sort and paging answered by the database (server/inbox/inbox-query.ts),
 * claim and release, 批量受理, and 我的消息 (reminders and escalations).
 */
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth/session.js';
import type { Account } from '../db/models/account.js';
import type { Models } from '../db/models/index.js';
import { STATUS } from '../domain/statuses.js';
import { PROFESSIONS, MATTER_CODES } from '../domain/professions.js';
import { matterName, professionName, provinceName, specialtyName } from '../domain/labels.js';
import { MAINLAND_PROVINCES } from '../domain/regions.js';
import { HttpError } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { idParam } from '../http/ids.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import { ACCEPTANCE_FORMS, type BatchOutcome } from '../inbox/inbox-actions.js';
import { deadlineView } from '../inbox/deadline.js';
import { inboxQueryString, parseInboxQuery, PAGE_SIZES, type InboxFilters, type InboxTab } from '../inbox/inbox-query.js';
import type { InboxServices } from '../inbox/services.js';

declare module 'express-session' {
  interface SessionData {
    /** The outcome of the last 批量受理, shown once on the next inbox page. */
    inboxBatch?: BatchOutcome[];
  }
}

export const TAB_PATHS: Record<InboxTab, string> = { mine: '/reviewer', group: '/reviewer/group', done: '/reviewer/done' };
const TAB_LABELS: Record<InboxTab, string> = { mine: '我的待办', group: '组内待办', done: '已办' };

/** A return address inside the inbox (a form's `back`), or the inbox itself: never anywhere else. */
export function inboxBack(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return /^\/reviewer(\/(group|done))?(\?[^\s#]*)?$/.test(text) ? text : '/reviewer';
}

/** The inbox URL of a tab with filters and a page. */
export function inboxUrl(filters: InboxFilters, page: { page?: number; pageSize?: number } = {}): string {
  const tab = filters.tab ?? 'mine';
  const query = inboxQueryString({ ...filters, tab: undefined }, page);
  return `${TAB_PATHS[tab]}${query ? `?${query}` : ''}`;
}

/** The filter form's one sort select ("deadline-asc") as the inbox's two parameters. */
function withOrder(query: Record<string, unknown>): Record<string, unknown> {
  const order = typeof query.order === 'string' ? query.order : '';
  if (!order) return query;
  const match = /^(arrival|deadline)-(asc|desc)$/.exec(order);
  if (!match) throw new HttpError(400, '排序取值无效：须为到达时间或办理时限，升序或降序', 'order');
  const rest = { ...query };
  delete rest.order;
  return { ...rest, sort: match[1], direction: match[2] };
}

/** A saved filter's query string as the inbox URL of its tab. */
function savedHref(query: string): string {
  try {
    return inboxUrl(parseInboxQuery(Object.fromEntries(new URLSearchParams(query))).filters);
  } catch {
    return '/reviewer';
  }
}

const option = (value: string, label: string, selected: unknown) => ({ value, label, selected: value === selected });

function scopeOf(account: Account) {
  return {
    level: account.role === 'ministry_reviewer' ? '部级' : '省级',
    province: account.province ? provinceName(account.province) : null,
    professions: (account.professions ?? []).map(professionName),
  };
}

export function reviewerPortal(views: ViewRenderer, m: Models, inbox: InboxServices): Router {
  const router = Router();
  router.use('/reviewer', requireRole('provincial_reviewer', 'ministry_reviewer'));
  router.param('id', idParam);

  async function inboxPage(req: Request, res: Response, tab: InboxTab) {
    const account = req.account!;
    if (typeof req.query.tab === 'string' && req.query.tab !== tab) {
      // ?tab=group on /reviewer: the tab's own address, the other parameters kept.
      const { filters, page } = parseInboxQuery(withOrder(req.query as Record<string, unknown>));
      res.redirect(303, inboxUrl(filters, page));
      return;
    }
    const { filters, page } = parseInboxQuery({ ...withOrder(req.query as Record<string, unknown>), tab });
    // The filter form sends every field, empty ones too: answer with the filter's own short URL.
    const canonical = inboxUrl({ ...filters, tab }, page);
    const raw = req.originalUrl.slice(req.path.length);
    if (raw && `${TAB_PATHS[tab]}${raw}` !== canonical) {
      res.redirect(303, canonical);
      return;
    }
    // The page's two reads go to the database side by side: they do not depend on one another.
    const [result, { savedFilters, supervises }] = await Promise.all([inbox.query.list(account, filters, page), inbox.actions.besideTasks(account)]);
    const now = inbox.clock.now();
    const f = result.filters;
    const here = inboxUrl(f, { page: result.page, pageSize: result.pageSize });
    const batch = req.session?.inboxBatch;
    if (req.session && batch) delete req.session.inboxBatch;

    const rows = result.rows.map((row) => {
      const claimedByMe = row.claimedBy === account.id;
      const claimedByOther = row.claimedBy !== null && !claimedByMe;
      const open = row.status === 'open';
      return {
        ...row,
        matterLabel: row.matter ? `${row.profession ? professionName(row.profession) : ''}${matterName(row.matter)}` : '',
        specialtyLabel: row.specialties.map((s) => specialtyName(row.profession ?? '', s)).join('、'),
        provinceLabel: row.province ? provinceName(row.province) : '',
        deadline: open ? deadlineView(row.dueAt, now) : null,
        claimedByMe,
        claimedByOther,
        open,
        mayClaim: open && row.claimedBy === null,
        mayRelease: open && claimedByMe,
        batchable: open && !claimedByOther && ACCEPTANCE_FORMS.includes(row.formId ?? ''),
        href: `/tasks/${row.id}?back=${encodeURIComponent(here)}`,
      };
    });
    // A capped count reads "1000+".
    const countLabel = (n: number, more: boolean) => `${n}${more ? '+' : ''}`;
    const tabs = (['mine', 'group', 'done'] as const).map((t) => ({
      label: TAB_LABELS[t],
      href: TAB_PATHS[t],
      count: countLabel(result.counts[t], result.countsAtLeast[t]),
      countText: `${result.counts[t]}项${result.countsAtLeast[t] ? '以上' : ''}`,
      current: t === tab,
    }));
    const pageLink = (n: number) => inboxUrl(f, { page: n, pageSize: result.pageSize });
    const first = result.total ? (result.page - 1) * result.pageSize + 1 : 0;
    const last = Math.min(result.total, result.page * result.pageSize);
    const pages: Array<{ number: number; href: string; current: boolean } | { gap: true }> = [];
    // A capped count knows no last page: the pager ends two pages on, then a gap.
    const lastKnown = result.totalAtLeast ? Math.min(result.pages, result.page + 2) : result.pages;
    for (let n = 1; n <= lastKnown; n++) {
      if (n === 1 || n === lastKnown || Math.abs(n - result.page) <= 2) pages.push({ number: n, href: pageLink(n), current: n === result.page });
      else if (!('gap' in (pages[pages.length - 1] ?? {}))) pages.push({ gap: true });
    }
    if (result.totalAtLeast) pages.push({ gap: true });
    const filterCount = ['matter', 'profession', 'specialty', 'province', 'status', 'due', 'text', 'claim'].filter((k) => f[k as keyof InboxFilters] !== undefined).length + (f.anomaly !== undefined ? 1 : 0);
    const sortValue = `${f.sort}-${f.direction}`;
    // The choices offered are those of the reviewer's scope: anything else could only find nothing.
    const inScope = PROFESSIONS.filter((p) => !account.professions?.length || account.professions.includes(p.code));
    const provinces = account.role === 'provincial_reviewer' && account.province ? MAINLAND_PROVINCES.filter((p) => p.code === account.province) : MAINLAND_PROVINCES;

    res.send(
      views.render(req, 'reviewer', {
        title: TAB_LABELS[tab],
        account,
        scope: scopeOf(account),
        tab,
        tabs,
        tabPath: TAB_PATHS[tab],
        here,
        rows,
        total: result.total,
        totalLabel: countLabel(result.total, result.totalAtLeast),
        first,
        last,
        page: result.page,
        pages: result.pages > 1 || result.totalAtLeast ? pages : [],
        prev: result.page > 1 ? pageLink(result.page - 1) : null,
        next: result.page < result.pages || result.totalAtLeast ? pageLink(result.page + 1) : null,
        filterCount,
        showBatch: tab !== 'done' && rows.some((r) => r.batchable),
        showClaim: tab !== 'done',
        isGroupTab: tab === 'group',
        isMineTab: tab === 'mine',
        isDone: tab === 'done',
        batch: batch
          ? { accepted: batch.filter((b) => b.accepted).length, refused: batch.filter((b) => !b.accepted).length, outcomes: batch }
          : null,
        savedFilters: savedFilters.map((s) => ({ id: s.id, name: s.name, href: savedHref(s.query) })),
        supervisor: supervises,
        form: {
          text: f.text ?? '',
          professions: inScope.map((p) => option(p.code, p.name, f.profession)),
          matters: [...MATTER_CODES, 'photo-signature', 'enterprise-rename', 'qualification-fix'].map((code) => option(code, matterName(code), f.matter)),
          specialtyGroups: inScope.map((p) => ({ label: p.name, options: p.specialties.map((s) => option(s.code, s.name, f.specialty)) })),
          provinces: provinces.map((p) => option(p.code, p.name, f.province)),
          statuses: Object.values(STATUS).map((s) => option(s, s, f.status)),
          anomaly: [option('yes', '有异常（含申辩）', f.anomaly === true ? 'yes' : undefined), option('no', '无异常', f.anomaly === false ? 'no' : undefined)],
          due: [option('overdue', '已超期', f.due), option('soon', '3个工作日内到期', f.due)],
          claim: [option('unclaimed', '仅未认领', f.claim)],
          sorts: [
            option('arrival-asc', '到达时间：先到先办', sortValue),
            option('arrival-desc', '到达时间：最新在前', sortValue),
            option('deadline-asc', '办理时限：最紧在前', sortValue),
            option('deadline-desc', '办理时限：最宽在前', sortValue),
          ],
          pageSizes: PAGE_SIZES.map((n) => option(String(n), `每页${n}条`, String(result.pageSize))),
        },
        pageData: scriptJson({ batchable: rows.filter((r) => r.batchable).map((r) => r.id) }),
      }),
    );
  }

  router.get('/reviewer', (req, res) => inboxPage(req, res, 'mine'));
  router.get('/reviewer/group', (req, res) => inboxPage(req, res, 'group'));
  router.get('/reviewer/done', (req, res) => inboxPage(req, res, 'done'));

  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  router.post('/reviewer/tasks/:id/claim', async (req, res) => {
    const task = await inbox.actions.claim(req.account!, Number(req.params.id));
    flash(req, `已认领：${task.applicationNumber ?? ''} ${task.name}`.trim());
    res.redirect(303, inboxBack(body(req).back));
  });

  router.post('/reviewer/tasks/:id/unclaim', async (req, res) => {
    const task = await inbox.actions.unclaim(req.account!, Number(req.params.id));
    flash(req, `已取消认领，任务退回组内待办：${task.applicationNumber ?? ''} ${task.name}`.trim());
    res.redirect(303, inboxBack(body(req).back));
  });

  router.post('/reviewer/tasks/:id/assign', async (req, res) => {
    const task = await inbox.actions.assign(req.account!, Number(req.params.id), Number(body(req).assignee));
    flash(req, `已指派给${task.claimedByName ?? ''}：${task.applicationNumber ?? ''} ${task.name}`);
    res.redirect(303, `/tasks/${task.id}?back=${encodeURIComponent(inboxBack(body(req).back))}`);
  });

  router.post('/reviewer/batch-accept', async (req, res) => {
    const raw = body(req).taskIds;
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => String(v));
    if (list.some((v) => !/^\d{1,9}$/.test(v))) throw new HttpError(400, '任务编号无效：须为正整数', 'taskIds');
    const opinion = typeof body(req).acceptanceOpinion === 'string' ? (body(req).acceptanceOpinion as string) : undefined;
    const outcomes = await inbox.actions.batchAccept(req.account!, list.map(Number), opinion);
    if (req.session) req.session.inboxBatch = outcomes;
    res.redirect(303, inboxBack(body(req).back));
  });

  router.post('/reviewer/filters', async (req, res) => {
    const b = body(req);
    const back = inboxBack(b.back);
    const query = Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? ''));
    const tab = back.startsWith('/reviewer/group') ? 'group' : back.startsWith('/reviewer/done') ? 'done' : 'mine';
    delete query.page;
    const saved = await inbox.actions.saveFilter(req.account!, String(b.name ?? ''), { ...query, tab });
    flash(req, `已保存筛选条件“${saved.name}”`);
    res.redirect(303, back);
  });

  router.post('/reviewer/filters/:id/delete', async (req, res) => {
    await inbox.actions.deleteFilter(req.account!, Number(req.params.id));
    flash(req, '已删除筛选条件');
    res.redirect(303, inboxBack(body(req).back));
  });

  router.get('/reviewer/messages', async (req, res) => {
    const account = req.account!;
    res.send(
      views.render(req, 'reviewer-messages', {
        title: '我的消息',
        account,
        scope: scopeOf(account),
        // Reminders and escalations of overdue reviews (rule 16) reach the reviewer's own account.
        messages: await m.Message.findAll({
          where: { recipientKind: 'account', recipientId: account.id },
          order: [['createdAt', 'DESC']],
          limit: 50,
        }),
      }),
    );
  });
  return router;
}
