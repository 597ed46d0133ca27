/**
 * The professions the authority registers, their specialties and the matters
 * (事项) each offers: SPEC §3–§4 and the manuals in shared/seeds, as constant
 * data the forms, processes, workers and seed all read from.
 */

export type ProfessionCode = 'architect' | 'engineer' | 'constructor' | 'supervisor';

export type MatterCode =
  | 'initial'
  | 'change'
  | 'renewal'
  | 'add-specialty'
  | 'modify-reissue'
  | 'cancel'
  | 're-register'
  | 'info-correction';

export const MATTER_CODES: readonly MatterCode[] = [
  'initial',
  'change',
  'renewal',
  'add-specialty',
  'modify-reissue',
  'cancel',
  're-register',
  'info-correction',
];

/** The usual Chinese name of each matter; a profession may word it differently (Profession.matters[].name). */
export const MATTER_NAMES: Readonly<Record<MatterCode, string>> = {
  initial: '初始注册',
  change: '变更注册',
  renewal: '延续注册',
  'add-specialty': '增项注册',
  'modify-reissue': '更改补办',
  cancel: '注销注册',
  're-register': '重新注册',
  'info-correction': '信息更正',
};

export interface Specialty {
  /** Unique across all professions, so a registration row can name it alone. */
  readonly code: string;
  /** As the manuals spell it, e.g. 注册公用设备工程师(暖通空调). */
  readonly name: string;
  /** The engineers' registration family (注册公用设备工程师, …); absent where the specialty stands alone. */
  readonly group?: string;
  /** The registration-business hotline for this specialty, where the manuals give one (seed 001 §4). */
  readonly consultationPhone?: string;
}

export interface MatterOffering {
  readonly matter: MatterCode;
  /** The profession's own wording: 一级建造师 says 注销手续 and 信息修改. */
  readonly name: string;
  /** The form header: 一级建造师执业资格认定（初始注册）. */
  readonly title: string;
  /** 事项编码 shown on the form header. */
  readonly matterCode: string;
  /** Whether matterCode is printed in a manual or follows our scheme (see matterCodeFor). */
  readonly matterCodeSource: 'manual' | 'scheme';
  /** Whether the employer confirms and forwards (上报) before the authority sees the case. */
  readonly employerStep: boolean;
  /** Working days the authority has to accept the case after it arrives; null = no acceptance step. */
  readonly acceptanceWorkingDays: number | null;
  /** Working days to decide after acceptance (rule 16); 0 = processed immediately. */
  readonly reviewWorkingDays: number;
}

export interface ConsultationContact {
  readonly topic: string;
  readonly phones: readonly string[];
  readonly hours?: string;
}

export interface Profession {
  readonly code: ProfessionCode;
  /** 注册类别 */
  readonly name: string;
  /** The government-service item the matters belong to: 一级建造师执业资格认定. */
  readonly itemName: string;
  readonly validityYears: number;
  readonly specialties: readonly Specialty[];
  /** How many specialties one application may name (监理: 申请注册专业1/2). */
  readonly maxSpecialtiesPerApplication: number;
  readonly matters: readonly MatterOffering[];
  /** Whether the review chain passes a provincial department (省级未受理 → 省级审查) before the ministry. */
  readonly provincialStage: boolean;
  /** Months before expiry in which 延续注册 may be filed. */
  readonly renewalWindowMonths: number;
  readonly cancellationReasons: readonly string[];
  /** Whether a cancellation carries 是否强制注销 (then an arbitration award or judgment is required). */
  readonly forcedCancellation: boolean;
  readonly contacts: readonly ConsultationContact[];
}

export const ACCEPTING_AUTHORITY = '中华人民共和国住房和城乡建设部';

/** 获取执业资格方式 / 取得方式 in the qualification register. */
export const QUALIFICATION_METHODS = [
  { code: 'exam', name: '考试' },
  { code: 'assessment', name: '考核认定' },
  { code: 'special-grant', name: '特许' },
] as const;

export type QualificationMethodCode = (typeof QUALIFICATION_METHODS)[number]['code'];

/** 一级建造师 注销原因, verbatim from the mini-program's list (seed 002 §3.4, 图 9-2). */
export const CONSTRUCTOR_CANCELLATION_REASONS: readonly string[] = [
  '聘用企业破产',
  '聘用企业被吊销营业执照',
  '聘用企业被吊销或者撤回资质证书',
  '已与聘用企业解除聘用合同关系',
  '注册有效期满且未申请延续注册',
  '年龄超过65周岁',
  '死亡或者不具有完全民事行为能力',
  '聘用企业被吊销相应资质证书',
  '其他导致注册失效的情形',
  '依法被撤销注册',
  '依法被吊销注册证书',
  '法律、法规规定应当注销注册的其他情形',
  '其他',
];

