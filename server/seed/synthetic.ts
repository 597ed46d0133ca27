/**
 * Deterministic synthetic data for the local registers (persons, enterprises,
 * the qualification register) and the numbers the authority issues.
 *
 * The same seed and the same sequence of calls give the same data: everything
 * comes from seeded PRNG streams, and the reference date is an option, never
 * the clock. Each family of calls (persons, enterprises, qualifications,
 * issued numbers) draws from its own stream, so adding enterprises does not
 * change the persons. Identifiers are unique per SyntheticData instance.
 *
 * Number formats. Where real formats are known they are followed (身份证号,
 * 统一社会信用代码, the letter of 企业资质证书号: A 工程设计, D 建筑业, E 工程监理,
 * 监理 注册号 = province + 6 digits, 建造师 注册号 starting with the province
 * abbreviation, grade 1 and province code). The manuals show none of the
 * personal numbers, so the rest is our own, documented at each builder.
 */
import { industryByCode, type Industry, type IndustryCode } from '../domain/industries.js';
import {
  professionByCode,
  QUALIFICATION_METHODS,
  type ProfessionCode,
  type QualificationMethodCode,
} from '../domain/professions.js';
import { MAINLAND_PROVINCES, provinceByCode, type City, type Province } from '../domain/regions.js';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, organizationCodeCheckChar } from '../validation/credit-code.js';
import { idNumberCheckChar, type Sex } from '../validation/id-number.js';
import { addYears } from '../domain/days.js';

// ---------------------------------------------------------------------------
// Randomness

/** cyrb128: four 32-bit words from a string, to seed sfc32. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A small, fast seeded generator (sfc32). Not for secrets. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number | string) {
    [this.a, this.b, this.c, this.d] = hashSeed(String(seed));
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** In [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** A fixed-width string of decimal digits. */
  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String.fromCharCode(48 + Math.floor(this.float() * 10));
    return text;
  }

  /** An independent stream named after this one: same seed and label, same stream. */
  fork(label: string): Prng {
    return new Prng(`${String(this.seed)}/${label}`);
  }
}

/** Picks by weight in O(log n). */
export class WeightedTable<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += weight));
    this.total = sum;
  }

  pick(rng: Prng): T {
    const target = rng.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low];
  }
}

// ---------------------------------------------------------------------------
// Identifiers

/** A 身份证号 from its parts; the sequence's parity gives the sex (odd 男, even 女). */
export function buildIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/**
 * A 统一社会信用代码: authority (9 = 市场监管), entity type (1 = 企业), region,
 * the 8-character organization body with its GB 11714 check, then the GB 32100
 * check. The body must use the credit-code alphabet.
 */
export function buildCreditCode(regionCode: string, organizationBody: string, registrationAuthority = '9', entityType = '1'): string {
  const first17 = `${registrationAuthority}${entityType}${regionCode}${organizationBody}${organizationCodeCheckChar(organizationBody)}`;
  return first17 + creditCodeCheckChar(first17);
}

// ---------------------------------------------------------------------------
// Vocabulary

