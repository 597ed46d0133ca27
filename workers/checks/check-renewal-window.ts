/**
 * 核查延续注册申报期 (rule 8): today (China date) lies within the profession's
 * renewal window — `renewalWindowMonths` before the registration expires — and
 * not after the expiry.
 */
import { complete } from '../../server/engine/port.js';
import { specialtyName } from '../../server/domain/labels.js';
import { isProfessionCode, professionByCode } from '../../server/domain/professions.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { applicantOf, chinaToday } from './case-facts.js';
import { caseRegistrations, isRefusal } from './registration-lookup.js';
import { refuse } from './refusal.js';

/** The same day `months` earlier, or the month's last day where it has no such day (08-31 → 02-28). */
function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const checkRenewalWindow: JobWorker = {
  type: 'zhuce.check-renewal-window',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    if (!isProfessionCode(application.profession)) throw new Error(`application ${application.id}: unknown profession ${application.profession}`);
    const months = professionByCode(application.profession).renewalWindowMonths;
    const person = await applicantOf(application, deps);
    const found = await caseRegistrations(application, person.id, deps);
    if (isRefusal(found)) return found;

    const today = chinaToday(deps);
    for (const registration of found) {
      const label = specialtyName(application.profession, registration.specialty);
      const expiry = registration.validTo;
      if (!expiry) throw new Error(`registration ${registration.id} has no validity end`);
      const opens = monthsBefore(expiry, months);
      if (today > expiry) {
        return refuse(
          'RENEWAL_WINDOW_CLOSED',
          `您的“${label}”注册已于${expiry}到期，已过延续注册申报期（须在注册有效期届满前${months}个月内申报）`,
        );
      }
      if (today < opens) {
        return refuse(
          'RENEWAL_WINDOW_CLOSED',
          `延续注册须在注册有效期届满前${months}个月内申报：您的“${label}”注册有效期至${expiry}，自${opens}起方可申报`,
        );
      }
    }
    return complete();
  },
};
