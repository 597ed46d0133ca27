/** The Express application: sessions, pages, portals and the error page. */
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import cookieSession from 'cookie-session';
import { authRoutes } from './auth/routes.js';
import { loadAccount } from './auth/session.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ROLE_NAMES } from './db/models/account.js';
import type { Models } from './db/models/index.js';
import { HttpError } from './http/errors.js';
import { createViewRenderer } from './http/views.js';
import { applicantPortal } from './portals/applicant.js';
import { casePages, type CaseServices } from './portals/cases.js';
import { matterPages } from './portals/matters.js';
import type { ApplicationService } from './applications/application-service.js';
import { employerPortal } from './portals/employer.js';
import { reviewerPortal } from './portals/reviewer.js';
import { staffPortals } from './portals/staff.js';
import { uploadRoutes } from './uploads/routes.js';
import { appealRoutes } from './portals/appeals.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-accounts.js';

export interface AppDeps {
  config: Config;
  models: Models;
  clock: Clock;
  rootDir: string;
  /** The running engine's services; without them the case pages are not served. */
  cases?: CaseServices;
  applications?: ApplicationService;
}

export function createApp({ config, models, clock, rootDir, cases, applications }: AppDeps): express.Express {
  const app = express();
  const views = createViewRenderer(path.join(rootDir, 'templates'));
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ limit: '1mb' }));
  app.use(
    cookieSession({
      name: 'zhuce',
      secret: config.sessionSecret,
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production,
      maxAge: 8 * 3600_000,
    }),
  );
  app.use('/static', express.static(path.join(rootDir, 'public'), { maxAge: '1h' }));
  app.use(loadAccount);

  app.get('/', (req, res) => {
    res.send(
      views.render('home', {
        title: '首页',
        account: req.account,
        demoPassword: DEMO_PASSWORD,
        demoAccounts: config.seedDemo
          ? DEMO_ACCOUNTS.map((a) => ({ ...a, roleName: ROLE_NAMES[a.role] }))
          : [],
      }),
    );
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', engine: config.engine });
  });
  app.use(authRoutes(views));
  app.use(applicantPortal(views, models));
  app.use(employerPortal(views, models, clock));
  app.use(reviewerPortal(views, models));
  app.use(staffPortals(views, models, rootDir));
  if (cases) app.use(casePages(views, models, cases));
  if (cases && applications) app.use(matterPages(views, models, applications, cases.forms));
  app.use(appealRoutes(models, clock));
  app.use(uploadRoutes({ models, sequelize: models.Person.sequelize! }));

  app.use((_req, _res, next) => next(new HttpError(404, '页面不存在')));
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = err instanceof HttpError ? err.status : 500;
    if (status === 500) console.error(err);
    const message = err instanceof HttpError ? err.message : '系统繁忙，请稍后再试';
    if (status === 401 && req.accepts(['html', 'json']) === 'html') {
      res.redirect(303, '/login');
      return;
    }
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error: message, field: err instanceof HttpError ? err.field : undefined });
      return;
    }
    res.status(status).send(views.render('error', { title: '提示', account: req.account, status, message }));
  };
  app.use(onError);
  return app;
}