// Approximate shares (per mille) of the 100 most common surnames in the 2020
// household-register statistics, plus a few compound surnames.
const SURNAMES = new WeightedTable<string>([
  ['王', 71.2], ['李', 70.0], ['张', 67.8], ['刘', 53.8], ['陈', 45.3], ['杨', 30.8], ['赵', 22.9], ['黄', 22.3],
  ['周', 20.5], ['吴', 20.5], ['徐', 16.7], ['孙', 15.4], ['胡', 11.6], ['朱', 12.8], ['高', 10.0], ['林', 10.0],
  ['何', 10.6], ['郭', 11.3], ['马', 14.4], ['罗', 8.7], ['梁', 8.3], ['宋', 6.5], ['郑', 8.3], ['谢', 7.2],
  ['韩', 5.9], ['唐', 6.2], ['冯', 5.4], ['于', 4.3], ['董', 4.6], ['萧', 0.3], ['程', 3.8], ['曹', 5.3],
  ['袁', 4.4], ['邓', 5.4], ['许', 6.2], ['傅', 1.5], ['沈', 3.3], ['曾', 4.9], ['彭', 5.2], ['吕', 3.6],
  ['苏', 3.7], ['卢', 3.1], ['蒋', 4.2], ['蔡', 4.1], ['贾', 2.4], ['丁', 3.5], ['魏', 3.6], ['薛', 1.9],
  ['叶', 3.9], ['阎', 0.6], ['余', 4.1], ['潘', 4.3], ['杜', 4.0], ['戴', 1.3], ['夏', 2.4], ['钟', 2.9],
  ['汪', 2.7], ['田', 4.7], ['任', 3.4], ['姜', 3.0], ['范', 2.6], ['方', 2.2], ['石', 2.5], ['姚', 3.2],
  ['谭', 2.8], ['廖', 2.5], ['邹', 2.1], ['熊', 2.1], ['金', 2.6], ['陆', 2.7], ['郝', 1.5], ['孔', 1.2],
  ['白', 2.2], ['崔', 2.9], ['康', 1.1], ['毛', 1.5], ['邱', 2.0], ['秦', 2.0], ['江', 2.0], ['史', 1.7],
  ['顾', 1.5], ['侯', 1.7], ['邵', 1.4], ['孟', 2.1], ['龙', 1.7], ['万', 1.4], ['段', 1.8], ['雷', 1.8],
  ['钱', 1.4], ['汤', 1.2], ['尹', 1.9], ['黎', 1.6], ['易', 1.1], ['常', 1.1], ['武', 1.3], ['乔', 1.0],
  ['贺', 1.6], ['赖', 1.1], ['龚', 1.5], ['文', 1.0], ['肖', 4.8], ['闫', 1.8], ['付', 2.3], ['韦', 2.3],
  ['欧阳', 0.5], ['司马', 0.1], ['上官', 0.1], ['诸葛', 0.05], ['司徒', 0.1],
]);

const GIVEN_FIRST: Readonly<Record<Sex, readonly string[]>> = {
  男: ['志', '建', '国', '文', '海', '俊', '子', '家', '晓', '永', '明', '德', '宏', '浩', '伟', '思', '嘉', '天', '一', '泽', '宇', '博', '振', '世', '少', '立', '长', '金'],
  女: ['晓', '丽', '雅', '静', '思', '嘉', '雨', '欣', '子', '佳', '美', '秀', '婉', '若', '诗', '梦', '一', '文', '海', '春', '玉', '淑', '慧', '亚', '艳'],
};
const GIVEN_LAST: Readonly<Record<Sex, readonly string[]>> = {
  男: ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '斌', '宇', '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '阳', '峰', '东', '亮', '成', '兵', '晨', '博', '毅', '锋', '昊', '轩', '泽', '睿', '哲', '远', '航', '庆', '荣', '胜'],
  女: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '玲', '婷', '雪', '慧', '颖', '琳', '洁', '晶', '倩', '燕', '萍', '红', '梅', '莉', '丹', '怡', '欣', '悦', '璐', '琪', '雯', '蕾', '薇', '月', '英', '兰', '云', '凤', '莹', '梦', '婧', '瑶', '彤', '涵', '蓉'],
};

const ETHNICITIES = new WeightedTable<string>([
  ['汉族', 915], ['壮族', 14], ['回族', 8], ['满族', 7], ['维吾尔族', 8], ['苗族', 8], ['彝族', 7], ['土家族', 7],
  ['藏族', 5], ['蒙古族', 5], ['侗族', 2], ['布依族', 3], ['瑶族', 2], ['白族', 2], ['朝鲜族', 1], ['哈尼族', 1],
]);

const EDUCATION = new WeightedTable<{ education: string; degree: string; age: number }>([
  [{ education: '大专', degree: '无', age: 21 }, 8],
  [{ education: '本科', degree: '学士', age: 22 }, 68],
  [{ education: '硕士研究生', degree: '硕士', age: 25 }, 21],
  [{ education: '博士研究生', degree: '博士', age: 28 }, 3],
]);

