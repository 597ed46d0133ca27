/**
 * The sample data the form editor's preview fills a form with: the values the
 * server puts into a form of the matter (the applicant, the employer, the
 * registration, as the demo applicant of the profession would see them), so
 * the analyst sees read-only fields filled and conditions as an applicant or
 * reviewer meets them. Fictional values in the demo data's style.
 */
import type { FormComponent, FormSchema } from '../forms/schema.js';

const PROFESSION_SAMPLES: Record<string, Record<string, unknown>> = {
  supervisor: { applicantName: '刘洋', gender: '男', birthDate: '1986-04-12', specialtyName: '房屋建筑工程', employerName: '浙江正诚工程监理有限公司', industryName: '工程监理' },
  constructor: { applicantName: '李娜', gender: '女', birthDate: '1985-09-03', specialtyName: '建筑工程', employerName: '浙江宏远建设集团有限公司', industryName: '建筑施工' },
  architect: { applicantName: '王芳', gender: '女', birthDate: '1984-02-18', specialtyName: '建筑', employerName: '浙江华建工程设计有限公司', industryName: '工程勘察设计' },
  engineer: { applicantName: '张伟', gender: '男', birthDate: '1983-11-26', specialtyName: '岩土工程', employerName: '浙江华建工程设计有限公司', industryName: '工程勘察设计' },
};

const COMMON: Record<string, unknown> = {
  idType: '居民身份证',
  idNumber: '330106198604120000',
  employerCode: '91330100MA2XXXXXX0',
  employerQualificationNo: 'E133000001',
  sealNo: '33000001',
  previousSealNo: '33000001',
  validUntil: '2027-06-30',
  previousValidUntil: '2027-06-30',
  previousEmployerName: '浙江示例工程有限公司',
  mobile: '13800000000',
  legalRepresentative: '陈建国',
  registeredProvince: '浙江省',
  registeredCity: '杭州市',
  address: '杭州市西湖区文三路 100 号',
  technicalTitle: '高级工程师',
  previousEnterpriseName: '浙江示例工程有限公司',
  newEnterpriseName: '浙江示例工程集团有限公司',
  correctionContent: '补充上传社保缴纳证明',
  correctionReason: '上传的社保证明不清晰，请重新上传',
  withdrawalReason: '申请人主动撤回',
};

const MATTER_NAMES: Record<string, string> = {
  initial: '初始注册',
  renewal: '延续注册',
  change: '变更注册',
  'add-specialty': '增项注册',
  cancel: '注销注册',
  're-register': '重新注册',
  'modify-reissue': '更改补办',
  'info-correction': '信息更正',
  'photo-signature': '修改免冠照及手写签名',
};

function keysOf(components: FormComponent[] | undefined): string[] {
  return (components ?? []).flatMap((c) => (c.components ? keysOf(c.components) : c.key ? [c.key] : []));
}

/** Sample values for the keys a form has, by the matter and profession its id names. */
export function sampleDataOf(formId: string, schema: FormSchema): Record<string, unknown> {
  const profession = /-(architect|engineer|constructor|supervisor)$/.exec(formId)?.[1] ?? 'supervisor';
  const matter = /^apply-(.+)-(?:architect|engineer|constructor|supervisor)$/.exec(formId)?.[1];
  const known: Record<string, unknown> = { ...COMMON, ...PROFESSION_SAMPLES[profession], ...(matter && MATTER_NAMES[matter] ? { matterName: MATTER_NAMES[matter] } : {}) };
  const data: Record<string, unknown> = {};
  for (const key of keysOf(schema.components)) if (key in known) data[key] = known[key];
  return data;
}