/**
 * 注销原因 of architects and engineers. Seed 000 shows the select but not its
 * options, so these are the lapse and cancellation cases of 《勘察设计注册工程师
 * 管理规定》(建设部令第137号), the regulation the manual cites, worded like the
 * constructors' list. Supervising engineers use them by analogy (SPEC §4).
 */
export const ENGINEER_CANCELLATION_REASONS: readonly string[] = [
  '聘用单位破产',
  '聘用单位被吊销营业执照',
  '聘用单位相应资质证书被吊销或者撤回',
  '已与聘用单位解除聘用劳动关系',
  '注册有效期满且未延续注册',
  '年龄超过65周岁',
  '死亡或者不具有完全民事行为能力',
  '受到刑事处罚',
  '依法被撤销注册',
  '依法被吊销注册证书',
  '本人申请注销注册',
  '法律、法规规定应当注销注册的其他情形',
  '其他',
];

/**
 * 事项编码. The manuals print four: 勘察设计注册工程师 初始注册 (seed 000, printed
 * with a 17-character department prefix, kept as printed), 勘察设计注册工程师 延续注册
 * (seed 000), 监理工程师 初始注册 (seed 004), and one code for every 一级建造师 form
 * (seed 002 shows the same code on 初始/延续/增项/重新注册, so it names the item,
 * and we use it for all the constructor's matters).
 *
 * Where they are silent the code follows the shape of the printed ones: the
 * ministry's credit code 11100000000013338W, then 1000117, a 3-digit item per
 * profession (engineer 039, supervisor 040, constructor 055 as printed;
 * architect 038 is ours), then a 3-digit sub-item per matter (SCHEME_SUB_ITEMS).
 */
const MINISTRY_PREFIX = '11100000000013338W1000117';
const SCHEME_ITEMS: Readonly<Record<ProfessionCode, string>> = {
  architect: '038',
  engineer: '039',
  supervisor: '040',
  constructor: '055',
};
const SCHEME_SUB_ITEMS: Readonly<Record<MatterCode, string>> = {
  initial: '001',
  change: '002',
  renewal: '003',
  'add-specialty': '004',
  'modify-reissue': '005',
  cancel: '006',
  're-register': '007',
  'info-correction': '008',
};
const PRINTED_MATTER_CODES: Partial<Record<ProfessionCode, Partial<Record<MatterCode, string>>>> = {
  engineer: {
    initial: '1110000000013338W1001017002001',
    renewal: '11100000000013338W1000117039001',
  },
  supervisor: {
    initial: '11100000000013338W1000117040000',
  },
  constructor: Object.fromEntries(
    (['initial', 'renewal', 'add-specialty', 'cancel', 're-register', 'info-correction'] as const).map((m) => [
      m,
      '11100000000013338W1000117055001',
    ]),
  ),
};

function matterCodeFor(profession: ProfessionCode, matter: MatterCode): Pick<MatterOffering, 'matterCode' | 'matterCodeSource'> {
  const printed = PRINTED_MATTER_CODES[profession]?.[matter];
  if (printed) return { matterCode: printed, matterCodeSource: 'manual' };
  return { matterCode: `${MINISTRY_PREFIX}${SCHEME_ITEMS[profession]}${SCHEME_SUB_ITEMS[matter]}`, matterCodeSource: 'scheme' };
}

/**
 * Time limits from the constructors' submission notice (seed 002 图 10): acceptance
 * within 5 working days, initial and similar matters decided within 20 working
 * days of acceptance, renewal within 10, cancellation immediately. SPEC rule 16
 * applies them to every profession.
 */
function timeLimits(matter: MatterCode): Pick<MatterOffering, 'acceptanceWorkingDays' | 'reviewWorkingDays'> {
  if (matter === 'cancel') return { acceptanceWorkingDays: null, reviewWorkingDays: 0 };
  if (matter === 'renewal') return { acceptanceWorkingDays: 5, reviewWorkingDays: 10 };
  return { acceptanceWorkingDays: 5, reviewWorkingDays: 20 };
}

function offering(
  profession: ProfessionCode,
  itemName: string,
  matter: MatterCode,
  employerStep: boolean,
  name: string = MATTER_NAMES[matter],
): MatterOffering {
  return {
    matter,
    name,
    title: `${itemName}（${name}）`,
    ...matterCodeFor(profession, matter),
    employerStep,
    ...timeLimits(matter),
  };
}

