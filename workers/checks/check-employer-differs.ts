/**
 * 核查原聘用单位与现聘用单位不一致 (rule 7): in 变更注册 the new employer
 * (`employerCode`) is not the employer of the registration being moved.
 */
import { complete } from '../../server/engine/port.js';
import { specialtyName } from '../../server/domain/labels.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { applicantOf, employerCodeOf } from './case-facts.js';
import { caseRegistrations, isRefusal } from './registration-lookup.js';
import { refuse } from './refusal.js';

export const checkEmployerDiffers: JobWorker = {
  type: 'zhuce.check-employer-differs',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const newEmployer = employerCodeOf(job);
    const found = await caseRegistrations(application, person.id, deps);
    if (isRefusal(found)) return found;

    const same = found.find((r) => r.enterprise?.creditCode === newEmployer);
    if (same) {
      return refuse(
        'SAME_EMPLOYER',
        `现聘用单位不能与原聘用单位相同：您的“${specialtyName(application.profession, same.specialty)}”注册已在“${same.enterprise!.name}”` +
          `（统一社会信用代码${newEmployer}），无需办理变更注册`,
      );
    }
    return complete();
  },
};
