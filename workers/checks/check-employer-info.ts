/**
 * 核查企业基本信息已保存 (rule 12): the employer saved its 企业基本信息 before
 * reporting. The server refuses 上报 already; this keeps the process honest.
 */
import { complete } from '../../server/engine/port.js';
import { type JobWorker } from '../worker.js';
import { employerOf } from './case-facts.js';
import { refuse } from './refusal.js';

export const checkEmployerInfo: JobWorker = {
  type: 'zhuce.check-employer-info',
  async handle(job, deps) {
    const employer = await employerOf(job, deps);
    if (!employer.basicInfoSavedAt) {
      return refuse('EMPLOYER_INFO_MISSING', `“${employer.name}”尚未保存企业基本信息：请先在“企业基本信息”中填写并保存，再上报`);
    }
    return complete();
  },
};
