/**
 * 核查企业资质（预注册） (rule 13): an employer without a qualification
 * certificate in the enterprise register makes the case 预注册 — flagged
 * `preRegistration: true` on the case — which after approval waits for the
 * employer's 补正资质.
 */
import { complete } from '../../server/engine/port.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { employerRecordOf } from './case-facts.js';
import { updateFlags } from './findings.js';

export const checkEmployerQualification: JobWorker = {
  type: 'zhuce.check-employer-qualification',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const employer = await employerRecordOf(job, deps);
    const preRegistration = employer.qualificationNumbers.length === 0;
    await updateFlags(application, (flags) => (flags.preRegistration === preRegistration ? null : { ...flags, preRegistration }), deps);
    return complete({ preRegistration });
  },
};
