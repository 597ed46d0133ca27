/** The effects job workers (see workers/CATALOGUE.md). */
import type { JobWorker } from '../worker.js';
import { applyEnterpriseRename } from './apply-enterprise-rename.js';
import { applyProfileChange } from './apply-profile-change.js';
import { applyQualificationFix } from './apply-qualification-fix.js';
import { cancelRegistration } from './cancel-registration.js';
import { computeDeadline } from './compute-deadline.js';
import { escalateOverdue } from './escalate-overdue.js';
import { generateDocument } from './generate-document.js';
import { issueCertificate } from './issue-certificate.js';
import { sendReminder } from './send-reminder.js';
import { setStatus } from './set-status.js';
import { writeRegistration } from './write-registration.js';

export const EFFECT_WORKERS: JobWorker[] = [
  setStatus,
  computeDeadline,
  sendReminder,
  escalateOverdue,
  generateDocument,
  writeRegistration,
  cancelRegistration,
  issueCertificate,
  applyProfileChange,
  applyEnterpriseRename,
  applyQualificationFix,
];
