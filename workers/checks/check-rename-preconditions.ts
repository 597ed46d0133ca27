/**
 * 核查更名条件 (rule 14, seed 001 §3.7): the employer has no case in flight,
 * the name really changes, and a 检测单位 or 施工图审查机构 uploaded its
 * renamed qualification copy.
 */
import { complete } from '../../server/engine/port.js';
import { applicationOf, type JobWorker } from '../worker.js';
import { employerOf, employerRecordOf, otherCasesInFlight, uploadsOf } from './case-facts.js';
import { refuse } from './refusal.js';

/** The kinds of enterprise whose qualification certificate carries the name and must be renewed first. */
const COPY_REQUIRED = ['检测单位', '施工图审查机构'];
const LISTED = 3;

export const checkRenamePreconditions: JobWorker = {
  type: 'zhuce.check-rename-preconditions',
  async handle(job, deps) {
    const application = await applicationOf(job, deps);
    const employer = await employerOf(job, deps);

    const inFlight = await otherCasesInFlight(application, { enterpriseId: employer.id }, deps);
    if (inFlight.length > 0) {
      const numbers = inFlight.slice(0, LISTED).map((a) => a.number).join('、');
      const more = inFlight.length > LISTED ? `等${inFlight.length}件` : '';
      return refuse(
        'APPLICATIONS_IN_FLIGHT',
        `本单位名下有正在办理的注册申报业务（申报编号${numbers}${more}），待全部办理完结后方可申报企业名称变更`,
      );
    }

    const newName = typeof application.data?.newEnterpriseName === 'string' ? application.data.newEnterpriseName.trim() : '';
    if (newName === '' || newName === employer.name) {
      return refuse('NAME_UNCHANGED', `现单位名称与原单位名称“${employer.name}”相同：企业名称未变更，请先到工商行政管理部门变更企业名称`);
    }

    const record = await employerRecordOf(job, deps);
    if (COPY_REQUIRED.includes(record.kind) && (await uploadsOf(application, 'renamedQualificationCopy', deps)).length === 0) {
      return refuse('QUALIFICATION_COPY_MISSING', `${record.kind}更名须上传更名后的企业资质副本`);
    }
    return complete();
  },
};
