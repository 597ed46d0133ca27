/**
 * 办事指南 and 在线客服: what each profession's matters need and how long they
 * take (professions.ts, seed 002 图 10), the frequently asked questions of the
 * manuals (seed 003 §5 个人版常见问题 for 一级建造师, verbatim where they apply
 * to this system; the notes of seeds 000, 001 and 004 for the others), and the
 * manuals' telephone numbers (seed 000 §6, seed 001 §4, seeds 002 and 003).
 */
import { PROFESSIONS, type Profession, type ProfessionCode } from '../domain/professions.js';

export interface Faq {
  question: string;
  answer: string;
  /** Where the manuals say it. */
  source: string;
}

const SEED_003 = '《一级建造师注册管理信息系统个人版操作手册》第5章 个人版常见问题';
const SEED_000 = '《注册建筑师、勘察设计注册工程师个人版操作手册》';
const SEED_004 = '《监理工程师初始注册操作手册》';

const CONSTRUCTOR_FAQ: Faq[] = [
  {
    question: '个人办理注册业务时“办理材料目录”显示需提供企业的营业执照、资质证书，如何处理？',
    answer: '企业的营业执照、资质证书由企业提供，个人办理注册业务时不需要提交。',
    source: `${SEED_003} 第3问`,
  },
  {
    question: '为什么申请重新注册时承诺书上显示的企业名称为注销前的企业名称？',
    answer: '因为申请人未填写重新注册的企业名称，申请人填写新企业名称后，承诺书上企业名称会变更为新企业名称。如果填完新企业名称后未变更，则为新企业未办理企业实名认证。',
    source: `${SEED_003} 第4问`,
  },
  {
    question: '个人办理注册业务时总是显示“请确认企业名称”如何处理？',
    answer: '个人填写企业名称后，系统会自动补全企业其他信息，无需手动填写。若没有自动补全企业其他信息，且提示“请确认企业名称”，说明企业没有完成企业实名认证。企业完成实名认证后即可。',
    source: `${SEED_003} 第5问`,
  },
  {
    question: '申请注册业务时上传的附件图像的格式要求是什么？',
    answer: '（1）证件照为1寸白底免冠照片；（2）个人签名照为白色背景的个人手写签名图片，要求从左往右横版书写。本系统接受jpg、jpeg、png格式，单个文件不超过500KB。',
    source: `${SEED_003} 第6问`,
  },
  {
    question: '为什么无法申请注销手续、或完成注销后无法申请重新注册、或申请注册时可申请注册的专业不全？',
    answer: '是因为实名信息中的证件号码和姓名与资格库中的不一致，需要申请个人信息修改：在“信息更正”中填写正确的姓名和身份证号码，在情况说明中简要填写修改原因，重新上传身份证正反面，并根据情况上传公安机关或人事考试部门出具的证明材料，提交后等待审核。',
    source: `${SEED_003} 第8问`,
  },
  {
    question: '为什么会收到不予注册告知书，提示二级建造师或其他执业资格已在其他企业注册？',
    answer: '二级建造师或其他执业资格注销或变更以后，数据需要一定时间才能同步到全国建筑市场监管公共服务平台，一级建造师审核时以全国建筑市场监管公共服务平台的查询结果为准。收到不予注册告知书后，需等平台上的信息更新以后，才能重新申请一级建造师的注册业务。',
    source: `${SEED_003} 第9问`,
  },
  {
    question: '个人上报初始注册、增项注册、重新注册业务后，是否可以撤回？',
    answer: '若企业未上报，可让企业撤回；若企业已上报，则无法撤回。',
    source: `${SEED_003} 第11问`,
  },
  {
    question: '为什么个人提交增项注册后企业看不到个人的申请，无法进行上报？',
    answer: '增项注册业务不需要企业上报。',
    source: `${SEED_003} 第13问`,
  },
  {
    question: '一级建造师如何办理变更执业单位？',
    answer: '需变更执业单位的，应先完成注销手续，再申请重新注册。',
    source: `${SEED_003} 第14问`,
  },
];

