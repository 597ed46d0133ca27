import { Router } from 'express';
import { requireRole } from '../auth/session.js';
import type { Models } from '../db/models/index.js';
import type { ViewRenderer } from '../http/views.js';
import { professionName, provinceName } from '../domain/labels.js';
import { candidateGroupsOf } from '../inbox/candidate-groups.js';

/** 省级 / 部级: the task inbox of the reviewer's scope. */
export function reviewerPortal(views: ViewRenderer, m: Models): Router {
  const router = Router();
  router.use('/reviewer', requireRole('provincial_reviewer', 'ministry_reviewer'));

  router.get('/reviewer', async (req, res) => {
    const account = req.account!;
    const groups = candidateGroupsOf(account);
    const tasks = await m.InboxTask.findAll({
      where: { status: 'open' },
      include: [
        { model: m.InboxTaskCandidate, as: 'candidates', where: { candidateGroup: groups, status: 'open' }, required: true },
        { model: m.Application, as: 'application', include: [{ model: m.Person, as: 'person' }] },
      ],
      order: [['createdAt', 'ASC']],
      limit: 100,
    });
    res.send(
      views.render(req, 'reviewer', {
        title: '待办任务',
        account,
        scope: {
          level: account.role === 'ministry_reviewer' ? '部级' : '省级',
          province: account.province ? provinceName(account.province) : null,
          professions: (account.professions ?? []).map(professionName),
        },
        tasks: tasks.map((t) => t.get({ plain: true })),
        // Reminders and escalations of overdue reviews (rule 16) reach the reviewer's own account.
        messages: await m.Message.findAll({
          where: { recipientKind: 'account', recipientId: account.id },
          order: [['createdAt', 'DESC']],
          limit: 20,
        }),
      }),
    );
  });
  return router;
}
