/**
 * Every change of a registration leaves a history row with the state before
 * and after. The state names the employer as well as its id, because an
 * enterprise row can be renamed later and the history must keep the name the
 * registration showed at the time.
 */
import type { Transaction } from 'sequelize';
import type { Registration, RegistrationStatus } from '../../server/db/models/registration.js';
import type { WorkerDeps } from '../worker.js';

/** A registration that counts: registered, or pre-registered until the employer's 补正资质. */
export const ACTIVE_STATUSES: RegistrationStatus[] = ['已注册', '预注册'];

export type RegistrationState = Record<string, unknown>;

export async function stateOf(deps: WorkerDeps, registration: Registration, transaction: Transaction): Promise<RegistrationState> {
  const enterprise = await deps.models.Enterprise.findByPk(registration.enterpriseId, { transaction });
  return {
    profession: registration.profession,
    specialty: registration.specialty,
    enterpriseId: registration.enterpriseId,
    enterpriseName: enterprise?.name ?? null,
    registrationNumber: registration.registrationNumber,
    sealNumber: registration.sealNumber,
    validFrom: registration.validFrom,
    validTo: registration.validTo,
    status: registration.status,
  };
}

export interface RegistrationChange {
  registration: Registration;
  change: string;
  applicationId: number | null;
  /** null for a registration the change created. */
  before: RegistrationState | null;
  /** Facts of the change beyond the registration's own fields (reason, forced, …). */
  extra?: Record<string, unknown>;
}

/** Writes the history row of a change already applied to `registration`. */
export async function recordChange(deps: WorkerDeps, transaction: Transaction, change: RegistrationChange): Promise<void> {
  const after = { ...(await stateOf(deps, change.registration, transaction)), ...change.extra };
  await deps.models.RegistrationHistory.create(
    {
      registrationId: change.registration.id,
      applicationId: change.applicationId,
      change: change.change,
      before: change.before,
      after,
      at: deps.clock.now(),
    },
    { transaction },
  );
}