const SCHOOLS = [
  '清华大学', '同济大学', '东南大学', '天津大学', '重庆大学', '哈尔滨工业大学', '华南理工大学', '浙江大学',
  '湖南大学', '西安建筑科技大学', '河海大学', '长安大学', '西南交通大学', '北京交通大学', '中南大学', '大连理工大学',
  '武汉大学', '武汉理工大学', '华中科技大学', '山东建筑大学', '沈阳建筑大学', '苏州科技大学', '安徽建筑大学',
  '北京建筑大学', '南京工业大学', '合肥工业大学', '兰州交通大学', '中国矿业大学', '华北电力大学', '石家庄铁道大学',
  '长沙理工大学', '河北工业大学', '昆明理工大学', '广州大学', '浙江工业大学', '福州大学', '郑州大学', '四川大学',
  '北京邮电大学', '南京邮电大学', '中国民航大学', '大连海事大学', '华东理工大学', '西安交通大学', '青岛理工大学',
];

/** Majors that lead to each specialty (所学专业). */
const MAJORS_BY_SPECIALTY: Readonly<Record<string, readonly string[]>> = {
  architecture: ['建筑学', '建筑学', '城乡规划'],
  structural: ['土木工程', '建筑工程', '工业与民用建筑'],
  geotechnical: ['岩土工程', '土木工程', '地质工程'],
  hvac: ['建筑环境与能源应用工程', '供热通风与空调工程'],
  'water-supply-drainage': ['给排水科学与工程', '给水排水工程'],
  'power-engineering': ['能源与动力工程', '热能与动力工程'],
  'power-distribution': ['电气工程及其自动化', '建筑电气与智能化'],
  'power-transmission': ['电气工程及其自动化', '电力系统及其自动化'],
  chemical: ['化学工程与工艺', '化学工程'],
  building: ['土木工程', '工程管理', '建筑工程技术'],
  highway: ['道路桥梁与渡河工程', '交通工程', '土木工程'],
  railway: ['铁道工程', '土木工程'],
  airport: ['机场工程', '交通工程', '土木工程'],
  'port-waterway': ['港口航道与海岸工程', '水利水电工程'],
  'water-hydropower': ['水利水电工程', '水文与水资源工程'],
  mining: ['采矿工程', '矿物加工工程'],
  'mechanical-electrical': ['机械设计制造及其自动化', '电气工程及其自动化', '建筑环境与能源应用工程'],
  municipal: ['给排水科学与工程', '土木工程', '道路桥梁与渡河工程'],
  'telecom-broadcast': ['通信工程', '电子信息工程'],
  'civil-building': ['土木工程', '工程管理'],
  transport: ['交通工程', '道路桥梁与渡河工程'],
  'water-conservancy': ['水利水电工程', '农业水利工程'],
};
const ALL_MAJORS = [...new Set(Object.values(MAJORS_BY_SPECIALTY).flat())];

// Mobile number blocks of the three carriers (and the virtual-operator 17x blocks).
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '172', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184',
  '185', '186', '187', '188', '189', '191', '193', '195', '198', '199',
];

// Weight of each province in the synthetic population: the big construction provinces employ more.
const PROVINCE_WEIGHTS: Readonly<Record<string, number>> = {
  '32': 6, '33': 5, '44': 5, '37': 4, '51': 4, '41': 3, '42': 3, '11': 3, '31': 3, '35': 3, '43': 3, '34': 3, '50': 2, '13': 2, '61': 2,
};
const PROVINCE_TABLE = new WeightedTable<Province>(MAINLAND_PROVINCES.map((p) => [p, PROVINCE_WEIGHTS[p.code] ?? 1] as const));

const INDUSTRY_TABLE = new WeightedTable<Industry>([
  [industryByCode('construction'), 40],
  [industryByCode('design'), 25],
  [industryByCode('supervision'), 15],
  [industryByCode('testing'), 7],
  [industryByCode('drawing-review'), 3],
  [industryByCode('bidding-agency'), 5],
  [industryByCode('cost-consulting'), 5],
]);

