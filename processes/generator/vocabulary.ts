/**
 * The names the processes share with the application and the workers: job
 * types, messages, statuses, candidate groups. workers/CATALOGUE.md describes
 * each job type; test/processes checks that every type used is described there.
 */
import type { MessageRef } from './diagram.js';

export const JOB = {
  setStatus: 'zhuce.set-status',
  checkQualification: 'zhuce.check-qualification',
  checkSpecialtyUnique: 'zhuce.check-specialty-unique',
  checkPhotoSignature: 'zhuce.check-photo-signature',
  checkSocialSecurity: 'zhuce.check-social-security',
  checkDuplicatePerson: 'zhuce.check-duplicate-person',
  checkRenewalWindow: 'zhuce.check-renewal-window',
  checkRegistrationActive: 'zhuce.check-registration-active',
  checkEmployerDiffers: 'zhuce.check-employer-differs',
  checkEmployerInfo: 'zhuce.check-employer-info',
  checkEmployerQualification: 'zhuce.check-employer-qualification',
  checkEvidence: 'zhuce.check-evidence',
  checkRenamePreconditions: 'zhuce.check-rename-preconditions',
  detectEmployerQualification: 'zhuce.detect-employer-qualification',
  computeDeadline: 'zhuce.compute-deadline',
  sendReminder: 'zhuce.send-reminder',
  escalateOverdue: 'zhuce.escalate-overdue',
  generateDocument: 'zhuce.generate-document',
  writeRegistration: 'zhuce.write-registration',
  cancelRegistration: 'zhuce.cancel-registration',
  issueCertificate: 'zhuce.issue-certificate',
  applyProfileChange: 'zhuce.apply-profile-change',
  applyEnterpriseRename: 'zhuce.apply-enterprise-rename',
  applyQualificationFix: 'zhuce.apply-qualification-fix',
} as const;

const byApplication = (id: string, name: string): MessageRef => ({ id, name, correlationKey: '=applicationId' });

export const MESSAGE = {
  /** The applicant withdraws a case nobody has forwarded yet (个人已上报, or an authority case without employer). */
  applicationWithdrawn: byApplication('Message_ApplicationWithdrawn', 'application-withdrawn'),
  /** The applicant asks to withdraw a forwarded, not yet accepted case; the employer must consent (rule 11). */
  withdrawalRequested: byApplication('Message_WithdrawalRequested', 'withdrawal-requested'),
  /** The ministry published the announcement (公告) that lists this case. */
  announcementPublished: byApplication('Message_AnnouncementPublished', 'announcement-published'),
  /** The employer of a pre-registered (预注册) case completed 补正资质. */
  employerQualificationFixed: byApplication('Message_EmployerQualificationFixed', 'employer-qualification-fixed'),
} as const;

/** Status names as the manuals show them to users. */
export { STATUS } from '../../server/domain/statuses.js';

/** FEEL for candidate groups; Zeebe wants a list of strings. */
export const GROUP = {
  applicant: '=["applicant:" + applicantId]',
  employer: '=["employer:" + employerCode]',
  province: '=["province:" + province + ":" + profession]',
  ministry: '=["ministry:" + profession]',
  /** Employer-side matters of the architects' and engineers' system (seed 001). */
  ministryDesign: '=["ministry:architect", "ministry:engineer"]',
} as const;
