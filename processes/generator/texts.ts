/**
 * Texts the forms show, verbatim from the manuals where they print them.
 * Seed 000 prints the engineers' 个人承诺书 and seed 004 the supervising
 * engineers'; the architects' letter follows the engineers' with the
 * architects' regulation, the constructors' follows the supervisors' with the
 * constructors' regulations (the manuals show neither).
 */
import type { ProfessionCode } from '../../server/domain/professions.js';

const ENGINEER_POINTS = [
  '本人已审慎阅读、充分理解并同意接受勘察设计注册工程师注册管理信息系统相关规则，对系统相关规则的修改、调整均予以接受。',
  '本人充分了解并清楚知晓不得出租、出借、出售、购买国家政务服务平台账户，妥善保管且依法依规使用本人账户，并承诺承担相应法律责任。',
  '本人同意以电子申报方式，申请勘察设计注册工程师注册业务。',
  '本人已通过实名认证，认证及申请事项均为本人办理，提供的申报信息及材料真实有效。',
  '本人已通过考试、特许、考核认定等方式取得中华人民共和国勘察设计注册工程师职业资格证书，并在考试报名、笔试等环节均不存在违法违规行为。',
  '本人承诺受聘于{{employerName}}，该受聘单位符合有关主管部门规定的注册单位要求，该受聘单位为本人唯一受聘单位。',
  '本人已依法与受聘单位签订劳动合同或其他能证明劳动关系的有效文件，由受聘单位按期缴纳社保（退休等情形除外），本人承诺对受聘情况的真实性、合法性负责。',
  '本人已按照有关规定，通过包含但不限于自学、面授培训、远程教育培训等形式完成了继续教育学习，达到本专业继续教育要求。',
  '本人不存在因从事勘察设计或者相关业务受到刑事处罚，自刑事处罚执行完毕之日起至申请注册之日止不满二年的情形。',
  '本人不存在法律、法规规定不予注册的其他情形。',
  '本人在申请勘察设计注册工程师注册业务时，所填信息及提交材料均真实、合法、有效，并愿意配合对申请内容的调查、核查、检验，并未隐瞒任何有关勘察设计注册工程师禁止行为的信息。',
  '本人自愿遵守《中华人民共和国行政许可法》和《勘察设计注册工程师管理规定》等相关法律、法规，承诺经注册取得勘察设计注册工程师注册证书后，依法依规从事执业活动。',
  '本人愿意承担不实承诺、未履行承诺、违反承诺、隐瞒有关情况、提供虚假材料或违法违规执业的全部法律责任，接受有关主管部门的各项惩戒措施。',
  '本人已知晓并同意，若出现上述行为，相关信息将被作为失信信息记录在有关公共信用信息服务平台，并依法依规向社会公示。',
  '本人具有完全民事行为能力，以上承诺均为本人真实意思表示。',
];

const ENGINEER_INTRO =
  '本人姓名：{{applicantName}} 身份证号：{{idNumber}} 手机号：{{mobile}}，申请勘察设计注册工程师注册业务。本人已充分知悉《中华人民共和国行政许可法》《勘察设计注册工程师管理规定》等相关法律、法规的全部要求，现郑重承诺如下：';

const SUPERVISOR_INTRO =
  '本人姓名：{{applicantName}}，身份证号：{{idNumber}}，手机号：{{mobile}}，申请监理工程师注册业务。本人已充分知悉相关法律法规及《注册监理工程师管理规定》《注册监理工程师注册管理工作规程》等规章文件的全部要求，现郑重承诺如下：';

