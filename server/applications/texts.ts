/**
 * Dialog texts of the application service, verbatim from the manuals. The
 * start forms show the same social-security text (processes/generator/texts.ts).
 */

/** Seed 000 §3.1.1, "您的社保缴纳情况异常" (rule 3): the page asks 确定 / 取消 with this text. */
export const SOCIAL_SECURITY_WARNING =
  '按照《勘察设计注册工程师管理规定》（建设部令第137号）要求，经核查，您的社保缴纳情况异常。是否继续申报，如继续申报，请点“确定”，同时承诺只受聘于本单位并缴纳社保，未受聘于其他单位或在其他单位缴纳社保，如有虚假，愿承担一切责任。如不继续申报，请点“取消”。';

/** Seed 000 §3.2.2 / §3.4.2: what the applicant reads once the case went to the employer. */
export const SUBMITTED_TO_EMPLOYER = '您所申请的事项已成功提交企业，请通知企业尽快上报注册数据。';

/** Seed 002/003/004: what the applicant reads once a case without employer step is filed. */
export const SUBMITTED = '您所申请的事项已经提交成功！';

/** Seed 000 §5: a withdrawal of a forwarded case needs the employer's consent. */
export const WITHDRAWAL_NEEDS_CONSENT = '撤回申请已提交，需要聘用单位同意后方可撤回，请到历史申报页面查询是否办理成功。';
