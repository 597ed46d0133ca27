/**
 * 我的待办 lists the open tasks a reviewer holds without probing their
 * candidate groups (bench row 2: the probe was two thirds of the tab counts
 * at 1,000,000 tasks). That holds because a reviewer claims, or is assigned,
 * only tasks of their scope; when an account's scope narrows, or the account
 * is deactivated, the claims it no longer covers go back to their group here,
 * where a colleague can take them.
 */
import { Op, type Transaction } from 'sequelize';
import type { Models } from '../db/models/index.js';

/** Releases the account's open claims on tasks none of `groups` is an open candidate of; returns their ids. */
export async function releaseClaimsOutside(models: Models, accountId: number, groups: string[], at: Date, transaction: Transaction): Promise<number[]> {
  const held = await models.InboxTask.findAll({ attributes: ['id'], where: { status: 'open', claimedBy: accountId }, transaction });
  if (!held.length) return [];
  const ids = held.map((t) => t.id);
  const covered = groups.length
    ? await models.InboxTaskCandidate.findAll({
        attributes: ['taskId'],
        where: { taskId: { [Op.in]: ids }, candidateGroup: { [Op.in]: groups }, status: 'open' },
        transaction,
      })
    : [];
  const keep = new Set(covered.map((c) => c.taskId));
  const released = ids.filter((id) => !keep.has(id));
  if (released.length) {
    await models.InboxTask.update(
      { claimedBy: null, claimedByName: null, claimedAt: null, updatedAt: at },
      { where: { id: { [Op.in]: released }, status: 'open', claimedBy: accountId }, transaction },
    );
  }
  return released;
}
