/**
 * Who speaks in a case step or a document: the system, the provincial
 * department of the employer's province, or the ministry. Names as the
 * authorities call themselves; a province we cannot name falls back to the
 * manuals' generic 省级住房和城乡建设主管部门.
 */
import { ACCEPTING_AUTHORITY } from '../../server/domain/professions.js';
import { provinceByCode } from '../../server/domain/regions.js';

export const SYSTEM_ACTOR = '系统';
export const MINISTRY_ACTOR = '住房和城乡建设部';
/** The ministry as it signs documents. */
export const MINISTRY_AUTHORITY = ACCEPTING_AUTHORITY;

export function provincialDepartment(provinceCode: string | null | undefined): string {
  const province = provinceCode ? provinceByCode(provinceCode) : undefined;
  if (!province) return '省级住房和城乡建设主管部门';
  // Shanghai's department carries 管理 in its name; the other municipalities have a 委员会, the provinces a 厅.
  if (province.code === '31') return '上海市住房和城乡建设管理委员会';
  return province.municipality ? `${province.name}住房和城乡建设委员会` : `${province.name}住房和城乡建设厅`;
}
