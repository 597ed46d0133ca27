/**
 * 人员查重 (rule 4): whether the applicant holds a registration, of any
 * qualification, at another employer than the case's. With `consequence =
 * anomaly` the case is flagged and gets one appeal item; with `consequence =
 * refusal` (一级建造师) the case is flagged and the process refuses it with a
 * 不予注册告知书 naming `duplicateDetail`.
 */
import { complete } from '../../server/engine/port.js';
import { professionName, specialtyName } from '../../server/domain/labels.js';
import { applicationOf, dedupeKey, type JobWorker } from '../worker.js';
import { activeRegistrations, applicantOf, caseSpecialties, employerOf } from './case-facts.js';
import { flagCase, openAnomaly } from './findings.js';

export const checkDuplicatePerson: JobWorker = {
  type: 'zhuce.check-duplicate-person',
  async handle(job, deps) {
    const consequence = job.customHeaders.consequence;
    if (consequence !== 'anomaly' && consequence !== 'refusal') {
      throw new Error(`zhuce.check-duplicate-person: unknown consequence header "${String(consequence)}"`);
    }
    const application = await applicationOf(job, deps);
    const person = await applicantOf(application, deps);
    const employer = await employerOf(job, deps);

    // In 变更注册 the registration being moved is at the old employer by definition.
    const moving = application.matter === 'change' ? caseSpecialties(application) : [];
    const elsewhere = (await activeRegistrations(deps, { personId: person.id })).filter(
      (r) => r.enterpriseId !== employer.id && !(r.profession === application.profession && moving.includes(r.specialty)),
    );
    if (elsewhere.length === 0) return complete({ duplicatePerson: false, duplicateDetail: null });

    const held = elsewhere
      .map((r) => {
        const number = r.registrationNumber ? `，注册号${r.registrationNumber}` : '';
        return `在“${r.enterprise?.name ?? '其他单位'}”注册为${professionName(r.profession)}（${specialtyName(r.profession, r.specialty)}${number}）`;
      })
      .join('；');
    const duplicateDetail = `人员查重：您已${held}，与本次申报的聘用单位“${employer.name}”不一致`;
    const finding = {
      name: 'duplicatePerson',
      values: { duplicatePerson: true, duplicateDetail },
      detail: { consequence, employerCode: employer.creditCode, registrationIds: elsewhere.map((r) => r.id) },
    };

    if (consequence === 'anomaly') {
      await openAnomaly(
        {
          application,
          finding,
          kind: '人员重复',
          step: '人员查重（异常，待申辩）',
          reason: `${duplicateDetail}，请在“我的申辩”中说明情况`,
          enterpriseId: employer.id,
          dedupeKey: dedupeKey(job),
        },
        deps,
      );
    } else {
      await flagCase(application, finding, dedupeKey(job), deps);
    }
    return complete({ duplicatePerson: true, duplicateDetail });
  },
};