const DESIGN_FAQ: Faq[] = [
  {
    question: '已上报的申报可以撤回吗？',
    answer: '只有申报状态为“个人已上报”或“企业已上报”才可以撤回；如果该申报数据已上报到主管部门，主管部门还未受理前，个人操作撤回后需要企业同意后方可撤回，请到历史申报页面查询是否办理成功。撤回的数据可以再次申请注册。',
    source: `${SEED_000} 撤回`,
  },
  {
    question: '申报变更注册有什么要求？',
    answer: '申报变更注册，原聘用单位要与现聘用单位不一致，并须上传原聘用单位出具的解聘证明。请先在“个人信息”中将所在企业信息修改为现聘用单位。',
    source: `${SEED_000} 3.2 变更注册`,
  },
  {
    question: '什么时候可以申报延续注册？',
    answer: '延续注册只能在注册有效期届满前6个月内申报，审批通过后有效期自原有效期届满之日起延续。',
    source: `${SEED_000} 3.3 延续注册`,
  },
  {
    question: '提示“社保缴纳情况异常”怎么办？',
    answer: '所有注册申报都核查社保。如继续申报，请点“确定”，同时承诺只受聘于本单位并缴纳社保；申报将标记异常，您可在“我的申辩”中提交申辩说明。如不继续申报，请点“取消”。',
    source: `${SEED_000} 社保核查`,
  },
  {
    question: '每个专业可以申报几次初始注册？',
    answer: '每个注册专业只可以申报一次初始注册，不能重复注册；申报初始注册必须取得相应专业的执业资格，如果未取得不可申报。系统只列出资格库中您已取得资格且尚未注册的专业。',
    source: `${SEED_000} 3.1 初始注册 注`,
  },
  {
    question: '民族、毕业院校等信息填错了怎么修改？',
    answer: '民族、毕业院校、所学专业、学历、学位、毕业时间和手机号码可在“个人信息”中直接修改；姓名、证件类型、证件号码须通过“信息更正”提交证明材料，经审核后修改。',
    source: `${SEED_000} 信息更正`,
  },
];

const SUPERVISOR_FAQ: Faq[] = [
  {
    question: '一次可以申请几个注册专业？',
    answer: '监理工程师一次最多可申请两个注册专业（申请注册专业1、申请注册专业2），两个专业不能相同，且须是资格库中您已取得资格的专业。',
    source: `${SEED_004} 初始注册`,
  },
  {
    question: '聘用单位填写后提示“请确认企业名称”怎么办？',
    answer: '填写统一社会信用代码后系统会自动带出企业信息；如提示“请确认企业名称”，说明该企业尚未在系统中完成注册和实名认证，请联系聘用单位办理。',
    source: `${SEED_004} 聘用单位`,
  },
];

export const FAQ: Record<ProfessionCode, Faq[]> = {
  architect: DESIGN_FAQ,
  engineer: DESIGN_FAQ,
  constructor: CONSTRUCTOR_FAQ,
  supervisor: SUPERVISOR_FAQ,
};

/** 受理部门 and 住房和城乡建设部 numbers where a profession has none of its own (seed 000 §3.2.2). */
const AUTHORITY_CONTACTS = [
  { topic: '受理部门咨询电话（住房和城乡建设部）', phones: ['010-68313587'] },
  { topic: '投诉电话', phones: ['010-68313531'] },
];

/** Registration-business lines per specialty (seed 001 §4). */
function specialtyLines(p: Profession) {
  const bySpecialty = new Map<string, string[]>();
  for (const s of p.specialties) {
    if (!s.consultationPhone) continue;
    const list = bySpecialty.get(s.consultationPhone) ?? [];
    list.push(s.name);
    bySpecialty.set(s.consultationPhone, list);
  }
  return [...bySpecialty].map(([phone, names]) => ({ topic: `注册业务问题：${names.join('、')}`, phones: [phone] }));
}

export function guideFor(p: Profession) {
  return {
    code: p.code,
    name: p.name,
    itemName: p.itemName,
    validityYears: p.validityYears,
    specialties: p.specialties.map((s) => s.name).join('、'),
    matters: p.matters.map((m) => ({
      name: m.name,
      matterCode: m.matterCode,
      employerStep: m.employerStep,
      acceptance: m.acceptanceWorkingDays === null ? '无需受理' : `${m.acceptanceWorkingDays}个工作日内受理`,
      review: m.reviewWorkingDays === 0 ? '即时办理' : `受理后${m.reviewWorkingDays}个工作日内办结`,
    })),
    faq: FAQ[p.code],
    contacts: [...specialtyLines(p), ...(p.contacts.length ? p.contacts : AUTHORITY_CONTACTS)],
  };
}

/** The professions a person is qualified or registered in first, then the others. */
export function guides(first: readonly string[] = []) {
  return [...PROFESSIONS].sort((a, b) => Number(first.includes(b.code)) - Number(first.includes(a.code))).map(guideFor);
}
