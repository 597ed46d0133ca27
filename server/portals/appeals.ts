/**
 * 我的申辩 / 申辩管理: the anomalies the checks found (社保异常, 人员重复), which
 * the applicant or the employer answers with a statement; reviewers see it
 * on the case.
 */
import { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { HttpError, notFound, unauthenticated } from '../http/errors.js';
import { idParam } from '../http/ids.js';
import { flash } from '../http/flash.js';

export function appealRoutes(m: Models, clock: Clock): Router {
  const router = Router();
  router.param('id', idParam);
  router.post('/appeals/:id', async (req, res) => {
    const account = req.account;
    if (!account) throw unauthenticated();
    const appeal = await m.Appeal.findByPk(Number(req.params.id));
    const mine =
      appeal !== null &&
      ((account.role === 'applicant' && account.personId === appeal.personId) ||
        (account.role === 'employer' && account.enterpriseId !== null && account.enterpriseId === appeal.enterpriseId));
    // Another's appeal answers as a missing one: the answer must not tell that it exists.
    if (!mine) throw notFound('申辩');
    if (appeal.status !== '待申辩') throw new HttpError(409, '该申辩已提交，不能重复提交');
    const statement = String(req.body?.statement ?? '').trim();
    if (!statement) throw new HttpError(422, '申辩说明不能为空', '申辩说明');
    if ([...statement].length > 1000) throw new HttpError(422, '申辩说明不能超过1000个字符', '申辩说明');
    const now = clock.now();
    await m.Appeal.sequelize!.transaction(async (transaction) => {
      await appeal.update({ statement, status: '已申辩', respondedAt: now }, { transaction });
      await m.AuditEntry.create(
        { at: now, actorAccountId: account.id, actorName: account.displayName, action: 'appeal-statement', entityType: 'appeal', entityId: String(appeal.id), detail: { kind: appeal.kind }, dedupeKey: null },
        { transaction },
      );
    });
    flash(req, '申辩已提交');
    res.redirect(303, account.role === 'employer' ? '/employer/appeals' : '/applicant');
  });
  return router;
}
