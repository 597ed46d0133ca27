/** Chinese names for the codes the database stores, for pages and documents. */
import { MATTER_NAMES, PROFESSIONS, isProfessionCode, matterOf, professionByCode, specialtyOf, type MatterCode } from './professions.js';
import { provinceByCode } from './regions.js';

export const PROFESSION_CODES: string[] = PROFESSIONS.map((p) => p.code);

/** Employer-side matters (rules 13, 14): the employer files them, for several professions at once. */
export const EMPLOYER_MATTER_NAMES: Record<string, string> = { 'enterprise-rename': '企业名称变更', 'qualification-fix': '补正资质' };

/** A profession's name; an employer case names several, comma-separated. */
export function professionName(code: string): string {
  if (code.includes(',')) return code.split(',').map(professionName).join('、');
  return isProfessionCode(code) ? professionByCode(code).name : code;
}

export function specialtyName(profession: string, specialty: string): string {
  return (isProfessionCode(profession) && specialtyOf(profession, specialty)?.name) || specialty;
}

export function provinceName(code: string): string {
  return provinceByCode(code)?.name ?? code;
}

export function matterName(code: string): string {
  return MATTER_NAMES[code as MatterCode] ?? EMPLOYER_MATTER_NAMES[code] ?? (code === 'photo-signature' ? '修改免冠照及手写签名' : code);
}

/** 一级建造师注销手续, 勘察设计注册工程师初始注册, 企业名称变更: a case's matter in the profession's own words. */
export function caseTitle(profession: string, matter: string): string {
  if (EMPLOYER_MATTER_NAMES[matter]) return EMPLOYER_MATTER_NAMES[matter];
  if (!isProfessionCode(profession)) return matterName(matter);
  return `${professionName(profession)}${matterOf(profession, matter as MatterCode)?.name ?? matterName(matter)}`;
}
