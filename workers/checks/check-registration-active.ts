/**
 * 核查注册有效: the applicant holds an active registration — of the case's
 * specialty (`scope = specialty`: 变更、延续、更改补办、注销) or of any specialty
 * of the profession (`scope = profession`: 增项) — and the case is filled with
 * what it found (原聘用单位, 执业印章号, 有效期; rule 7), under the keys its form shows.
 */
import { complete } from '../../server/engine/port.js';
import { professionName } from '../../server/domain/labels.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { activeRegistrations, applicantOf } from './case-facts.js';
import { caseRegistrations, isRefusal, registrationNotFound } from './registration-lookup.js';

type Registration = Awaited<ReturnType<typeof activeRegistrations>>[number];

/** The read-only fields of the start forms that show the current registration. */
function formFields(matter: string, r: Registration): Record<string, string | null> {
  if (matter === 'change') {
    return { previousEmployerName: r.enterprise?.name ?? null, previousSealNo: r.sealNumber, previousValidUntil: r.validTo };
  }
  if (['renewal', 'modify-reissue', 'cancel'].includes(matter)) return { sealNo: r.sealNumber, validUntil: r.validTo };
  return {};
}

export const checkRegistrationActive: JobWorker = {
  type: 'zhuce.check-registration-active',
  async handle(job, deps) {
    const scope = job.customHeaders.scope;
    if (scope !== 'specialty' && scope !== 'profession') throw new Error(`zhuce.check-registration-active: unknown scope header "${String(scope)}"`);
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);

    let registration: Registration;
    if (scope === 'profession') {
      const [any] = await activeRegistrations(deps, { personId: person.id, profession: application.profession });
      if (!any) return registrationNotFound(application, `${professionName(application.profession)}的有效注册`);
      registration = any;
    } else {
      const found = await caseRegistrations(application, person.id, deps);
      if (isRefusal(found)) return found;
      registration = found[0];
    }

    const data = application.data ?? {};
    const fill = formFields(application.matter, registration);
    if (Object.entries(fill).some(([key, value]) => data[key] !== value)) {
      await application.update({ data: { ...data, ...fill } });
    }
    return complete();
  },
};