// 字号: two characters of the kind construction firms choose.
const TRADE_NAME_CHARS = [
  '华', '中', '宏', '鸿', '恒', '永', '正', '天', '建', '城', '新', '远', '大', '东', '盛', '嘉', '信', '诚', '通', '安',
  '泰', '广', '金', '博', '德', '鼎', '汇', '联', '瑞', '明', '兴', '达', '业', '源', '元', '昌', '祥', '宇', '海', '峰',
];

const NAME_ENDINGS: Readonly<Record<IndustryCode, readonly string[]>> = {
  design: ['建筑设计研究院有限公司', '工程设计有限公司', '勘察设计研究院有限公司', '建筑设计院有限公司', '工程勘察院有限公司', '市政工程设计研究院有限公司'],
  construction: ['建设集团有限公司', '建筑工程有限公司', '建工集团股份有限公司', '路桥工程有限公司', '市政工程有限公司', '水利水电工程有限公司', '机电安装工程有限公司', '建设工程有限公司'],
  supervision: ['工程监理有限公司', '工程建设监理有限公司', '工程项目管理有限公司', '建设工程咨询有限公司'],
  testing: ['建筑工程检测有限公司', '工程质量检测有限公司', '建设工程质量检测中心有限公司', '岩土工程检测有限公司'],
  'drawing-review': ['施工图审查中心', '施工图审查有限公司', '建设工程施工图审查中心有限公司'],
  'bidding-agency': ['工程招标代理有限公司', '招标咨询有限公司'],
  'cost-consulting': ['工程造价咨询有限公司', '工程造价事务所有限公司'],
};

const ROADS = [
  '人民路', '解放路', '中山路', '建设路', '文化路', '和平路', '长江路', '黄河路', '新华路', '胜利路', '青年路', '学院路',
  '光明路', '幸福路', '朝阳路', '东风路', '湖滨路', '创业路', '科技路', '滨江大道', '世纪大道', '高新大道', '迎宾大道', '工业大道',
];

// ---------------------------------------------------------------------------
// Number formats

/** Letters of the authority's numbers per profession and, for engineers, per specialty (our scheme). */
export const NUMBER_PREFIXES: Readonly<Record<string, string>> = {
  architect: 'JZ',
  constructor: 'JS',
  supervisor: 'JL',
  structural: 'JG',
  geotechnical: 'YT',
  hvac: 'NT',
  'water-supply-drainage': 'JP',
  'power-engineering': 'DL',
  'power-distribution': 'GP',
  'power-transmission': 'FS',
  chemical: 'HG',
};

// The letter of 企业资质证书号: A, D and E as on real certificates; the others ours.
const QUALIFICATION_LETTERS: Readonly<Record<IndustryCode, string>> = {
  design: 'A',
  construction: 'D',
  supervision: 'E',
  testing: 'J',
  'drawing-review': 'S',
  'bidding-agency': 'Z',
  'cost-consulting': 'C',
};
// Top grades are issued by the ministry (level 1), the others by the province (level 2).
const MINISTRY_GRADES = new Set(['特级', '一级', '甲级', '综合资质', '综合类', '一类']);

// First year each qualification was granted (examinations began, or the first
// 考核认定 / 特许 round); later years are drawn after it and after graduation.
const FIRST_QUALIFICATION_YEARS: Readonly<Record<string, number>> = {
  architect: 1995,
  constructor: 2004,
  supervisor: 1997,
  structural: 1997,
  geotechnical: 2002,
  hvac: 2005,
  'water-supply-drainage': 2005,
  'power-engineering': 2005,
  'power-distribution': 2005,
  'power-transmission': 2005,
  chemical: 2005,
};

// Prefecture cities whose ID numbers use the city's own code (no districts).
const CITIES_WITHOUT_DISTRICTS = new Set(['441900']);

const CREDIT_ALPHABET_CHARS = [...CREDIT_CODE_ALPHABET];

// ---------------------------------------------------------------------------
// Records

export interface SyntheticPerson {
  idNumber: string;
  name: string;
  sex: Sex;
  /** YYYY-MM-DD */
  birthDate: string;
  ethnicity: string;
  mobile: string;
  email: string;
  education: string;
  degree: string;
  school: string;
  major: string;
  /** YYYY-MM-DD */
  graduationDate: string;
  /** 现任专业技术职务 at the reference date. */
  title: string;
  /** 专业工作年限 at the reference date. */
  workYears: number;
  /** Province of the household registration (the ID number's first two digits). */
  provinceCode: string;
  regionCode: string;
}

