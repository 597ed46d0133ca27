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
import { navigationFor } from './navigation.js';

/** JSON for a <script type="application/json"> block: data can never close the tag. */
export const scriptJson = (value: unknown) => JSON.stringify(value ?? null).replace(/</g, '\\u003c');


export interface ViewRenderer {
  /** A page for the request: its account and CSRF token go into the layout and the page's forms. */
  render(req: Request, page: string, context: Record<string, unknown>): string;
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
      const context = plain({
        account,
        ...raw,
        csrfToken: pageToken(req),
        notices: takeFlash(req),
        nav: account ? navigationFor(account.role, req.path) : undefined,
      });
      const body = compile(`pages/${page}.hbs`)(context);
      return compile('layouts/main.hbs')({ ...context, body });
    },
  };
}
