/**
 * Rule 18: every state change of a case writes a timeline event (审核进度), a
 * message (我的消息) to the applicant and, where concerned, the employer, and
 * an audit record, in one transaction. Each write carries a dedupe key, so a
 * worker delivered twice, or a request repeated, records the change once.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Application } from '../db/models/application.js';
import type { Models } from '../db/models/index.js';
import { caseTitle } from '../domain/labels.js';

export type Recipient = 'applicant' | 'employer';

export interface CaseChange {
  application: Application;
  /** The timeline step, e.g. 企业上报, 部级受理, 补正. */
  step: string;
  /** The new status; omitted when the step does not change it. */
  status?: string;
  opinion?: string | null;
  actor: { accountId?: number | null; name: string };
  notify?: Recipient[];
  /** Identifies this change: the job's element instance, or the request. */
  dedupeKey: string;
  /** Extra fields for the audit record. */
  detail?: Record<string, unknown>;
}

export class CaseEvents {
  constructor(
    private readonly deps: { models: Models; sequelize: Sequelize; clock: Clock },
  ) {}

  /** Records a change; returns false when this dedupe key was recorded before. */
  async record(change: CaseChange, outer?: Transaction): Promise<boolean> {
    const { ApplicationEvent } = this.deps.models;
    const run = async (transaction: Transaction) => {
      if (await ApplicationEvent.findOne({ where: { dedupeKey: change.dedupeKey }, transaction })) return false;
      await this.write(change, transaction);
      return true;
    };
    return outer ? run(outer) : this.deps.sequelize.transaction(run);
  }

  private async write(change: CaseChange, transaction: Transaction): Promise<void> {
    const { ApplicationEvent, Message, AuditEntry } = this.deps.models;
    const { application: app, dedupeKey } = change;
    const now = this.deps.clock.now();
    const before = app.status;
    if (change.status && change.status !== app.status) {
      await app.update({ status: change.status, updatedAt: now }, { transaction });
      // The inbox filters on the case's status from its tasks' rows (migration 0015).
      await this.deps.models.InboxTask.update({ applicationStatus: change.status }, { where: { applicationId: app.id }, transaction });
    }
    await ApplicationEvent.create(
      {
        applicationId: app.id,
        at: now,
        step: change.step,
        status: change.status ?? null,
        actorAccountId: change.actor.accountId ?? null,
        actorName: change.actor.name,
        opinion: change.opinion ?? null,
        dedupeKey,
      },
      { transaction },
    );
    const matter = caseTitle(app.profession, app.matter);
    const title = change.status ? `【${matter}】申报状态变更为：${change.status}` : `【${matter}】${change.step}`;
    const body = change.status
      ? `您的${matter}申请（申报编号：${app.number}）已办理“${change.step}”，当前状态：${change.status}。`
      : `您的${matter}申请（申报编号：${app.number}）已办理“${change.step}”。`;
    for (const recipient of change.notify ?? ['applicant']) {
      const recipientId = recipient === 'applicant' ? app.personId : app.enterpriseId;
      if (!recipientId) continue;
      await Message.create(
        {
          recipientKind: recipient === 'applicant' ? 'person' : 'enterprise',
          recipientId,
          applicationId: app.id,
          title,
          body: recipient === 'employer' ? body.replace('您的', `本单位人员的`) : body,
          opinion: change.opinion ?? null,
          readAt: null,
          dedupeKey: `${dedupeKey}:${recipient}`,
        },
        { transaction },
      );
    }
    await AuditEntry.create(
      {
        at: now,
        actorAccountId: change.actor.accountId ?? null,
        actorName: change.actor.name,
        action: change.status ? 'status-change' : 'case-step',
        entityType: 'application',
        entityId: String(app.id),
        detail: { step: change.step, from: before, to: change.status ?? before, opinion: change.opinion ?? null, ...change.detail },
        dedupeKey,
      },
      { transaction },
    );
  }
}