export interface SyntheticQualificationCertificate {
  /** Industry name, as enterprise_qualifications.industry. */
  industry: string;
  certificateNumber: string;
  grade: string;
  /** YYYY-MM-DD */
  validUntil: string;
}

export interface SyntheticEnterprise {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  /** 2-digit province code (工商注册省份). */
  province: string;
  provinceName: string;
  /** 工商注册市区 */
  city: string;
  cityCode: string;
  address: string;
  /** 所属行业 name. */
  industry: string;
  industryCode: IndustryCode;
  kind: Industry['enterpriseKind'];
  contactName: string;
  contactPhone: string;
  /** null: the employer has no qualification yet, so its staff are 预注册 (rule 13). */
  qualification: SyntheticQualificationCertificate | null;
}

export interface SyntheticQualification {
  idNumber: string;
  name: string;
  profession: ProfessionCode;
  /** Specialty code (domain/professions). */
  specialty: string;
  specialtyName: string;
  /** 资格证书管理号 */
  certificateNumber: string;
  /** YYYY-MM-DD */
  approvalDate: string;
  method: QualificationMethodCode;
  /** 取得方式 as shown: 考试 / 考核认定 / 特许. */
  obtainedBy: string;
  year: number;
}

export interface PersonRequest {
  /** Household province; default: weighted by the size of the construction industry. */
  provinceCode?: string;
  sex?: Sex;
  /** Inclusive YYYY-MM-DD bounds; default: aged 26 to 64 at the reference date. */
  bornBetween?: readonly [string, string];
  /** Picks a major that leads to this specialty. */
  specialty?: string;
}

export interface EnterpriseRequest {
  provinceCode?: string;
  cityCode?: string;
  industry?: IndustryCode;
  /** Whether it holds a qualification certificate; default: 92 % do. */
  qualified?: boolean;
}

export interface SyntheticOptions {
  /** "Today" of the generated world, YYYY-MM-DD. Fixed by default so data never depends on the clock. */
  referenceDate?: string;
  /**
   * Where issued-number sequences start. A later run against the same
   * database starts past the earlier ones so its numbers do not collide.
   */
  sequenceStart?: number;
}

export const DEFAULT_REFERENCE_DATE = '2025-01-01';

