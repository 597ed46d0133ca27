/**
 * 检测企业资质证书号 (rule 13, seed 001 §3.2.6): looks the certificate number
 * of the 补正资质 request up in the enterprise register for this employer. A
 * number the register knows is detected; otherwise the ministry checks the
 * uploaded copy against the typed number.
 */
import { complete } from '../../server/engine/port.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { employerRecordOf } from './case-facts.js';

/** Full-width characters and spaces typed into the number do not make it another number. */
const normalise = (value: string) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export const detectEmployerQualification: JobWorker = {
  type: 'zhuce.detect-employer-qualification',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const record = await employerRecordOf(job, deps);
    const known = record.qualificationNumbers.map(normalise);
    const typed = typeof application.data?.qualificationCertificateNo === 'string' ? normalise(application.data.qualificationCertificateNo) : '';

    const qualificationCertificateNo = typed || known[0] || null;
    const qualificationDetected = qualificationCertificateNo !== null && known.includes(qualificationCertificateNo);
    return complete({ qualificationDetected, qualificationCertificateNo });
  },
};
