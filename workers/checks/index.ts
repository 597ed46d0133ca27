/** The checks job workers (see workers/CATALOGUE.md). */
import type { JobWorker } from '../worker.js';
import { checkDuplicatePerson } from './check-duplicate-person.js';
import { checkEmployerDiffers } from './check-employer-differs.js';
import { checkEmployerInfo } from './check-employer-info.js';
import { checkEmployerQualification } from './check-employer-qualification.js';
import { checkEvidence } from './check-evidence.js';
import { checkPhotoSignature } from './check-photo-signature.js';
import { checkQualification } from './check-qualification.js';
import { checkRegistrationActive } from './check-registration-active.js';
import { checkRenamePreconditions } from './check-rename-preconditions.js';
import { checkRenewalWindow } from './check-renewal-window.js';
import { checkSocialSecurity } from './check-social-security.js';
import { checkSpecialtyUnique } from './check-specialty-unique.js';
import { detectEmployerQualification } from './detect-employer-qualification.js';

export const CHECK_WORKERS: JobWorker[] = [
  checkQualification,
  checkSpecialtyUnique,
  checkPhotoSignature,
  checkSocialSecurity,
  checkDuplicatePerson,
  checkRenewalWindow,
  checkRegistrationActive,
  checkEmployerDiffers,
  checkEmployerInfo,
  checkEmployerQualification,
  checkEvidence,
  checkRenamePreconditions,
  detectEmployerQualification,
];
