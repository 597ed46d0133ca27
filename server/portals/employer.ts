import crypto from 'node:crypto';
import { Router } from 'express';
import { Op } from 'sequelize';
import { requireRole } from '../auth/session.js';
import { HttpError } from '../http/errors.js';
import { FieldError } from '../validation/field-error.js';
import { requiredText } from '../validation/fields.js';
import { validateMobile } from '../validation/mobile.js';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { flash } from '../http/flash.js';
import { type ViewRenderer } from '../http/views.js';
import { caseTitle, professionName, specialtyName } from '../domain/labels.js';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** 企业: basic info, 注册申报管理, registered staff and the six-month expiry warning (rule 17). */
export function employerPortal(views: ViewRenderer, m: Models, clock: Clock): Router {
  const router = Router();
  router.use('/employer', requireRole('employer'));

  router.get('/employer', async (req, res) => {
    const enterpriseId = req.account!.enterpriseId!;
    const today = clock.now();
    const horizon = new Date(today);
    horizon.setMonth(horizon.getMonth() + 6);
    const [enterprise, staff, expiring, applications] = await Promise.all([
      m.Enterprise.findByPk(enterpriseId, { include: [{ model: m.EnterpriseQualification, as: 'qualifications' }] }),
      m.Registration.findAll({
        where: { enterpriseId, status: { [Op.ne]: '已注销' } },
        include: [{ model: m.Person, as: 'person' }],
        order: [['validTo', 'ASC']],
        limit: 100,
      }),
      m.Registration.findAll({
        where: { enterpriseId, status: '已注册', validTo: { [Op.between]: [isoDate(today), isoDate(horizon)] } },
        include: [{ model: m.Person, as: 'person' }],
        order: [['validTo', 'ASC']],
      }),
      m.Application.findAll({
        where: { enterpriseId },
        include: [{ model: m.Person, as: 'person' }],
        order: [['updatedAt', 'DESC']],
        limit: 50,
      }),
    ]);
    const describe = (r: (typeof staff)[number]) => ({
      ...r.get({ plain: true }),
      professionName: professionName(r.profession),
      specialtyName: specialtyName(r.profession, r.specialty),
    });
    res.send(
      views.render(req, 'employer', {
        title: '企业基本信息',
        account: req.account,
        enterprise: enterprise?.get({ plain: true }),
        staff: staff.map(describe),
        expiring: expiring.map(describe),
        applications: applications.map((a) => ({ ...a.get({ plain: true }), title: caseTitle(a.profession, a.matter) })),
        // The batch form's key: a second submission of this page's 上报/退回 gets the first one's results.
        filingKey: crypto.randomUUID(),
        appealsTitle: '申辩管理',
        appeals: await m.Appeal.findAll({ where: { enterpriseId }, order: [['createdAt', 'DESC']], limit: 50 }),
        openAppeals: await m.Appeal.count({ where: { enterpriseId, status: '待申辩' } }),
      }),
    );
  });
  // 企业基本信息: saving it is what allows the employer to report (rule 12).
  router.post('/employer/profile', async (req, res) => {
    const enterprise = await m.Enterprise.findByPk(req.account!.enterpriseId!);
    if (!enterprise) throw new HttpError(404, '企业不存在');
    const contactName = requiredText(req.body?.contactName, '联系人', 32);
    const contactPhone = validateMobile(req.body?.contactPhone, { field: '联系电话' });
    const address = requiredText(req.body?.address, '详细地址', 120);
    const refused = [contactName, contactPhone, address].find((r) => r instanceof FieldError);
    if (refused) throw new HttpError(422, (refused as FieldError).message, (refused as FieldError).field);
    const now = clock.now();
    await enterprise.update({ contactName: contactName as string, contactPhone: contactPhone as string, address: address as string, basicInfoSavedAt: now });
    await m.AuditEntry.create({ at: now, actorAccountId: req.account!.id, actorName: req.account!.displayName, action: 'enterprise-profile-saved', entityType: 'enterprise', entityId: String(enterprise.id), detail: { contactName, contactPhone, address }, dedupeKey: null });
    flash(req, '企业基本信息已保存');
    res.redirect(303, `/employer`);
  });
  return router;
}