const SUPERVISOR_POINTS = [
  '1、本人已审慎阅读、充分理解并同意接受注册监理工程师管理系统相关规则，对系统相关规则的修改、调整均予以接受。',
  '2、本人充分了解并清楚知晓不得出租、出借、出售、购买国家政务服务平台账户，妥善保管且依法依规使用本人账户，并承诺承担相应法律责任。',
  '3、本人同意以电子申报方式，申请监理工程师注册业务。',
  '4、本人已通过实名认证，认证及申请事项均为本人办理，提供的信息及材料均为真实。',
  '5、本人受聘于{{employerName}}，该受聘单位符合有关主管部门规定的注册单位要求，该受聘单位为本人唯一受聘单位。',
  '6、本人已依法与受聘单位签订劳动合同或有其他能证明劳动关系的有效文件，由受聘单位按期缴纳社保（退休等情形除外），承诺对本人受聘情况真实性、合法性负责。',
  '7、本人已通过职业资格考试取得中华人民共和国监理工程师职业资格证书，在考试报名、笔试等各环节均不存在违法违规行为。',
  '8、本人在近三年内已按照有关规定，通过包括但不限于自学、面授培训、远程教育培训等形式完成了继续教育学习，达到本专业继续教育要求。',
  '9、本人不存在因刑事处罚尚未执行完毕或者因从事工程监理或者相关业务受到刑事处罚，自刑事处罚执行完毕之日起至申请注册之日止不满2年的情形。',
  '10、本人不存在受到行政处罚或撤销行政许可尚未执行完毕，及近2年内被吊销注册证书情形。',
  '11、本人承诺在申请监理工程师注册业务时，所填信息及提交材料均真实、合法、有效，并愿意配合对申请内容的调查、核查、核验，并未隐瞒任何有关监理工程师禁止行为的信息。',
  '12、本人自愿遵守相关法律法规及《注册监理工程师管理规定》《注册监理工程师注册管理工作规程》等规章文件，承诺经注册取得监理工程师注册证书后，依法依规从事执业活动。',
  '13、本人愿意承担不实承诺、未履行承诺、违反承诺、隐瞒有关情况、提供虚假材料或违法违规执业的全部法律责任，接受有关主管部门的各项惩戒措施。本人已知晓并同意，若出现上述行为，相关信息将被作为失信信息记录在有关公共信用信息服务平台，并依法依规向社会公示。',
  '14、本人具有完全民事行为能力，以上承诺均为本人真实意思表示。',
];

function adapt(text: string, replacements: Array<[string, string]>): string {
  return replacements.reduce((t, [from, to]) => t.split(from).join(to), text);
}

const ARCHITECT_REPLACEMENTS: Array<[string, string]> = [
  ['《勘察设计注册工程师管理规定》', '《中华人民共和国注册建筑师条例》'],
  ['勘察设计注册工程师注册管理信息系统', '一级注册建筑师注册管理信息系统'],
  ['勘察设计注册工程师', '一级注册建筑师'],
  ['从事勘察设计或者相关业务', '从事建筑设计或者相关业务'],
];

const CONSTRUCTOR_REPLACEMENTS: Array<[string, string]> = [
  ['《注册监理工程师管理规定》《注册监理工程师注册管理工作规程》', '《注册建造师管理规定》《一级注册建造师注册实施办法》'],
  ['注册监理工程师管理系统', '建设行业执业资格管理信息系统'],
  ['从事工程监理或者相关业务', '从事建设工程施工管理或者相关业务'],
  ['监理工程师', '一级建造师'],
];

/** The 个人承诺书 as markdown; {{…}} placeholders are filled from the form's input data. */
export function commitmentLetter(profession: ProfessionCode): string {
  const [intro, points] =
    profession === 'engineer'
      ? [ENGINEER_INTRO, ENGINEER_POINTS.map((p) => `- ${p}`)]
      : profession === 'architect'
        ? [adapt(ENGINEER_INTRO, ARCHITECT_REPLACEMENTS), ENGINEER_POINTS.map((p) => `- ${adapt(p, ARCHITECT_REPLACEMENTS)}`)]
        : profession === 'supervisor'
          ? [SUPERVISOR_INTRO, SUPERVISOR_POINTS]
          : [adapt(SUPERVISOR_INTRO, CONSTRUCTOR_REPLACEMENTS), SUPERVISOR_POINTS.map((p) => adapt(p, CONSTRUCTOR_REPLACEMENTS))];
  return [intro, '', ...points.map((p) => (p.startsWith('- ') ? p : `${p}  `))].join('\n');
}

/** Seed 000, "您的社保缴纳情况异常" (rule 3). */
export const SOCIAL_SECURITY_WARNING =
  '按照《勘察设计注册工程师管理规定》（建设部令第137号）要求，经核查，您的社保缴纳情况异常。是否继续申报，如继续申报，请点“确定”，同时承诺只受聘于本单位并缴纳社保，未受聘于其他单位或在其他单位缴纳社保，如有虚假，愿承担一切责任。如不继续申报，请点“取消”。';

