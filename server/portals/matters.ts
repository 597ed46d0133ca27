/**
 * Filing and moving cases from the browser: an applicant's or employer's
 * start form (with the commitment letter's 60 seconds counted on the server),
 * withdrawal, the employer's batch 上报 / 退回, the applicant's 所在企业信息,
 * and the ministry's 公告 batch. Every refusal comes back as the service's
 * Chinese message.
 */
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import { literal, Op } from 'sequelize';
import { ANNOUNCED_MATTERS } from '../applications/announcements.js';
import { applicationModels } from '../applications/models.js';
import type { ApplicationService } from '../applications/application-service.js';
import { EMPLOYER_REPORT_PURPOSE } from '../applications/employer-desk.js';
import { filingKeyOf } from '../applications/filing-keys.js';
import { findComponent } from '../applications/start-facts.js';
import { narrowSpecialties } from '../applications/specialty-choices.js';
import { requireRole } from '../auth/session.js';
import type { Models } from '../db/models/index.js';
import { caseTitle, professionName } from '../domain/labels.js';
import { decisionSummary } from '../employer/workbench.js';
import { PROFESSIONS } from '../domain/professions.js';
import type { FormRegistry } from '../forms/registry.js';
import { HttpError } from '../http/errors.js';
import { idParam } from '../http/ids.js';
import { flash } from '../http/flash.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import { filingsPage } from './employer.js';


function matterOf(req: Request): { profession?: string; matter: string } {
  const profession = typeof req.query.profession === 'string' && req.query.profession ? req.query.profession : undefined;
  const matter = String(req.query.matter ?? '');
  if (!matter) throw new HttpError(422, '请选择申报事项', '申报事项');
  return { profession, matter };
}

