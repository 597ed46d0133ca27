/** The Express application: security, sessions, pages, portals and the error page. */
import crypto from 'node:crypto';
import path from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { LoginThrottle } from './auth/login-throttle.js';
import { authRoutes } from './auth/routes.js';
import { loadAccount } from './auth/session.js';
import { sessionMiddleware } from './auth/sessions.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ROLE_NAMES } from './db/models/account.js';
import type { Models } from './db/models/index.js';
import { HttpError, TooManyRequests } from './http/errors.js';
import { clientErrorOf, isFieldObject } from './http/request-errors.js';
import { createViewRenderer } from './http/views.js';
import { applicantPortal } from './portals/applicant.js';
import { casePages, type CaseServices } from './portals/cases.js';
import { diagramPages } from './portals/diagrams.js';
import { matterPages } from './portals/matters.js';
import type { ApplicationService } from './applications/application-service.js';
import { employerPortal } from './portals/employer.js';
import { reviewerPortal } from './portals/reviewer.js';
import { inboxServices } from './inbox/services.js';
import { taskPages } from './portals/task-page.js';
import { staffPortals } from './portals/staff.js';
import { studioPortal, type StudioPortalDeps } from './portals/studio.js';
import { uploadRoutes } from './uploads/routes.js';
import { verifyPages } from './portals/verify.js';
import { adminPortal } from './portals/admin.js';
import { announcementDocumentRoutes } from './portals/announcement-documents.js';
import { appealRoutes } from './portals/appeals.js';
import { caseAttachmentRoutes } from './portals/case-attachments.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-accounts.js';
import { csrfToken, sameOriginOnly } from './security/csrf.js';
import { securityHeaders } from './security/headers.js';
import { FormRegistry } from './forms/registry.js';
import type { MonitorService } from './monitor/monitor-service.js';
import { monitorPages } from './monitor/routes.js';

export interface AppDeps {
  config: Config;
  models: Models;
  clock: Clock;
  rootDir: string;
  /** The running engine's services; without them the case pages are not served. */
  cases?: CaseServices;
  applications?: ApplicationService;
  /** The analysts' process monitor, on the running engine. */
  monitor?: MonitorService;
  /** The analyst studio's services; without them /analyst lists the baseline files only. */
  studio?: StudioPortalDeps;
  /** Signs the session cookie (main.ts: SESSION_SECRET or the one kept in DATA_DIR); without it, a secret of this process only. */
  sessionSecret?: string;
}

const BODY_LIMIT = '1mb';
const MAX_FIELDS = 1000;

const fieldObjectsOnly: RequestHandler = (req, _res, next) => {
  next(isFieldObject(req.body) ? undefined : new HttpError(400, '请求内容格式错误：须为表单字段或JSON对象'));
};

export function createApp({ config, models, clock, rootDir, cases, applications, monitor, studio, sessionSecret }: AppDeps): express.Express {
  const app = express();
  const views = createViewRenderer(path.join(rootDir, 'templates'));
  const sequelize = models.Person.sequelize!;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config.publicUrl));
  app.use('/static', express.static(path.join(rootDir, 'public'), { maxAge: '1h' }));
  app.use(sameOriginOnly(config.publicUrl));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_FIELDS }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(fieldObjectsOnly);
  app.use(sessionMiddleware({ sequelize, secret: sessionSecret ?? crypto.randomBytes(48).toString('base64url'), config, clock }));
  app.use(csrfToken);
  app.use(loadAccount);

  app.get('/', (req, res) => {
    res.send(
      views.render(req, 'home', {
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
  app.use(authRoutes(views, { throttle: new LoginThrottle(sequelize, config.loginMaxFailures), clock }));
  app.use(applicantPortal(views, models, { clock, applications, devSmsOutbox: config.devSmsOutbox }));
  app.use(employerPortal(views, models, clock));
  // Without the engine the inbox still lists its tasks; only what moves a task needs it.
  app.use(reviewerPortal(views, models, cases?.inbox ?? inboxServices({ models, clock })));
  if (studio) app.use(studioPortal(views, studio));
  app.use(staffPortals(views, models, rootDir));
  app.use(adminPortal(views, models, sequelize, clock));
  if (monitor) app.use(monitorPages(views, monitor));
  if (cases) app.use(taskPages(views, models, cases));
  if (cases) app.use(casePages(views, models, cases));
  if (cases) app.use(diagramPages(cases.catalog));
  if (cases) app.use(caseAttachmentRoutes(models));
  if (cases) app.use(announcementDocumentRoutes(models, cases.documents));
  if (cases && applications) app.use(matterPages(views, models, applications, cases.forms));
  app.use(verifyPages(views, models, clock));
  app.use(appealRoutes(models, clock));
  app.use(uploadRoutes({ models, sequelize, forms: cases?.forms ?? FormRegistry.fromDirectory(path.join(rootDir, 'forms')) }));

  app.use((_req, _res, next) => next(new HttpError(404, '页面不存在')));
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = clientErrorOf(err);
    const status = known?.status ?? 500;
    if (status === 500) console.error(err);
    const message = known?.message ?? '系统繁忙，请稍后再试';
    if (known instanceof TooManyRequests) res.setHeader('retry-after', String(known.retryAfterSeconds));
    if (status === 401 && req.accepts(['html', 'json']) === 'html') {
      res.redirect(303, '/login');
      return;
    }
    if (req.accepts(['html', 'json']) === 'json') {
      // A refused form submission names every field it refused (the form shows each at its field and in the summary).
      const fieldErrors = known && Array.isArray((known as { errors?: unknown }).errors) ? (known as unknown as { errors: Array<{ field: string; message: string }> }).errors : null;
      res.status(status).json({ error: message, field: known?.field, errors: fieldErrors?.map((e) => ({ field: e.field, message: e.message })) });
      return;
    }
    res.status(status).send(views.render(req, 'error', { title: '提示', status, message }));
  };
  app.use(onError);
  return app;
}