const DAY_MS = 86_400_000;
const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export class SyntheticData {
  readonly referenceDate: string;
  private readonly people: Prng;
  private readonly companies: Prng;
  private readonly register: Prng;
  private readonly issued = new Set<string>();
  private readonly sequences = new Map<string, number>();
  private readonly sequenceStart: number;

  constructor(seed: number | string, options: SyntheticOptions = {}) {
    this.referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
    this.sequenceStart = options.sequenceStart ?? 1;
    const root = new Prng(seed);
    this.people = root.fork('people');
    this.companies = root.fork('companies');
    this.register = root.fork('register');
  }

  // --- persons --------------------------------------------------------------

  /** A surname by frequency and a given name of one or two characters. */
  personName(sex?: Sex, rng: Prng = this.people): string {
    const chosen: Sex = sex ?? (rng.chance(0.5) ? '男' : '女');
    const surname = SURNAMES.pick(rng);
    const last = rng.pick(GIVEN_LAST[chosen]);
    return rng.chance(0.72) ? surname + rng.pick(GIVEN_FIRST[chosen]) + last : surname + last;
  }

  /** A 身份证号 not issued before by this instance. */
  idNumber(options: { regionCode?: string; birthDate?: string; sex?: Sex } = {}): string {
    const rng = this.people;
    const sex = options.sex ?? (rng.chance(0.5) ? '男' : '女');
    for (;;) {
      const regionCode = options.regionCode ?? this.idRegionCode(PROVINCE_TABLE.pick(rng));
      const birthDate = options.birthDate ?? this.birthDate(undefined);
      // Sequences 001–998: 000 is never issued.
      const sequence = rng.int(0, 498) * 2 + 1 + (sex === '男' ? 0 : 1);
      const idNumber = buildIdNumber(regionCode, birthDate, sequence);
      if (this.claim(`id:${idNumber}`)) return idNumber;
    }
  }

  /** A 手机号 not issued before by this instance. */
  mobile(rng: Prng = this.people): string {
    for (;;) {
      const mobile = rng.pick(MOBILE_PREFIXES) + rng.digits(8);
      if (this.claim(`mobile:${mobile}`)) return mobile;
    }
  }

  person(request: PersonRequest = {}): SyntheticPerson {
    const rng = this.people;
    const province = request.provinceCode ? this.province(request.provinceCode) : PROVINCE_TABLE.pick(rng);
    const sex: Sex = request.sex ?? (rng.chance(0.8) ? '男' : '女');
    const birthDate = this.birthDate(request.bornBetween);
    const idNumber = this.idNumber({ regionCode: this.idRegionCode(province), birthDate, sex });
    const schooling = EDUCATION.pick(rng);
    const graduationYear = Number(birthDate.slice(0, 4)) + schooling.age + rng.int(0, 1);
    const graduationDate = `${graduationYear}-${rng.chance(0.8) ? '06' : '07'}-${pad(rng.int(20, 30), 2)}`;
    const workYears = Math.max(0, Number(this.referenceDate.slice(0, 4)) - graduationYear);
    const mobile = this.mobile();
    const majors = (request.specialty && MAJORS_BY_SPECIALTY[request.specialty]) || ALL_MAJORS;
    return {
      idNumber,
      name: this.personName(sex),
      sex,
      birthDate,
      ethnicity: ETHNICITIES.pick(rng),
      mobile,
      email: `${mobile}@${rng.pick(['163.com', '126.com', 'qq.com', '139.com', 'sina.com'])}`,
      education: schooling.education,
      degree: schooling.degree,
      school: rng.pick(SCHOOLS),
      major: rng.pick(majors),
      graduationDate,
      title: this.title(workYears),
      workYears,
      provinceCode: province.code,
      regionCode: idNumber.slice(0, 6),
    };
  }

  // --- enterprises ----------------------------------------------------------

  /** A 统一社会信用代码 of a company registered in regionCode, not issued before by this instance. */
  creditCode(regionCode: string): string {
    const rng = this.companies;
    for (;;) {
      // Since 2015 new bodies start with MA; older companies kept their numeric organization code.
      const body = rng.chance(0.7)
        ? 'MA' + Array.from({ length: 6 }, () => rng.pick(CREDIT_ALPHABET_CHARS)).join('')
        : rng.digits(8);
      const creditCode = buildCreditCode(regionCode, body);
      if (this.claim(`credit:${creditCode}`)) return creditCode;
    }
  }

  enterprise(request: EnterpriseRequest = {}): SyntheticEnterprise {
    const rng = this.companies;
    const province = request.provinceCode ? this.province(request.provinceCode) : PROVINCE_TABLE.pick(rng);
    const city = request.cityCode ? this.city(province, request.cityCode) : rng.pick(province.cities);
    const industry = request.industry ? industryByCode(request.industry) : INDUSTRY_TABLE.pick(rng);
    const qualified = request.qualified ?? rng.chance(0.92);
    const grade = rng.pick(industry.grades);
    return {
      creditCode: this.creditCode(city.code),
      name: this.enterpriseName(province, city, industry.code),
      legalRepresentative: this.personName(rng.chance(0.85) ? '男' : '女', rng),
      province: province.code,
      provinceName: province.name,
      city: city.name,
      cityCode: city.code,
      address: this.address(province, city),
      industry: industry.name,
      industryCode: industry.code,
      kind: industry.enterpriseKind,
      contactName: this.personName(rng.chance(0.5) ? '男' : '女', rng),
      contactPhone: this.mobile(rng),
      qualification: qualified
        ? {
            industry: industry.name,
            certificateNumber: this.qualificationCertificateNumber(industry.code, province.code, grade),
            grade,
            validUntil: fromDay(toDay(this.referenceDate) + rng.int(180, 5 * 365)),
          }
        : null,
    };
  }

  /** e.g. 浙江华建工程设计有限公司, 杭州恒信施工图审查中心; unique per instance. */
  enterpriseName(province: Province, city: City, industry: IndustryCode): string {
    const rng = this.companies;
    const place = province.municipality || rng.chance(0.55) ? province.shortName : city.name.replace(/[市区]$/, '');
    for (let length = 2; ; length++) {
      for (let attempt = 0; attempt < 20; attempt++) {
        let tradeName = '';
        while (tradeName.length < length) {
          const char = rng.pick(TRADE_NAME_CHARS);
          if (!tradeName.endsWith(char)) tradeName += char;
        }
        const name = place + tradeName + rng.pick(NAME_ENDINGS[industry]);
        if (this.claim(`enterprise:${name}`)) return name;
      }
    }
  }

  address(province: Province, city: City): string {
    const rng = this.companies;
    const building = rng.chance(0.4) ? `${rng.int(1, 12)}幢${rng.int(2, 28)}${pad(rng.int(1, 20), 2)}室` : '';
    return `${province.name}${city.name}${rng.pick(ROADS)}${rng.int(1, 999)}号${building}`;
  }

  /**
   * 企业资质证书号: industry letter, issuing level (1 ministry, 2 province),
   * province code, 6-digit sequence, e.g. A133000123, D233004567.
   */
  qualificationCertificateNumber(industry: IndustryCode, provinceCode: string, grade: string): string {
    const level = MINISTRY_GRADES.has(grade) ? '1' : '2';
    const key = `${QUALIFICATION_LETTERS[industry]}${level}${provinceCode}`;
    return `${key}${pad(this.next(`qualification-certificate:${key}`), 6)}`;
  }

  // --- qualification register and issued numbers ------------------------------

  /**
   * The person's rows in the qualification register for a profession. A
   * constructor's or supervisor's certificate covers several specialties under
   * one 资格证书管理号 (seed 002 图 9-1); an architect's or engineer's
   * certificate is per specialty.
   */
  qualifications(
    person: Pick<SyntheticPerson, 'idNumber' | 'name' | 'provinceCode' | 'graduationDate'>,
    profession: ProfessionCode,
    options: { specialties?: readonly string[] } = {},
  ): SyntheticQualification[] {
    const rng = this.register;
    const { specialties: all } = professionByCode(profession);
    const codes =
      options.specialties ??
      (profession === 'constructor' || profession === 'supervisor'
        ? this.someOf(all.map((s) => s.code), profession === 'supervisor' ? 2 : 3)
        : [rng.pick(all).code]);
    const latest = Number(this.referenceDate.slice(0, 4)) - 1;
    const earliest = (code: string) =>
      Math.min(latest, Math.max(Number(person.graduationDate.slice(0, 4)) + 3, this.firstYear(profession, code)));
    const sharedNumber = profession === 'constructor' || profession === 'supervisor';
    const firstYear = rng.int(earliest(codes[0]), latest);
    const shared = sharedNumber ? this.qualificationManagementNumber(profession, codes[0], person.provinceCode, firstYear) : '';
    return codes.map((code, index) => {
      const specialty = all.find((s) => s.code === code);
      if (!specialty) throw new Error(`${profession} has no specialty ${code}`);
      const year = index === 0 ? firstYear : rng.int(Math.max(firstYear, earliest(code)), latest);
      const method = this.method(year, this.firstYear(profession, code));
      return {
        idNumber: person.idNumber,
        name: person.name,
        profession,
        specialty: code,
        specialtyName: specialty.name,
        certificateNumber: shared || this.qualificationManagementNumber(profession, code, person.provinceCode, year),
        approvalDate: `${year}-${pad(rng.int(9, 12), 2)}-${pad(rng.int(1, 28), 2)}`,
        method,
        obtainedBy: QUALIFICATION_METHODS.find((m) => m.code === method)!.name,
        year,
      };
    });
  }

  /** 资格证书管理号 (our scheme): prefix, year, province, 6-digit sequence, e.g. JG2015330000123. */
  qualificationManagementNumber(profession: ProfessionCode, specialty: string, provinceCode: string, year: number): string {
    const key = `${this.prefix(profession, specialty)}${year}${provinceCode}`;
    return `${key}${pad(this.next(`management:${key}`), 6)}`;
  }

  /**
   * 注册号 at registration in a province and year:
   *   监理工程师   province + 6-digit sequence (33001234), the real shape;
   *   一级建造师   abbreviation + grade 1 + province + year + 6 digits (浙1332024000123);
   *   建筑师/工程师 prefix + province + year + 5 digits (JZ33202400012; ours).
   */
  registrationNumber(profession: ProfessionCode, specialty: string, provinceCode: string, year: number): string {
    const province = this.province(provinceCode);
    if (profession === 'supervisor') return `${provinceCode}${pad(this.next(`registration:JL${provinceCode}`), 6)}`;
    if (profession === 'constructor') {
      const key = `${province.abbreviation}1${provinceCode}${year}`;
      return `${key}${pad(this.next(`registration:${key}`), 6)}`;
    }
    const key = `${this.prefix(profession, specialty)}${provinceCode}${year}`;
    return `${key}${pad(this.next(`registration:${key}`), 5)}`;
  }

  /** 执业印章号 (our scheme): prefix, province, 7-digit sequence; a reissued seal (更改补办) gets a new one. */
  sealNumber(profession: ProfessionCode, specialty: string, provinceCode: string): string {
    const key = `${this.prefix(profession, specialty)}${provinceCode}`;
    return `${key}-${pad(this.next(`seal:${key}`), 7)}`;
  }

  // --- helpers ----------------------------------------------------------------

  private claim(key: string): boolean {
    if (this.issued.has(key)) return false;
    this.issued.add(key);
    return true;
  }

  private next(key: string): number {
    const value = (this.sequences.get(key) ?? this.sequenceStart - 1) + 1;
    this.sequences.set(key, value);
    return value;
  }

  private province(code: string): Province {
    const province = provinceByCode(code);
    if (!province || province.cities.length === 0) throw new Error(`no mainland province ${code}`);
    return province;
  }

  private city(province: Province, code: string): City {
    const city = province.cities.find((c) => c.code === code);
    if (!city) throw new Error(`no city ${code} in ${province.name}`);
    return city;
  }

  /** The ID number's region: a municipal district as listed, else a district of one of the province's cities. */
  private idRegionCode(province: Province): string {
    const city = this.people.pick(province.cities);
    if (province.municipality || CITIES_WITHOUT_DISTRICTS.has(city.code)) return city.code;
    return city.code.slice(0, 4) + this.people.pick(['02', '03']);
  }

  private birthDate(bounds: readonly [string, string] | undefined): string {
    const [from, to] = bounds ?? [addYears(this.referenceDate, -64), addYears(this.referenceDate, -26)];
    return fromDay(this.people.int(toDay(from), toDay(to)));
  }

  private title(workYears: number): string {
    if (workYears < 5) return '助理工程师';
    if (workYears < 12) return '工程师';
    return this.people.chance(0.1) ? '正高级工程师' : '高级工程师';
  }

  private prefix(profession: ProfessionCode, specialty: string): string {
    return profession === 'engineer' ? NUMBER_PREFIXES[specialty] : NUMBER_PREFIXES[profession];
  }

  private firstYear(profession: ProfessionCode, specialty: string): number {
    return FIRST_QUALIFICATION_YEARS[profession === 'engineer' ? specialty : profession];
  }

  private method(year: number, firstYear: number): QualificationMethodCode {
    // 考核认定 and 特许 belong to the first rounds of a register.
    if (year > firstYear + 1) return 'exam';
    const draw = this.register.float();
    return draw < 0.3 ? 'assessment' : draw < 0.35 ? 'special-grant' : 'exam';
  }

  private someOf(codes: readonly string[], max: number): string[] {
    const rng = this.register;
    const count = rng.int(1, Math.min(max, codes.length));
    const pool = [...codes];
    const chosen: string[] = [];
    while (chosen.length < count) chosen.push(...pool.splice(rng.int(0, pool.length - 1), 1));
    return chosen;
  }
}
