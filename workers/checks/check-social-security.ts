/**
 * 核查社保缴纳 (rule 3): looks the applicant up in the social-security
 * register at the case's employer. No contribution running there is an
 * anomaly: the case goes on, flagged for the reviewers with the applicant's
 * acknowledgement (确定继续申报), and the applicant and the employer get one
 * appeal item (申辩).
 */
import { complete } from '../../server/engine/port.js';
import { applicationOf, dedupeKey, type JobWorker } from '../worker.js';
import { applicantOf, chinaToday, employerOf } from './case-facts.js';
import { openAnomaly } from './findings.js';

export const checkSocialSecurity: JobWorker = {
  type: 'zhuce.check-social-security',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const employer = await employerOf(job, deps);

    const paid = await deps.registers.socialSecurity.monthsPaid(person.idNumber, employer.creditCode, chinaToday(deps).slice(0, 7));
    const socialSecurityAnomaly = paid.monthsPaid === 0;
    if (socialSecurityAnomaly) {
      const last = paid.lastMonth ? `最近一次缴纳为${paid.lastMonth}` : '未查到缴纳记录';
      const reason = `经核查，您在“${employer.name}”的社保缴纳情况异常（${last}），请在“我的申辩”中说明情况`;
      const socialSecurityAcknowledged = application.data?.socialSecurityAcknowledged === true;
      await openAnomaly(
        {
          application,
          finding: {
            name: 'socialSecurity',
            values: { socialSecurityAnomaly: true, socialSecurityAcknowledged },
            detail: { reason, employerCode: employer.creditCode, lastPaidMonth: paid.lastMonth, acknowledged: socialSecurityAcknowledged },
          },
          kind: '社保异常',
          step: '核查社保缴纳（异常，待申辩）',
          reason,
          enterpriseId: employer.id,
          dedupeKey: dedupeKey(job),
        },
        deps,
      );
    }
    return complete({ socialSecurityAnomaly });
  },
};