function ids(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** The matters an applicant may start: those of the professions the person is qualified or registered for. */
export async function applicantMatters(models: Models, personId: number) {
  const person = await models.Person.findByPk(personId);
  if (!person) return [];
  const [quals, regs] = await Promise.all([
    models.Qualification.findAll({ where: { idNumber: person.idNumber }, attributes: ['profession'] }),
    models.Registration.findAll({ where: { personId, status: { [Op.ne]: '已注销' } }, attributes: ['profession'] }),
  ]);
  const held = new Set([...quals, ...regs].map((r) => r.profession));
  return PROFESSIONS.filter((p) => held.has(p.code)).map((p) => ({
    profession: p.code,
    name: p.name,
    matters: [
      ...p.matters.map((m) => ({ matter: m.matter, name: m.name, matterCode: m.matterCode })),
      { matter: 'photo-signature', name: '修改免冠照及手写签名', matterCode: '' },
    ],
  }));
}

export function matterPages(views: ViewRenderer, m: Models, applications: ApplicationService, forms: FormRegistry): Router {
  const router = Router();
  router.param('id', idParam);

  router.get('/apply', requireRole('applicant', 'employer'), async (req, res) => {
    // 申报事项 in the applicant's menu: the list of matters to choose from.
    if (!req.query.matter && req.account!.role === 'applicant') {
      res.redirect(303, '/applicant/matters');
      return;
    }
    const request = matterOf(req);
    const start = await applications.startForm(req.account!, request);
    const schema = narrowSpecialties(forms.get(start.formId)!, start.allowedSpecialties);
    const query = new URLSearchParams({ ...(request.profession ? { profession: request.profession } : {}), matter: request.matter });
    res.send(
      views.render(req, 'apply', {
        title: start.title,
        account: req.account,
        heading: start.title,
        action: `/apply?${query}`,
        commitmentAction: `/apply/commitment?${query}`,
        formSchema: scriptJson(schema),
        formData: scriptJson(start.data),
        // 获取短信验证码 beside a form that asks for the code (一级建造师, seed 003 §3.1.4).
        smsCode: req.account!.role === 'applicant' && Boolean(findComponent(schema, 'smsCode')),
        specialtiesNarrowed: start.allowedSpecialties !== null,
      }),
    );
  });

  // Opening the letter starts its 60 seconds on the server's clock (rule 2).
  router.post('/apply/commitment', requireRole('applicant', 'employer'), async (req, res) => {
    const purpose = req.query.purpose === EMPLOYER_REPORT_PURPOSE ? EMPLOYER_REPORT_PURPOSE : matterOf(req);
    const opened = await applications.openCommitment(req.account!, purpose);
    res.json({ openedAt: opened.openedAt, confirmableAt: opened.confirmableAt, now: new Date() });
  });

  router.post('/apply', requireRole('applicant', 'employer'), async (req, res) => {
    const request = matterOf(req);
    const formData = (req.body ?? {}) as Record<string, unknown>;
    if (formData.personalCommitment === 'decline') {
      const { message } = await applications.declineCommitment(req.account!, request);
      res.status(409).json({ error: message });
      return;
    }
    const { application, message, warnings, repeated } = await applications.start(req.account!, { ...request, formData });
    // A repeated submission of the same form opening gets the case the first one created (200), never a second one.
    flash(req, [message, ...warnings].join(' '));
    res.status(repeated ? 200 : 201).json({ redirect: `/applications/${application.id}`, message });
  });

  router.post('/applications/:id/withdraw', requireRole('applicant'), async (req, res) => {
    const id = Number(req.params.id);
    const result = await applications.withdraw(req.account!, id, String(req.body?.reason ?? '') || null);
    flash(req, result.message);
    res.redirect(303, `/applications/${id}`);
  });

  router.post('/applicant/employer', requireRole('applicant'), async (req, res) => {
    const enterprise = await applications.saveEmployer(req.account!, {
      creditCode: String(req.body?.creditCode ?? '').trim(),
      handlerMobile: String(req.body?.handlerMobile ?? '').trim() || null,
    });
    flash(req, `已保存所在企业：${enterprise.name}`);
    res.redirect(303, `/applicant/profile`);
  });

  // 注册申报管理: 上报 / 退回 on a selection; the return reason is typed in the page. Refused input
  // renders the page again (422) with the message at its field and the typed reason and selection kept.
  const renderFilings = filingsPage(views, m);
  router.post('/employer/decide', requireRole('employer'), async (req, res) => {
    const decision = req.body?.decision === 'return' ? 'return' : 'report';
    const selected = ids(req.body?.ids);
    const reason = typeof req.body?.reason === 'string' ? req.body.reason.trim() : '';
    try {
      if (!selected.length) throw new HttpError(422, `请先勾选要${decision === 'return' ? '退回' : '上报'}的申报`, '申报');
      if (decision === 'return' && !reason) throw new HttpError(422, '退回原因：退回申报须填写退回原因，申请人将在“我的消息”中看到', '退回原因');
      const results = await applications.employerDecide(req.account!, selected, decision, reason || null, filingKeyOf(req.body?.filingKey));
      flash(req, decisionSummary(results));
      res.redirect(303, '/employer/filings');
    } catch (err) {
      if (err instanceof HttpError && err.status === 422 && req.accepts(['html', 'json']) === 'html') {
        await renderFilings(req, res, { status: 422, error: { message: err.message, field: err.field }, reason, decision, selected });
        return;
      }
      throw err;
    }
  });

  // 公告: the ministry publishes approved cases as one batch. A case listed in an announcement leaves the
  // list at once (its status stays 审批通过 until the process takes the message), so it cannot be picked twice.
  router.get('/reviewer/announcements', requireRole('ministry_reviewer'), async (req, res) => {
    const scope = req.account!.professions;
    const waiting = await m.Application.findAll({
      where: {
        status: '审批通过',
        matter: ANNOUNCED_MATTERS,
        ...(scope?.length ? { profession: scope } : {}),
        id: { [Op.notIn]: literal('(SELECT "applicationId" FROM "announcement_items")') },
      },
      include: [{ model: m.Person, as: 'person' }, { model: m.Enterprise, as: 'enterprise' }],
      order: [['decidedAt', 'ASC']],
      limit: 500,
    });
    const published = await applicationModels.Announcement.findAll({
      where: scope?.length ? { profession: scope } : {},
      order: [['publishedAt', 'DESC']],
      limit: 20,
    });
    res.send(
      views.render(req, 'announcements', {
        title: '公告发布',
        account: req.account,
        filingKey: crypto.randomUUID(),
        cases: waiting.map((a) => ({ ...a.get({ plain: true }), title: caseTitle(a.profession, a.matter) })),
        published: published.map((a) => ({
          id: a.id,
          number: a.number,
          professionName: professionName(a.profession),
          count: a.items.length,
          publishedAt: a.publishedAt,
        })),
      }),
    );
  });

  router.post('/reviewer/announcements', requireRole('ministry_reviewer'), async (req, res) => {
    const selected = ids(req.body?.ids);
    if (!selected.length) throw new HttpError(422, '请先勾选要公告的申报', '申报');
    const { announcement, undelivered, repeated } = await applications.publishAnnouncement(req.account!, selected, filingKeyOf(req.body?.filingKey));
    const text = repeated
      ? `公告 ${announcement.number} 已于此前发布，本次未重复发布`
      : `已发布公告 ${announcement.number}，共 ${announcement.items.length} 人${undelivered.length ? `；${undelivered.length} 件未送达流程，请稍后重发` : ''}`;
    flash(req, text);
    res.redirect(303, `/reviewer/announcements`);
  });

  return router;
}

