/** The statuses of a case, as the manuals show them to users (seeds 000–004). */
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
  /** An approved 信息更正 of a person with no registration: the records changed, no certificate was due. */
  corrected: '已更正',
} as const;
