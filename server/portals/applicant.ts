import { Router } from 'express';
import { Op } from 'sequelize';
import { requireRole } from '../auth/session.js';
import type { Models } from '../db/models/index.js';
import type { ViewRenderer } from '../http/views.js';
import { caseTitle, professionName, specialtyName } from '../domain/labels.js';
import { applicantMatters } from './matters.js';
import { PersonEmployer } from '../applications/models.js';
import { isInFlight } from '../applications/statuses.js';

const withTitle = (a: { get(o: { plain: true }): object; profession: string; matter: string }) => ({
  ...a.get({ plain: true }),
  title: caseTitle(a.profession, a.matter),
});

/** The 所在企业信息 the person saved. */
async function currentEmployer(m: Models, personId: number) {
  const saved = await PersonEmployer.findOne({ where: { personId } });
  return saved ? m.Enterprise.findByPk(saved.enterpriseId) : null;
}

/** 个人: profile, registrations, current and past applications, messages. */
export function applicantPortal(views: ViewRenderer, m: Models): Router {
  const router = Router();
  router.use('/applicant', requireRole('applicant'));

  router.get('/applicant', async (req, res) => {
    const person = await m.Person.findByPk(req.account!.personId!);
    const [registrations, applications, messages] = await Promise.all([
      m.Registration.findAll({
        where: { personId: person!.id },
        include: [{ model: m.Enterprise, as: 'enterprise' }],
        order: [['validTo', 'DESC']],
      }),
      m.Application.findAll({ where: { personId: person!.id }, order: [['updatedAt', 'DESC']], limit: 50 }),
      m.Message.findAll({
        where: { recipientKind: 'person', recipientId: person!.id },
        order: [['createdAt', 'DESC']],
        limit: 20,
      }),
    ]);
    const unread = await m.Message.count({ where: { recipientKind: 'person', recipientId: person!.id, readAt: { [Op.is]: null } } });
    // Shown now, so read: the badge counts what arrived since the last visit.
    await m.Message.update({ readAt: new Date() }, { where: { recipientKind: 'person', recipientId: person!.id, readAt: { [Op.is]: null } } });
    res.send(
      views.render(req, 'applicant', {
        title: '个人信息',
        account: req.account,
        person,
        registrations: registrations.map((r) => ({
          ...r.get({ plain: true }),
          professionName: professionName(r.profession),
          specialtyName: specialtyName(r.profession, r.specialty),
        })),
        current: applications.filter((a) => isInFlight(a)).map(withTitle),
        history: applications.filter((a) => !isInFlight(a)).map(withTitle),
        matters: await applicantMatters(m, person!.id),
        employer: await currentEmployer(m, person!.id),
        appealsTitle: '我的申辩',
        appeals: await m.Appeal.findAll({ where: { personId: person!.id }, order: [['createdAt', 'DESC']], limit: 50 }),
        openAppeals: await m.Appeal.count({ where: { personId: person!.id, status: '待申辩' } }),
        messages,
        unread,
      }),
    );
  });
  return router;
}
