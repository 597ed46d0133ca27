/**
 * The audit record a writing worker leaves, keyed by the job: it is written in
 * the same transaction as the change, so finding it means the change is done
 * and a second delivery must not repeat it.
 */
import type { Transaction } from 'sequelize';
import type { AuditEntry } from '../../server/db/models/audit-entry.js';
import type { WorkerDeps } from '../worker.js';
import { SYSTEM_ACTOR } from './authorities.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | number;
  detail: Record<string, unknown>;
  dedupeKey: string;
  actorName?: string;
}

export function auditedBefore(deps: WorkerDeps, dedupeKey: string, transaction?: Transaction): Promise<AuditEntry | null> {
  return deps.models.AuditEntry.findOne({ where: { dedupeKey }, transaction });
}

export async function writeAudit(deps: WorkerDeps, transaction: Transaction, record: AuditRecord): Promise<void> {
  await deps.models.AuditEntry.create(
    {
      at: deps.clock.now(),
      actorAccountId: null,
      actorName: record.actorName ?? SYSTEM_ACTOR,
      action: record.action,
      entityType: record.entityType,
      entityId: String(record.entityId),
      detail: record.detail,
      dedupeKey: record.dedupeKey,
    },
    { transaction },
  );
}
