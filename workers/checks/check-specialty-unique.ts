/**
 * 核查专业未重复注册 (rule 6): each specialty only once — the applicant holds
 * no registration of it that still binds, and no other case asking for it is
 * in flight.
 */
import { complete } from '../../server/engine/port.js';
import { specialtyName } from '../../server/domain/labels.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { activeRegistrations, applicantOf, caseSpecialties, otherCasesInFlight } from './case-facts.js';
import { refuse } from './refusal.js';

/** The matters that create a registration of a specialty. */
const REGISTERING_MATTERS = ['initial', 'add-specialty', 're-register'];

export const checkSpecialtyUnique: JobWorker = {
  type: 'zhuce.check-specialty-unique',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const specialties = caseSpecialties(application);
    const { profession } = application;

    for (const specialty of specialties) {
      const [held] = await activeRegistrations(deps, { personId: person.id, profession, specialty });
      if (held) {
        const number = held.registrationNumber ? `，注册号${held.registrationNumber}` : '';
        return refuse(
          'SPECIALTY_ALREADY_REGISTERED',
          `您已持有“${specialtyName(profession, specialty)}”专业的注册（${held.status}${number}），同一专业不能重复注册`,
        );
      }
    }

    const others = await otherCasesInFlight(application, { personId: person.id, matter: REGISTERING_MATTERS }, deps);
    for (const specialty of specialties) {
      const other = others.find((o) => o.profession === profession && caseSpecialties(o).includes(specialty));
      if (other) {
        return refuse(
          'SPECIALTY_IN_FLIGHT',
          `您申请“${specialtyName(profession, specialty)}”专业的另一项申报（申报编号${other.number}，${other.status}）正在办理中，同一专业不能重复申报`,
        );
      }
    }
    return complete();
  },
};