// Seed 000 §6 and the submission notice of 变更/更改补办 (seed 000 §3.2.2, §3.4.2), seed 001 §4.
const DESIGN_CONTACTS: readonly ConsultationContact[] = [
  { topic: '咨询服务热线', phones: ['010-88361866'], hours: '工作日 8:30-12:00，13:30-17:00' },
  { topic: '受理部门咨询电话', phones: ['010-68313587'] },
  { topic: '投诉电话', phones: ['010-68313531'] },
  { topic: '系统操作问题', phones: ['010-88019251', '010-88019252'] },
];

const ARCHITECT_ITEM = '一级注册建筑师执业资格认定';
const ENGINEER_ITEM = '一级注册结构工程师和其他专业勘察设计注册工程师执业资格认定';
const CONSTRUCTOR_ITEM = '一级建造师执业资格认定';
const SUPERVISOR_ITEM = '监理工程师执业资格认定';

const ARCHITECT: Profession = {
  code: 'architect',
  name: '一级注册建筑师',
  itemName: ARCHITECT_ITEM,
  validityYears: 2,
  specialties: [{ code: 'architecture', name: '建筑', consultationPhone: '010-88361866' }],
  maxSpecialtiesPerApplication: 1,
  // SPEC §4: re-registration runs through 初始注册 with a note, so it is no matter of its own here.
  matters: [
    offering('architect', ARCHITECT_ITEM, 'initial', true),
    offering('architect', ARCHITECT_ITEM, 'change', true),
    offering('architect', ARCHITECT_ITEM, 'renewal', true),
    offering('architect', ARCHITECT_ITEM, 'modify-reissue', true),
    offering('architect', ARCHITECT_ITEM, 'cancel', true),
    offering('architect', ARCHITECT_ITEM, 'info-correction', false),
  ],
  // Seed 000 §4: the architect's progress bar has the provincial stage, the engineer's does not.
  provincialStage: true,
  renewalWindowMonths: 6,
  cancellationReasons: ENGINEER_CANCELLATION_REASONS,
  forcedCancellation: true,
  contacts: DESIGN_CONTACTS,
};

const ENGINEER: Profession = {
  code: 'engineer',
  name: '勘察设计注册工程师',
  itemName: ENGINEER_ITEM,
  validityYears: 3,
  // Names as the manual's lists spell them (ASCII brackets, seed 000 §3.1.3 and §5); phones seed 001 §4.
  specialties: [
    { code: 'structural', name: '一级注册结构工程师', consultationPhone: '010-88361866' },
    { code: 'geotechnical', name: '注册土木工程师(岩土)', group: '注册土木工程师', consultationPhone: '010-88361866' },
    { code: 'hvac', name: '注册公用设备工程师(暖通空调)', group: '注册公用设备工程师', consultationPhone: '010-63369167' },
    { code: 'water-supply-drainage', name: '注册公用设备工程师(给水排水)', group: '注册公用设备工程师', consultationPhone: '010-63369167' },
    { code: 'power-engineering', name: '注册公用设备工程师(动力)', group: '注册公用设备工程师', consultationPhone: '010-63369167' },
    { code: 'power-distribution', name: '注册电气工程师(供配电)', group: '注册电气工程师', consultationPhone: '010-62006282' },
    { code: 'power-transmission', name: '注册电气工程师(发输变电)', group: '注册电气工程师', consultationPhone: '010-62006282' },
    { code: 'chemical', name: '注册化工工程师', consultationPhone: '010-64820640' },
  ],
  // 注册专业类型 is a single select on the engineer's forms.
  maxSpecialtiesPerApplication: 1,
  matters: [
    offering('engineer', ENGINEER_ITEM, 'initial', true),
    offering('engineer', ENGINEER_ITEM, 'change', true),
    offering('engineer', ENGINEER_ITEM, 'renewal', true),
    offering('engineer', ENGINEER_ITEM, 'modify-reissue', true),
    offering('engineer', ENGINEER_ITEM, 'cancel', true),
    offering('engineer', ENGINEER_ITEM, 'info-correction', false),
  ],
  provincialStage: false,
  renewalWindowMonths: 6,
  cancellationReasons: ENGINEER_CANCELLATION_REASONS,
  forcedCancellation: true,
  contacts: DESIGN_CONTACTS,
};

