/**
 * Server-rendered pages: Handlebars templates under templates/pages, wrapped
 * in templates/layouts/main.hbs, with partials from templates/partials.
 * Templates are compiled once and cached.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import Handlebars from 'handlebars';
import { pageToken } from '../security/csrf.js';
import { takeFlash } from './flash.js';
import { navigationFor, type NavItem } from './navigation.js';
import { ROLE_NAMES } from '../db/models/account.js';

/** JSON for a <script type="application/json"> block: data can never close the tag. */
export const scriptJson = (value: unknown) => JSON.stringify(value ?? null).replace(/</g, '\\u003c');


export interface ViewRenderer {
  /** A page for the request: its account and CSRF token go into the layout and the page's forms. */
  render(req: Request, page: string, context: Record<string, unknown>): string;
}

/**
 * The colour of a status tag (public/styles.css `.tag-*`), from the status's
 * words: refusals and returns red, corrections and waits yellow, finished
 * green, withdrawn grey, everything under way blue.
 */
export function statusColour(status: string): string {
  if (/撤回|注销|停用|已失效|过期|作废|已关闭/.test(status)) return 'grey';
  if (/补正|待申辩|临近|预警|即将/.test(status)) return 'yellow';
  if (/不通过|未受理|退回|超期|驳回|失败|异常|不予/.test(status)) return 'red';
  if (/通过|已公告|已发证|已更正|有效|启用|已完成|已办结|已申辩|成功|正常/.test(status)) return 'green';
  return 'blue';
}

/** Breadcrumbs above a page: the role's first screen, then the screen the page belongs to, then the page (the layout adds it). */
function breadcrumbsFor(nav: ReturnType<typeof navigationFor> | undefined, title: unknown): NavItem[] {
  if (!nav) return [];
  const home = nav.sections[0]?.items[0];
  const trail: NavItem[] = [];
  if (home && home.label !== title) trail.push({ label: home.label, href: home.href });
  if (nav.current && nav.current.href !== home?.href && nav.current.label !== title) trail.push(nav.current);
  return trail;
}

function formatDate(value: unknown, withTime: boolean): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  // Shown in China Standard Time whatever the server's zone.
  const local = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return withTime ? `${local.slice(0, 10)} ${local.slice(11, 16)}` : local.slice(0, 10);
}

type Plain = { get(options: { plain: true }): unknown; dataValues: unknown };
const isModel = (v: unknown): v is Plain => typeof v === 'object' && v !== null && 'dataValues' in v && typeof (v as Plain).get === 'function';

/** Handlebars refuses prototype getters, which is where Sequelize keeps attributes: hand it plain data. */
function plain(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(context).map(([k, v]) => [
      k,
      isModel(v) ? v.get({ plain: true }) : Array.isArray(v) ? v.map((x) => (isModel(x) ? x.get({ plain: true }) : x)) : v,
    ]),
  );
}

export function createViewRenderer(templatesDir: string): ViewRenderer {
  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('date', (v: unknown) => formatDate(v, false));
  hbs.registerHelper('datetime', (v: unknown) => formatDate(v, true));
  hbs.registerHelper('json', (v: unknown) => JSON.stringify(v));
  // {{status-tag application.status}}: the status as a coloured tag.
  hbs.registerHelper('status-tag', (v: unknown) => {
    const text = v == null ? '' : String(v);
    if (!text) return '';
    return new hbs.SafeString(`<strong class="tag tag-${statusColour(text)}">${hbs.escapeExpression(text)}</strong>`);
  });
  const partialsDir = path.join(templatesDir, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(file.replace(/\.hbs$/, ''), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }
  const cache = new Map<string, Handlebars.TemplateDelegate>();
  const compile = (file: string) => {
    let template = cache.get(file);
    if (!template) {
      template = hbs.compile(fs.readFileSync(path.join(templatesDir, file), 'utf8'));
      cache.set(file, template);
    }
    return template;
  };
  return {
    render(req, page, raw) {
      const account = req.account;
      // A page outside the navigation (a task) names the entry it was opened from: its breadcrumb and highlight.
      const nav = account ? navigationFor(account.role, typeof raw.navPath === 'string' ? raw.navPath : req.path) : undefined;
      const context = plain({
        account,
        ...raw,
        roleName: account ? ROLE_NAMES[account.role] : undefined,
        csrfToken: pageToken(req),
        notices: takeFlash(req),
        nav,
        breadcrumbs: breadcrumbsFor(nav, raw.title),
      });
      const body = compile(`pages/${page}.hbs`)(context);
      return compile('layouts/main.hbs')({ ...context, body });
    },
  };
}
