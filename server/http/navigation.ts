/**
 * The side navigation of every role: one entry per screen of SPEC §2. A portal
 * that adds a screen adds its entry here; the layout marks the entry whose
 * href is the longest prefix of the request path as current, and the
 * breadcrumbs follow from it.
 */
import type { Role } from '../db/models/account.js';

export interface NavItem {
  label: string;
  href: string;
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

/** Both review levels work the same inbox. */
const REVIEWER_INBOX: NavSection = {
  title: '待办任务',
  items: [
    { label: '我的待办', href: '/reviewer' },
    { label: '组内待办', href: '/reviewer/group' },
    { label: '已办', href: '/reviewer/done' },
    { label: '我的消息', href: '/reviewer/messages' },
  ],
};

export const NAVIGATION: Record<Role, NavSection[]> = {
  applicant: [
    { items: [{ label: '我的首页', href: '/applicant' }] },
    {
      title: '个人中心',
      items: [
        { label: '个人信息', href: '/applicant/profile' },
        { label: '注册信息', href: '/applicant/registrations' },
        { label: '信息更正', href: '/applicant/correction' },
      ],
    },
    {
      title: '注册申报',
      items: [
        { label: '申报事项', href: '/applicant/matters' },
        { label: '当前申报', href: '/applicant/current' },
        { label: '历史申报', href: '/applicant/history' },
      ],
    },
    {
      title: '消息与申辩',
      items: [
        { label: '我的消息', href: '/applicant/messages' },
        { label: '我的申辩', href: '/applicant/appeals' },
      ],
    },
    {
      title: '帮助',
      items: [
        { label: '办事指南', href: '/applicant/guide' },
        { label: '在线客服', href: '/applicant/help' },
      ],
    },
  ],
  employer: [
    {
      items: [
        { label: '企业首页', href: '/employer' },
        { label: '我的消息', href: '/employer/messages' },
      ],
    },
    {
      title: '企业信息',
      items: [
        { label: '企业基本信息', href: '/employer/profile' },
        { label: '企业名称变更', href: '/apply?matter=enterprise-rename' },
        { label: '补正资质', href: '/apply?matter=qualification-fix' },
      ],
    },
    {
      title: '人员注册',
      items: [
        { label: '注册申报管理', href: '/employer/filings' },
        { label: '注册人员查询', href: '/employer/staff' },
        { label: '人员到期预警', href: '/employer/expiring' },
        { label: '申辩管理', href: '/employer/appeals' },
        { label: '企业申请强制注销', href: '/employer/forced-cancellation' },
      ],
    },
  ],
  provincial_reviewer: [
    REVIEWER_INBOX,
  ],
  ministry_reviewer: [
    REVIEWER_INBOX,
    { title: '公告', items: [{ label: '公告管理', href: '/reviewer/announcements' }] },
  ],
  analyst: [
    {
      items: [
        { label: '流程与表单', href: '/analyst' },
        { label: '流程监控', href: '/analyst/monitor' },
      ],
    },
  ],
  admin: [
    { items: [{ label: '系统管理', href: '/admin' }] },
    {
      title: '用户与角色',
      items: [
        { label: '账号管理', href: '/admin/accounts' },
        { label: '新建账号', href: '/admin/accounts/new' },
      ],
    },
    {
      title: '基础数据',
      items: [
        { label: '企业库', href: '/admin/enterprises' },
        { label: '资格库', href: '/admin/qualifications' },
        { label: '代码表', href: '/admin/code-tables' },
      ],
    },
    { title: '审计', items: [{ label: '操作日志', href: '/admin/audit' }] },
  ],
};

export interface RenderedNav {
  sections: Array<{ title?: string; items: Array<NavItem & { current: boolean }> }>;
  /** The breadcrumb trail: section title and the current entry, when the page is not the entry itself. */
  current?: NavItem;
}

/** The role's navigation with the entry for `path` marked. */
export function navigationFor(role: Role, path: string): RenderedNav {
  const sections = NAVIGATION[role] ?? [];
  const matches = (href: string) => path === href || path.startsWith(`${href.split('?')[0]}/`);
  let best: NavItem | undefined;
  for (const item of sections.flatMap((s) => s.items)) {
    if (matches(item.href) && (!best || item.href.length > best.href.length)) best = item;
  }
  return {
    sections: sections.map((s) => ({ title: s.title, items: s.items.map((i) => ({ ...i, current: i === best })) })),
    current: best,
  };
}