const CONSTRUCTOR: Profession = {
  code: 'constructor',
  name: '一级建造师',
  itemName: CONSTRUCTOR_ITEM,
  validityYears: 3,
  specialties: [
    { code: 'building', name: '建筑工程' },
    { code: 'highway', name: '公路工程' },
    { code: 'railway', name: '铁路工程' },
    { code: 'airport', name: '民航机场工程' },
    { code: 'port-waterway', name: '港口与航道工程' },
    { code: 'water-hydropower', name: '水利水电工程' },
    { code: 'mining', name: '矿业工程' },
    { code: 'mechanical-electrical', name: '机电工程' },
    { code: 'municipal', name: '市政公用工程' },
    { code: 'telecom-broadcast', name: '通信与广电工程' },
  ],
  // 申请注册专业 is a checkbox table over every qualified specialty (seed 002 图 9-2).
  maxSpecialtiesPerApplication: 10,
  // Seed 003 FAQ 13/14: 增项 needs no employer; a change of employer is 注销 then 重新注册.
  // 注销手续 is "即时办理" (seed 002 图 10) and its form has no employer section.
  matters: [
    offering('constructor', CONSTRUCTOR_ITEM, 'initial', true),
    offering('constructor', CONSTRUCTOR_ITEM, 'renewal', true),
    offering('constructor', CONSTRUCTOR_ITEM, 'add-specialty', false),
    offering('constructor', CONSTRUCTOR_ITEM, 'cancel', false, '注销手续'),
    offering('constructor', CONSTRUCTOR_ITEM, 're-register', true),
    offering('constructor', CONSTRUCTOR_ITEM, 'info-correction', false, '信息修改'),
  ],
  provincialStage: false,
  renewalWindowMonths: 6,
  cancellationReasons: CONSTRUCTOR_CANCELLATION_REASONS,
  forcedCancellation: false,
  contacts: [
    { topic: '咨询电话', phones: ['010-68318963'] },
    { topic: '技术支持', phones: ['0531-66680788', '0531-66680789', '0531-66680792'] },
  ],
};

const SUPERVISOR: Profession = {
  code: 'supervisor',
  name: '监理工程师',
  itemName: SUPERVISOR_ITEM,
  validityYears: 3,
  specialties: [
    { code: 'civil-building', name: '土木建筑工程' },
    { code: 'transport', name: '交通运输工程' },
    { code: 'water-conservancy', name: '水利工程' },
  ],
  maxSpecialtiesPerApplication: 2,
  // Seed 004 covers 初始注册 only; the others follow the engineers (SPEC §4 "by analogy"),
  // 增项 follows the constructors but keeps the employer step every other supervisor matter has.
  matters: [
    offering('supervisor', SUPERVISOR_ITEM, 'initial', true),
    offering('supervisor', SUPERVISOR_ITEM, 'change', true),
    offering('supervisor', SUPERVISOR_ITEM, 'renewal', true),
    offering('supervisor', SUPERVISOR_ITEM, 'add-specialty', true),
    offering('supervisor', SUPERVISOR_ITEM, 'cancel', true),
    offering('supervisor', SUPERVISOR_ITEM, 'info-correction', false),
  ],
  provincialStage: false,
  renewalWindowMonths: 6,
  cancellationReasons: ENGINEER_CANCELLATION_REASONS,
  forcedCancellation: true,
  // Seed 004 gives no phone numbers; we do not invent an authority's hotline.
  contacts: [],
};

export const PROFESSIONS: readonly Profession[] = [ARCHITECT, ENGINEER, CONSTRUCTOR, SUPERVISOR];

const professionsByCode = new Map(PROFESSIONS.map((p) => [p.code, p]));

export function isProfessionCode(code: string): code is ProfessionCode {
  return professionsByCode.has(code as ProfessionCode);
}

export function professionByCode(code: ProfessionCode): Profession {
  const profession = professionsByCode.get(code);
  if (!profession) throw new Error(`unknown profession ${code}`);
  return profession;
}

/** The matter as the profession offers it, or undefined where it does not (一级建造师 has no 变更注册). */
export function matterOf(profession: ProfessionCode, matter: MatterCode): MatterOffering | undefined {
  return professionByCode(profession).matters.find((m) => m.matter === matter);
}

export function specialtyOf(profession: ProfessionCode, specialtyCode: string): Specialty | undefined {
  return professionByCode(profession).specialties.find((s) => s.code === specialtyCode);
}

/** Looks a specialty up by its Chinese name, as forms and the qualification register carry it. */
export function specialtyByName(profession: ProfessionCode, name: string): Specialty | undefined {
  return professionByCode(profession).specialties.find((s) => s.name === name);
}
