/**
 * The statuses of a case as the manuals name them (processes/README.md
 * "Statuses") and what they mean for the application service: which cases are
 * still in flight, which may be withdrawn (rule 11).
 */
import type { Application } from '../db/models/application.js';

export const STATUS = {
  submitted: '个人已上报',
  employerReported: '企业已上报',
  employerReturned: '企业退回',
  withdrawn: '个人撤回',
  provinceNotAccepted: '省级未受理',
  provinceCorrection: '省级未受理(待补正)',
  provinceReview: '省级审查',
  ministryNotAccepted: '部级未受理',
  ministryCorrection: '部级未受理(待补正)',
  underReview: '审查中',
  approved: '审批通过',
  refused: '审批不通过',
  announced: '已公告',
  certified: '已发证',
} as const;

/** Statuses after which a case no longer moves. */
export const FINAL_STATUSES: readonly string[] = [STATUS.refused, STATUS.withdrawn, STATUS.employerReturned, STATUS.certified];

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
