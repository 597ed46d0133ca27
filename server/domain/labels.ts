/** Chinese names for the codes the database stores, for pages and documents. */
import { MATTER_NAMES, PROFESSIONS, isProfessionCode, professionByCode, specialtyOf, type MatterCode } from './professions.js';
import { provinceByCode } from './regions.js';

export const PROFESSION_CODES: string[] = PROFESSIONS.map((p) => p.code);

export function professionName(code: string): string {
  return isProfessionCode(code) ? professionByCode(code).name : code;
}

export function specialtyName(profession: string, specialty: string): string {
  return (isProfessionCode(profession) && specialtyOf(profession, specialty)?.name) || specialty;
}

export function provinceName(code: string): string {
  return provinceByCode(code)?.name ?? code;
}

export function matterName(code: string): string {
  return MATTER_NAMES[code as MatterCode] ?? code;
}