/** Seed 000 §3.1.1 审批条件. */
export const DESIGN_CONDITIONS: Array<[key: string, label: string]> = [
  ['conditionQualified', '1、依法取得相应专业执业资格证书或者互认资格证书'],
  ['conditionSingleEmployer', '2、只受聘于中华人民共和国境内的一个建设工程勘察、设计、施工、监理、招标代理、造价咨询等单位（以下简称聘用单位）'],
  ['conditionContinuingEducation', '3、达到继续教育要求'],
];

/** Seed 000 §2.2 照片、签名 申报须知及个人承诺. */
export const PHOTO_SIGNATURE_NOTICE = [
  '1.此照片、签名用于制作电子证照。格式为jpg, jpeg, png, 大小控制在500KB以内。',
  '2.照片为一寸免冠证件照, 正向上传, 清晰可辨。',
  '3.签名白底黑字, 文字横向, 正向上传, 清晰可辨。请使用“签名图像处理工具”生成签名图像。',
  '4.本人具有完全民事行为能力并承诺该事项为本人办理。提供的照片、签名信息及材料等真实、合法、有效。',
  '5.本人知悉并承诺遵守相关法律、法规, 愿承担相应责任。',
].join('\n\n');

/**
 * 企业承诺书: seed 001 asks the employer to read it for 60 seconds and tick
 * 本公司作出上述承诺 but does not print it; this text states what the employer
 * vouches for when it reports (rule 12) or files a forced cancellation.
 */
export const EMPLOYER_COMMITMENT = [
  '本单位郑重承诺：',
  '',
  '1、本单位已核实申请人的申报信息，申请人为本单位依法聘用的人员，本单位已与其签订劳动合同并按期为其缴纳社会保险（退休等情形除外）。',
  '',
  '2、本单位提交和确认的申报信息及材料真实、合法、有效，无隐瞒、虚假情形。',
  '',
  '3、本单位愿意承担不实承诺、提供虚假材料的全部法律责任，接受有关主管部门的各项惩戒措施，并同意相关信息作为失信信息依法依规向社会公示。',
].join('\n');

/**
 * The 注册须知 the applicant confirms having read (seeds 002/004 show the
 * box "注册须知" but not its text): the rules the application is held to
 * (SPEC §6), for the profession and matter, and the materials it collects.
 */
export function registrationNotice(professionName: string, matter: string, constructor: boolean): string {
  const general = [
    `申请人须已取得${professionName}职业资格证书，资格信息以资格库为准（按身份证件号码和姓名核对），资格库中没有的专业不能申报。`,
    '申请人只能受聘于一个单位，由受聘单位按期缴纳社会保险（退休等情形除外）；所有注册申报都核查社保，社保缴纳异常的须作出承诺方可继续申报，并由审批部门核查。',
    '所有注册申报都检测是否已上传照片和签名：一寸白底免冠照片、白底黑字的手写签名，格式为jpg、jpeg、png，每个文件不大于500KB。',
    '个人承诺书须阅读满60秒后方可作出承诺；不作出承诺的，申报不予提交。',
    constructor
      ? '申报提交后由聘用企业审核上报；企业上报后不能撤回申报。'
      : '申报提交后由聘用企业审核上报；企业上报后、审批部门受理前撤回申报的，须经聘用企业同意；受理后不能撤回。',
  ];
  const byMatter: Record<string, string[]> = {
    initial: ['每个注册专业只可以申报一次初始注册，已注册或正在办理的专业不能重复申报。'],
    're-register': ['已在原单位注销注册的，方可申报重新注册。'],
    renewal: ['延续注册只能在注册有效期届满前6个月内申报；审批通过后，新的有效期自原有效期届满之日起计算。'],
    'add-specialty': ['增项注册的专业须已取得相应的职业资格，且不能是已注册的专业。'],
  };
  const items = [...(byMatter[matter] ?? []), ...general];
  return [
    '#### 注册须知',
    '',
    ...items.map((item, i) => `${i + 1}. ${item}`),
    '',
    '#### 收取材料',
    '',
    '办理该业务，您需要提供如下材料：一寸白底免冠照片、手写签名（在本表“附件”栏目上传）。',
  ].join('\n');
}

/** A note of several points ("注：" and a numbered list), as the manuals print them under a form. */
export function note(points: string[]): string {
  return ['**注：**', '', ...points.map((p, i) => `${i + 1}. ${p}`)].join('\n');
}
