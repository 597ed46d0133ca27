/**
 * 所属行业 of an employer. The manuals name 勘察设计行业 (seed 000), 检测单位 and
 * 施工图审查机构 (seed 001); the others follow the list of employer kinds in
 * the engineers' approval condition ("勘察、设计、施工、监理、招标代理、造价咨询等单位").
 */
import type { ProfessionCode } from './professions.js';

export type IndustryCode =
  | 'design'
  | 'construction'
  | 'supervision'
  | 'testing'
  | 'drawing-review'
  | 'bidding-agency'
  | 'cost-consulting';

export interface Industry {
  readonly code: IndustryCode;
  readonly name: string;
  /** Value of enterprises.kind: rule 14 asks 检测单位 and 施工图审查机构 for the renamed qualification copy. */
  readonly enterpriseKind: '一般' | '检测单位' | '施工图审查机构';
  /** Grades its qualification certificates carry. */
  readonly grades: readonly string[];
  /** Professions such employers typically register (drives the synthetic data). */
  readonly employs: readonly ProfessionCode[];
}

export const INDUSTRIES: readonly Industry[] = [
  { code: 'design', name: '勘察设计行业', enterpriseKind: '一般', grades: ['甲级', '乙级'], employs: ['architect', 'engineer'] },
  { code: 'construction', name: '建筑施工行业', enterpriseKind: '一般', grades: ['特级', '一级', '二级', '三级'], employs: ['constructor'] },
  { code: 'supervision', name: '工程监理行业', enterpriseKind: '一般', grades: ['综合资质', '甲级', '乙级'], employs: ['supervisor'] },
  { code: 'testing', name: '检测单位', enterpriseKind: '检测单位', grades: ['综合类', '专项类'], employs: ['engineer'] },
  { code: 'drawing-review', name: '施工图审查机构', enterpriseKind: '施工图审查机构', grades: ['一类', '二类'], employs: ['architect', 'engineer'] },
  { code: 'bidding-agency', name: '招标代理行业', enterpriseKind: '一般', grades: ['甲级', '乙级'], employs: ['constructor', 'supervisor'] },
  { code: 'cost-consulting', name: '造价咨询行业', enterpriseKind: '一般', grades: ['甲级', '乙级'], employs: ['constructor', 'supervisor'] },
];

const byCode = new Map(INDUSTRIES.map((i) => [i.code, i]));

export function industryByCode(code: IndustryCode): Industry {
  const industry = byCode.get(code);
  if (!industry) throw new Error(`unknown industry ${code}`);
  return industry;
}
