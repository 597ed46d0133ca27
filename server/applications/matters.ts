/**
 * Which process and start form a request names: `zhuce-{matter}-{profession}`
 * for the applicant's matters, `zhuce-photo-signature-{profession}` for a new
 * photo and signature (matter 信息更正), the employer's own processes, and the
 * forced cancellation an employer files itself on the profession's 注销
 * process (`filedBy = "employer"`). A profession that does not offer the matter
 * is refused here, with the way the manuals point instead.
 */
import type { Role } from '../db/models/account.js';
import { MATTER_CODES, MATTER_NAMES, isProfessionCode, matterOf, professionByCode, type MatterCode, type ProfessionCode } from '../domain/professions.js';
import { invalid, notYours } from './refusal.js';

/** What a portal may ask to start. */
export type StartMatter = MatterCode | 'photo-signature' | 'enterprise-rename' | 'qualification-fix';

export const EMPLOYER_MATTERS = ['enterprise-rename', 'qualification-fix'] as const;
/** The employer processes serve the architects' and engineers' employers (seed 001); their `profession` property says so. */
export const EMPLOYER_PROCESS_PROFESSION = 'architect,engineer';

export interface ResolvedMatter {
  processId: string;
  formId: string;
  /** Stored on the case and passed to the process: a matter code of professions.ts, or the employer matter. */
  matter: string;
  /** A profession code, or EMPLOYER_PROCESS_PROFESSION for the employer's processes. */
  profession: string;
  /** The form header, e.g. 一级建造师执业资格认定（初始注册）. */
  title: string;
  /** Who files: the applicant, or the employer (its own matters and forced cancellation). */
  filer: 'applicant' | 'employer';
  /** Whether the employer reports (上报) before the authority sees the case. */
  employerStep: boolean;
  /** 信息更正 processes: a name/ID change or a new photo and signature. */
  correctionKind?: 'identity' | 'photo-signature';
}

const EMPLOYER_TITLES: Record<(typeof EMPLOYER_MATTERS)[number], string> = {
  'enterprise-rename': '企业名称变更',
  'qualification-fix': '补正资质',
};

function professionOf(code: string): ProfessionCode {
  if (!isProfessionCode(code)) throw invalid(`注册类别“${code}”不存在，请选择一级注册建筑师、勘察设计注册工程师、一级建造师或监理工程师`, undefined, '注册类别');
  return code;
}

export function resolveMatter(role: Role, professionCode: string | undefined, matter: string): ResolvedMatter {
  if ((EMPLOYER_MATTERS as readonly string[]).includes(matter)) {
    if (role !== 'employer') throw notYours(`${EMPLOYER_TITLES[matter as (typeof EMPLOYER_MATTERS)[number]]}只能由聘用企业的法人账号申报`);
    const employerMatter = matter as (typeof EMPLOYER_MATTERS)[number];
    return {
      processId: `zhuce-${employerMatter}`,
      formId: `apply-${employerMatter}`,
      matter: employerMatter,
      profession: EMPLOYER_PROCESS_PROFESSION,
      title: EMPLOYER_TITLES[employerMatter],
      filer: 'employer',
      employerStep: false,
    };
  }

  const profession = professionOf(professionCode ?? '');
  const p = professionByCode(profession);
  const matterCode: MatterCode | undefined = matter === 'photo-signature' ? 'info-correction' : MATTER_CODES.find((m) => m === matter);
  if (!matterCode) throw invalid(`申报事项“${matter}”不存在`, undefined, '申报事项');
  const offering = matterOf(profession, matterCode);
  if (!offering) {
    if (profession === 'constructor' && matterCode === 'change') {
      throw invalid('一级建造师不办理变更注册：变更执业单位须先办理注销手续，再申请重新注册（一级建造师常见问题14）', undefined, '申报事项');
    }
    throw invalid(`${p.name}不办理${MATTER_NAMES[matterCode]}`, undefined, '申报事项');
  }

  if (role === 'employer') {
    if (matterCode !== 'cancel') throw notYours(`${offering.title}由申请人本人申报，聘用企业在“注册申报管理”中上报或退回`);
    if (!p.forcedCancellation) throw invalid(`${p.name}${offering.name}由本人办理，聘用企业不能申请强制注销`, 10, '申报事项');
    return {
      processId: `zhuce-cancel-${profession}`,
      formId: `apply-cancel-by-employer-${profession}`,
      matter: 'cancel',
      profession,
      title: `${offering.title}（企业申请强制注销）`,
      filer: 'employer',
      employerStep: false,
    };
  }
  if (role !== 'applicant') throw notYours('只有申请人本人或其聘用企业可以申报注册事项');

  const correctionKind = matterCode === 'info-correction' ? (matter === 'photo-signature' ? 'photo-signature' : 'identity') : undefined;
  const processId = matter === 'photo-signature' ? `zhuce-photo-signature-${profession}` : `zhuce-${matterCode}-${profession}`;
  return {
    processId,
    formId: processId.replace(/^zhuce-/, 'apply-'),
    matter: matterCode,
    profession,
    title: correctionKind === 'photo-signature' ? `${offering.title} — 修改免冠照及手写签名` : offering.title,
    filer: 'applicant',
    employerStep: offering.employerStep,
    correctionKind,
  };
}
