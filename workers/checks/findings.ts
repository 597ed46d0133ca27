/**
 * Findings of the checks that do not refuse a case: a flag on the case for
 * the reviewers and, for an anomaly, one appeal item (申辩) for the applicant
 * and the employer with a timeline entry and messages. Every write is keyed
 * by the job's element instance, so a job delivered twice writes once.
 */
import type { Transaction } from 'sequelize';
import type { Application } from '../../server/db/models/application.js';
import { markAnomaly } from '../../server/inbox/task-facts.js';
import type { WorkerDeps } from '../worker.js';

/**
 * A finding for the case's flags. Its `values` sit at the top of
 * `applications.flags` under the names of the process variables
 * (socialSecurityAnomaly, duplicatePerson, duplicateDetail …), which is what
 * the review forms' conditions read; its detail sits in `flags.findings[name]`
 * with the job that found it.
 */
export interface Finding {
  name: string;
  values: Record<string, unknown>;
  detail: Record<string, unknown>;
}

interface FindingRecord {
  /** The job that found it (its dedupe key). */
  foundBy: string;
  foundAt: string;
  [detail: string]: unknown;
}

export interface Anomaly {
  application: Application;
  finding: Finding;
  /** The appeal's kind as the 申辩 pages show it: 社保异常, 人员重复. */
  kind: string;
  /** The timeline step, e.g. 核查社保缴纳（异常，待申辩）. */
  step: string;
  /** The Chinese sentence the applicant and the employer read and answer. */
  reason: string;
  enterpriseId: number | null;
  dedupeKey: string;
}

/**
 * Changes the case's flags inside a transaction, reading them again first:
 * several checks write flags of the same case. `change` returns null to
 * leave them as they are.
 */
export async function updateFlags(
  application: Application,
  change: (flags: Record<string, unknown>) => Record<string, unknown> | null,
  deps: WorkerDeps,
  outer?: Transaction,
): Promise<boolean> {
  const run = async (transaction: Transaction) => {
    const fresh = await deps.models.Application.findByPk(application.id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!fresh) throw new Error(`application ${application.id} vanished`);
    const next = change(fresh.flags ?? {});
    if (!next) return false;
    await fresh.update({ flags: next }, { transaction });
    application.flags = fresh.flags;
    return true;
  };
  return outer ? run(outer) : deps.sequelize.transaction(run);
}

/** Writes the finding into the case's flags, unless this job wrote it already. */
export async function flagCase(
  application: Application,
  finding: Finding,
  dedupeKey: string,
  deps: WorkerDeps,
  outer?: Transaction,
): Promise<boolean> {
  return updateFlags(
    application,
    (flags) => {
      const findings = (flags.findings ?? {}) as Record<string, FindingRecord>;
      if (findings[finding.name]?.foundBy === dedupeKey) return null;
      const record: FindingRecord = { ...finding.detail, foundBy: dedupeKey, foundAt: deps.clock.now().toISOString() };
      return { ...flags, ...finding.values, findings: { ...findings, [finding.name]: record } };
    },
    deps,
    outer,
  );
}

/** Flags the case and opens its one appeal item of this kind, with a timeline entry and messages. */
export async function openAnomaly(anomaly: Anomaly, deps: WorkerDeps): Promise<void> {
  const { application, dedupeKey } = anomaly;
  await deps.sequelize.transaction(async (transaction) => {
    const { Appeal } = deps.models;
    const existing =
      (await Appeal.findOne({ where: { dedupeKey }, transaction })) ??
      (await Appeal.findOne({ where: { applicationId: application.id, kind: anomaly.kind }, transaction }));
    if (existing) return;
    await flagCase(application, anomaly.finding, dedupeKey, deps, transaction);
    // The reviewer inbox's anomaly filter reads the mark on the task (a task may already be waiting).
    await markAnomaly(deps.models, application.id, transaction);
    await Appeal.create(
      {
        applicationId: application.id,
        personId: application.personId!,
        enterpriseId: anomaly.enterpriseId,
        kind: anomaly.kind,
        reason: anomaly.reason,
        statement: null,
        status: '待申辩',
        respondedAt: null,
        dedupeKey,
      },
      { transaction },
    );
    await deps.caseEvents.record(
      {
        application,
        step: anomaly.step,
        opinion: anomaly.reason,
        actor: { name: '系统' },
        notify: ['applicant', 'employer'],
        dedupeKey,
        detail: { finding: anomaly.finding.name, appealKind: anomaly.kind, ...anomaly.finding.detail },
      },
      transaction,
    );
  });
}
