/**
 * The statuses of a case as the manuals name them (processes/README.md
 * "Statuses") and what they mean for the application service: which cases are
 * still in flight, which may be withdrawn (rule 11).
 */
import type { Application } from '../db/models/application.js';
import { STATUS } from '../domain/statuses.js';

export { STATUS };

/** Statuses after which a case no longer moves. */
export const FINAL_STATUSES: readonly string[] = [STATUS.refused, STATUS.withdrawn, STATUS.employerReturned, STATUS.certified, STATUS.corrected];

/** Matters whose process ends with the approval itself: no announcement or certificate follows. */
const ENDS_AT_APPROVAL = new Set(['cancel', 'enterprise-rename', 'qualification-fix']);

export function isInFlight(application: Pick<Application, 'status' | 'matter'>): boolean {
  if (FINAL_STATUSES.includes(application.status)) return false;
  return !(application.status === STATUS.approved && ENDS_AT_APPROVAL.has(application.matter));
}

/**
 * Rule 11 and seed 000 §5 / seed 001 §3.2.5: withdrawal while 个人已上报 or
 * 企业已上报, and while the authority has the case but has not accepted it
 * (省级/部级未受理, also while it waits for 补正).
 */
export const WITHDRAWABLE_STATUSES: readonly string[] = [
  STATUS.submitted,
  STATUS.employerReported,
  STATUS.provinceNotAccepted,
  STATUS.provinceCorrection,
  STATUS.ministryNotAccepted,
  STATUS.ministryCorrection,
];

/** Statuses of a case still in flight that the employer has reported already (rule 12: reporting again only warns). */
export const REPORTED_STATUSES: readonly string[] = [
  STATUS.employerReported,
  STATUS.provinceNotAccepted,
  STATUS.provinceCorrection,
  STATUS.provinceReview,
  STATUS.ministryNotAccepted,
  STATUS.ministryCorrection,
  STATUS.underReview,
  STATUS.approved,
  STATUS.announced,
];
