/**
 * The way a case of a matter takes through the authority, as SPEC §4–§5 and
 * processes/README.md describe it: who reports it, which acceptance and
 * review tasks it meets, how the applicant may withdraw, whether a 公告 and a
 * 注册证书 follow. The scenarios drive a case along its route and derive the
 * timeline they expect from it; the route is the test's own reading of the
 * manuals, not the generator's.
 */
import type { ProfessionCode } from '../../../../server/domain/professions.js';

export type Level = 'province' | 'ministry';
export type ReviewForm = 'ministry-review' | 'ministry-review-change-request' | 'ministry-review-cancel';

/** The demo applicants and the employers that report their cases. */
export const PEOPLE: Record<ProfessionCode, { applicant: string; employer: string }> = {
  architect: { applicant: 'wangfang', employer: 'qiye' },
  engineer: { applicant: 'zhangwei', employer: 'qiye' },
  constructor: { applicant: 'lina', employer: 'qiye-jianshe' },
  supervisor: { applicant: 'liuyang', employer: 'qiye-jianli' },
};

export const PROFESSION_NAMES: Record<ProfessionCode, string> = {
  architect: '一级注册建筑师',
  engineer: '勘察设计注册工程师',
  constructor: '一级建造师',
  supervisor: '监理工程师',
};

export const MATTER_TITLES: Record<string, string> = {
  initial: '初始注册',
  change: '变更注册',
  renewal: '延续注册',
  'add-specialty': '增项注册',
  'modify-reissue': '更改补办',
  cancel: '注销注册',
  're-register': '重新注册',
  'info-correction': '信息更正（姓名、证件）',
  'photo-signature': '修改免冠照及手写签名',
};

const REGISTRATION_MATTERS = ['initial', 'change', 'renewal', 'add-specialty', 'modify-reissue', 're-register'];
const ANNOUNCED_MATTERS = ['initial', 'change', 'renewal', 'add-specialty', 're-register'];

export interface Route {
  /** 一级注册建筑师 初始注册 */
  title: string;
  profession: ProfessionCode;
  /** The matter as the portal asks for it (photo-signature included). */
  matter: string;
  applicant: string;
  /** Who reports (上报) the case; null where the matter has no employer step. */
  employer: string | null;
  /** The acceptance tasks, in order. */
  acceptance: Level[];
  /** 省级审查 before the ministry (architects). */
  provinceReview: boolean;
  review: ReviewForm;
  /** How the applicant withdraws once the employer reported (rule 11): with its consent, at once (no employer), or not at all (一级建造师). */
  withdrawal: 'consent' | 'direct' | 'none';
  /** Approved registrations wait for the 公告. */
  announced: boolean;
  /** A refusal comes with a 不予注册告知书. */
  refusalNotice: boolean;
}

export function route(profession: ProfessionCode, matter: string, people = PEOPLE[profession]): Route {
  const registration = REGISTRATION_MATTERS.includes(matter);
  const employerStep = matter === 'cancel' ? profession !== 'constructor' : registration && !(profession === 'constructor' && matter === 'add-specialty');
  const architect = profession === 'architect';
  const acceptance: Level[] = matter === 'cancel' ? [] : architect && registration ? ['province', 'ministry'] : ['ministry'];
  return {
    title: `${PROFESSION_NAMES[profession]} ${MATTER_TITLES[matter]}`,
    profession,
    matter,
    applicant: people.applicant,
    employer: employerStep ? people.employer : null,
    acceptance,
    provinceReview: architect && (registration || matter === 'cancel'),
    review: matter === 'cancel' ? 'ministry-review-cancel' : registration ? 'ministry-review' : 'ministry-review-change-request',
    withdrawal: !employerStep ? 'direct' : profession === 'constructor' ? 'none' : 'consent',
    announced: ANNOUNCED_MATTERS.includes(matter),
    // Every refusal comes with its notice (issue 9), a registration's and a request's alike.
    refusalNotice: true,
  };
}
