/**
 * The progress timeline (审核进度) a case shows, as "step | status" lines:
 * the steps with the manuals' words, and the pieces a route puts together.
 */
import type { Level, Route } from './routes.js';

export const STEP = {
  filed: '个人填报 | -',
  employerFiled: '企业填报 | -',
  submitted: '个人上报 | 个人已上报',
  socialSecurityAnomaly: '核查社保缴纳（异常，待申辩） | -',
  duplicateAnomaly: '人员查重（异常，待申辩） | -',
  duplicateRefused: '人员查重不予注册 | 审批不通过',
  reported: '企业上报 | 企业已上报',
  employerFiledCancellation: '企业申请强制注销 | 企业已上报',
  returned: '企业退回 | 企业退回',
  withdrawn: '个人撤回 | 个人撤回',
  withdrawalRequested: '个人申请撤回 | -',
  withdrawalRefused: '企业不同意撤回 | -',
  withdrawnWithConsent: '企业同意撤回 | 个人撤回',
  toProvince: '报送省级主管部门 | 省级未受理',
  toMinistry: '报送住房和城乡建设部 | 部级未受理',
  provinceAccepted: '省级受理 | 省级审查',
  provinceForwarded: '省级审查通过 | 部级未受理',
  provinceRefused: '省级审查不通过 | 审批不通过',
  accepted: '部级受理 | 审查中',
  cancellationToProvince: '报送省级主管部门 | 省级审查',
  reviewStarted: '进入审查 | 审查中',
  approved: '审批通过 | 审批通过',
  refused: '部级审批不通过 | 审批不通过',
  announced: '公告 | 已公告',
  certified: '发证 | 已发证',
} as const;

/** The step of a "step | status" line. */
export function stepOf(line: string): string {
  return line.split(' | ')[0];
}

export type Anomaly = 'socialSecurity' | 'duplicatePerson';

/** 个人填报 and 个人上报, with the anomalies the automatic checks found. */
export function submittedWith(anomalies: Anomaly[] = []): string[] {
  return [
    STEP.filed,
    STEP.submitted,
    ...(anomalies.includes('socialSecurity') ? [STEP.socialSecurityAnomaly] : []),
    ...(anomalies.includes('duplicatePerson') ? [STEP.duplicateAnomaly] : []),
  ];
}

/** The case arrives at its first acceptance: reported by the employer where there is one. */
export function arrival(route: Route): string[] {
  return [...(route.employer ? [STEP.reported] : []), route.acceptance[0] === 'province' ? STEP.toProvince : STEP.toMinistry];
}

/** 补正: the authority asks, the applicant corrects, the case is back before acceptance. */
export function correctionRequested(level: Level): string {
  return level === 'province' ? '省级通知补正 | 省级未受理(待补正)' : '部级通知补正 | 部级未受理(待补正)';
}

export function corrected(level: Level): string {
  return level === 'province' ? '个人补正 | 省级未受理' : '个人补正 | 部级未受理';
}

export function acceptedAt(level: Level): string {
  return level === 'province' ? STEP.provinceAccepted : STEP.accepted;
}

/** After the first acceptance: the architects' province reviews and forwards, the ministry accepts. */
export function toMinistryReview(route: Route): string[] {
  return route.acceptance.length > 1 ? [STEP.provinceForwarded, STEP.accepted] : [];
}

/** After approval: 公告 where the matter waits for one, then 发证. */
export function outcome(route: Route): string[] {
  return [STEP.approved, ...(route.announced ? [STEP.announced] : []), STEP.certified];
}
