/**
 * 核查资格库 (rule 6): every specialty of the case is in the qualification
 * register for the applicant, matched on ID number and name, and what the form
 * says about the certificate (资格证书管理号, 批准日期, 获取方式) agrees with it.
 */
import { complete } from '../../server/engine/port.js';
import { specialtyName } from '../../server/domain/labels.js';
import { QUALIFICATION_METHODS } from '../../server/domain/professions.js';
import type { QualificationRecord } from '../../server/registers/ports.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { applicantOf, caseSpecialties } from './case-facts.js';
import { refuse } from './refusal.js';

const NOT_FOUND = 'QUALIFICATION_NOT_FOUND';

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
const certificateNo = (value: string) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
const methodName = (value: string) => QUALIFICATION_METHODS.find((m) => m.code === value || m.name === value)?.name ?? value;

/** The first statement of the form the register contradicts, as a refusal message; null when all agree. */
function disagreement(form: Record<string, unknown>, record: QualificationRecord, label: string): string | null {
  const number = text(form.qualificationNo);
  if (number && certificateNo(number) !== certificateNo(record.certificateNumber)) {
    return `资格证书管理号“${number}”与资格库中您的“${label}”资格记录不一致`;
  }
  const approved = text(form.qualificationApprovalDate).slice(0, 10);
  if (approved && approved !== record.approvalDate) {
    return `资格证书批准日期${approved}与资格库中您的“${label}”资格记录不一致`;
  }
  const method = text(form.qualificationMethod);
  if (method && methodName(method) !== record.obtainedBy) {
    return `获取执业资格方式“${methodName(method)}”与资格库中您的“${label}”资格记录不一致`;
  }
  return null;
}

export const checkQualification: JobWorker = {
  type: 'zhuce.check-qualification',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const specialties = caseSpecialties(application);
    if (specialties.length === 0) throw new Error(`application ${application.id} names no specialty to look up`);

    const records = await deps.registers.qualifications.find(person.idNumber, person.name, application.profession);
    for (const specialty of specialties) {
      const label = specialtyName(application.profession, specialty);
      const record = records.find((r) => r.specialty === specialty);
      if (!record) {
        return refuse(NOT_FOUND, `资格库中未找到您的“${label}”资格记录（须与身份证号、姓名一致）`);
      }
      const conflict = disagreement(application.data ?? {}, record, label);
      if (conflict) return refuse(NOT_FOUND, conflict);
    }
    return complete();
  },
};
