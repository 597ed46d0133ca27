/**
 * The rules of SPEC §6 that refuse a start request at once, before anything
 * is written: 审批条件 (1), the fields a matter's rule requires (7, 9, 10, 13,
 * 14, 15), and what the registers and the other cases say (5, 6, 7, 8, 10,
 * 12, 14, 15, and no second case of the same matter in flight). The jobs of
 * the process check the same facts again (workers/checks); here the applicant
 * learns at once, with a message that names the field and the rule.
 */
import { Op } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Application } from '../db/models/application.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import { specialtyName } from '../domain/labels.js';
import { isProfessionCode, professionByCode } from '../domain/professions.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import type { Registers } from '../registers/ports.js';
import { FieldError } from '../validation/field-error.js';
import { chinaDate } from '../validation/fields.js';
import { validateIdNumber } from '../validation/id-number.js';
import { conflict, invalid } from './refusal.js';
import { certificateNumberKey, specialtyChoices } from './specialty-choices.js';
import type { QualificationRecord } from '../registers/ports.js';
import { QUALIFICATION_METHODS } from '../domain/professions.js';
import { findComponent, requestedSpecialties, type RegistrationWithEmployer, type StartFacts } from './start-facts.js';
import { FINAL_STATUSES, isInFlight } from './statuses.js';

/** Matters whose process checks the photo and signature on file (workers/CATALOGUE.md, zhuce.check-photo-signature). */
const PHOTO_CHECKED_MATTERS = ['initial', 'change', 'renewal', 'add-specialty', 'modify-reissue', 're-register'];
/** Matters that create a registration of each requested specialty. */
const NEW_SPECIALTY_MATTERS = ['initial', 're-register', 'add-specialty'];

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const labelOf = (c: FormComponent) => (c.label || c.key || '').replace(/[：:*\s]+$/, '');

/** Rule 1: every checkbox under 审批条件 / 注册须知 / 注销须知 is ticked (全选). */
export function checkConditions(schema: FormSchema, formData: Record<string, unknown>): void {
  for (const group of schema.components.filter((c) => c.type === 'group' && /条件|须知/.test(c.label ?? ''))) {
    const unticked = (group.components ?? []).filter((c) => c.type === 'checkbox' && c.key && formData[c.key] !== true && formData[c.key] !== 'true');
    if (unticked.length === 0) continue;
    const groupName = labelOf(group);
    throw invalid(`${groupName}：请认真阅读并勾选全部${groupName}（全选）后再办理，未勾选：${unticked.map(labelOf).join('；')}（规则1）`, 1, groupName);
  }
}

interface Requirement {
  key: string;
  rule: number;
  message: string;
  /** Only while this holds (the field is hidden otherwise). */
  when?: (data: Record<string, unknown>) => boolean;
}

/** Fields a rule requires, checked on the request before the form's own checks so the refusal names the rule. */
function requirementsOf(facts: StartFacts): Requirement[] {
  const { matter } = facts;
  switch (matter.matter) {
    case 'change':
      return [{ key: 'releaseCertificate', rule: 7, message: '解聘证明：变更注册须上传原聘用单位出具的解聘证明（规则7）' }];
    case 'modify-reissue':
      return [
        { key: 'reissueReason', rule: 9, message: '更改/补办原因：请选择更改或补办的原因（规则9：更改补办须填写原因和要求）' },
        { key: 'reissueRequirement', rule: 9, message: '更改/补办要求：请选择“更改执业印章号”或“补办注册证书”（规则9：更改补办须填写原因和要求）' },
      ];
    case 'cancel': {
      const award = '劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件';
      return [
        { key: 'cancellationReason', rule: 10, message: '注销原因：请选择注销原因（规则10：注销须填写原因）' },
        matter.filer === 'employer'
          ? { key: 'arbitrationDocument', rule: 10, message: `${award}：企业申请强制注销须上传${award}（规则10）` }
          : {
              key: 'arbitrationDocument',
              rule: 10,
              message: `${award}：“是否强制注销”选择“是”时须上传${award}（规则10）`,
              when: (d) => d.forcedCancellation === 'yes',
            },
      ];
    }
    case 'info-correction':
      return matter.correctionKind === 'identity'
        ? [
            { key: 'idCardScans', rule: 15, message: '身份证正反面：修改姓名或证件信息须重新上传身份证正反面（规则15）' },
            { key: 'evidenceFiles', rule: 15, message: '证明材料：修改姓名或证件信息须上传公安机关或人事考试部门出具的证明材料（规则15）' },
          ]
        : [];
    case 'enterprise-rename':
      return [
        {
          key: 'renamedQualificationCopy',
          rule: 14,
          message: '更名后的企业资质副本：检测单位、施工图审查机构更名须上传更名后的企业资质副本（规则14）',
          when: (d) => d.requiresQualificationCopy === true,
        },
      ];
    case 'qualification-fix':
      return [
        {
          key: 'qualificationCopy',
          rule: 13,
          message: '企业资质副本：未检测到该企业资质证书号，须上传企业资质副本并填写企业资质证书号（规则13）',
          when: (d) => d.qualificationDetected !== true,
        },
      ];
    default:
      return [];
  }
}

/** Checks the request with the server's values merged in (`submitted`), so a condition reads the server's flags. */
export function checkRequiredByRule(facts: StartFacts, submitted: Record<string, unknown>): void {
  for (const r of requirementsOf(facts)) {
    if (r.when && !r.when(submitted)) continue;
    if (isEmpty(submitted[r.key])) throw invalid(r.message, r.rule, labelOf(findComponent(facts.schema, r.key) ?? { type: 'text', key: r.key }));
  }
}

/** The China calendar day `months` months after `day` (before it when negative), the day clamped to the month's end. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface StartRuleDeps {
  models: Models;
  registers: Registers;
  clock: Clock;
}

export class StartRules {
  constructor(private readonly deps: StartRuleDeps) {}

  /** Everything the registers and the other cases decide, on the validated values. */
  async check(facts: StartFacts, values: Record<string, unknown>, filingEnterprise: Enterprise | null): Promise<void> {
    if (filingEnterprise) this.employerInfoSaved(filingEnterprise);
    await this.noSecondCase(facts);
    switch (facts.matter.matter) {
      case 'initial':
      case 're-register':
        await this.newSpecialties(facts, values);
        break;
      case 'add-specialty':
        this.holdsRegistration(facts);
        await this.newSpecialties(facts, values);
        break;
      case 'change':
        this.changeOfEmployer(facts);
        break;
      case 'renewal':
        this.renewalWindow(facts);
        break;
      case 'modify-reissue':
        this.registrationsOfSpecialties(facts);
        break;
      case 'cancel':
        this.cancellation(facts, filingEnterprise);
        break;
      case 'info-correction':
        if (facts.matter.correctionKind === 'identity') this.identityChange(facts, values);
        break;
      case 'enterprise-rename':
        await this.rename(facts, filingEnterprise!);
        break;
    }
    await this.specialtiesOffered(facts);
    this.photoAndSignatureOnFile(facts);
  }

  /**
   * Rule 6 as the start page offers it: only the specialties of the person's
   * 资格库 (new registrations) or current registrations (延续, 变更, 更改补办,
   * 注销). The matter's own rules above name the reason first; this holds the
   * page's list and the server to one source (specialty-choices.ts).
   */
  private async specialtiesOffered(facts: StartFacts): Promise<void> {
    if (!facts.person || facts.specialties.length === 0 || facts.matter.filer !== 'applicant') return;
    const { allowed } = await specialtyChoices(this.deps, facts.person, facts.matter.profession, facts.matter.matter);
    if (!allowed) return;
    const outside = facts.specialties.filter((s) => !allowed.includes(s));
    if (outside.length > 0) {
      const offered = allowed.map((s) => this.name(facts, s)).join('、') || '无';
      throw invalid(`注册专业：“${outside.map((s) => this.name(facts, s)).join('、')}”不在您可申报的专业内（可申报：${offered}）（规则6）`, 6, '注册专业');
    }
  }

  /** Rule 6: what the form says of the certificate agrees with the 资格库 record, so a typo is the applicant's to correct now, not a refused case later. */
  private agreesWithRegister(facts: StartFacts, values: Record<string, unknown>, record: QualificationRecord, label: string): void {
    if (!findComponent(facts.schema, 'qualificationNo')) return;
    const typed = typeof values.qualificationNo === 'string' ? values.qualificationNo.trim() : '';
    if (typed && certificateNumberKey(typed) !== certificateNumberKey(record.certificateNumber)) {
      throw invalid(`资格证书管理号：“${typed}”与资格库中您“${label}”专业的资格证书管理号不一致，请对照资格证书重新填写（规则6）`, 6, '资格证书管理号');
    }
    const approved = typeof values.qualificationApprovalDate === 'string' ? values.qualificationApprovalDate.slice(0, 10) : '';
    if (approved && approved !== record.approvalDate) {
      throw invalid(`资格证书批准日期：${approved}与资格库中您“${label}”专业的批准日期不一致，请对照资格证书重新填写（规则6）`, 6, '资格证书批准日期');
    }
    const method = typeof values.qualificationMethod === 'string' ? values.qualificationMethod : '';
    const methodName = QUALIFICATION_METHODS.find((m) => m.code === method || m.name === method)?.name ?? method;
    if (method && methodName !== record.obtainedBy) {
      throw invalid(`获取执业资格方式：“${methodName}”与资格库中您“${label}”专业的获取方式（${record.obtainedBy}）不一致（规则6）`, 6, '获取执业资格方式');
    }
  }

  /** Rule 12: an employer saves its basic information before it files anything. */
  employerInfoSaved(enterprise: Enterprise): void {
    if (!enterprise.basicInfoSavedAt) {
      throw conflict('企业基本信息：请先在“企业基本信息”中填写并保存企业基本信息，保存后方可申报或上报注册信息（规则12）', 12, '企业基本信息');
    }
  }

  private async casesInFlight(where: Record<string, unknown>): Promise<Application[]> {
    const rows = await this.deps.models.Application.findAll({
      where: { ...where, status: { [Op.notIn]: FINAL_STATUSES } },
      order: [['id', 'ASC']],
    });
    return rows.filter(isInFlight);
  }

  /** One case of a matter at a time: the same matter for an overlapping specialty must finish first. */
  private async noSecondCase(facts: StartFacts): Promise<void> {
    const { matter, person, employer, specialties } = facts;
    const where = person ? { personId: person.id } : employer ? { enterpriseId: employer.id, personId: null } : null;
    if (!where) return;
    const same = (await this.casesInFlight({ ...where, profession: matter.profession, matter: matter.matter })).filter((a) => {
      if ((a.data?.correctionKind ?? undefined) !== matter.correctionKind) return false;
      const theirs = a.specialties ?? [];
      return theirs.length === 0 || specialties.length === 0 || theirs.some((s) => specialties.includes(s));
    });
    if (same.length > 0) {
      const [first] = same;
      throw conflict(`您已有一件正在办理的${matter.title}（申报编号${first.number}，状态：${first.status}），办结前不能重复申报`);
    }
  }

  private name(facts: StartFacts, specialty: string): string {
    return specialtyName(facts.matter.profession, specialty);
  }

  /** Rule 6: in the qualification register (ID number and name), each specialty once, not registered or in flight. */
  private async newSpecialties(facts: StartFacts, values: Record<string, unknown>): Promise<void> {
    const { matter, person, registrations } = facts;
    const requested = facts.specialties;
    const profession = professionByCode(matter.profession as Parameters<typeof professionByCode>[0]);
    const named = requestedSpecialties(values);
    if (new Set(named).size !== named.length) {
      throw invalid(`申请注册专业2：不能与申请注册专业1相同，每个专业只能申报一次（规则6）`, 6, '申请注册专业2');
    }
    if (requested.length > profession.maxSpecialtiesPerApplication) {
      throw invalid(`专业类别：每次最多申报${profession.maxSpecialtiesPerApplication}个专业（规则6）`, 6, '专业类别');
    }
    const records = await this.deps.registers.qualifications.find(person!.idNumber, person!.name, matter.profession);
    for (const specialty of requested) {
      const label = this.name(facts, specialty);
      const record = records.find((r) => r.specialty === specialty);
      if (!record) {
        throw invalid(`注册专业：资格库中未找到您“${label}”专业的执业资格记录（须与身份证号、姓名一致），不能申报（规则6：申报的专业须已取得相应执业资格）`, 6, '注册专业');
      }
      if (registrations.some((r) => r.specialty === specialty)) {
        throw conflict(`注册专业：您已注册“${label}”专业，每个注册专业只可申报一次，不能重复注册（规则6）`, 6, '注册专业');
      }
    }
    const inFlight = await this.casesInFlight({ personId: person!.id, profession: matter.profession, matter: { [Op.in]: NEW_SPECIALTY_MATTERS } });
    for (const specialty of requested) {
      const other = inFlight.find((a) => (a.specialties ?? []).includes(specialty));
      if (other) {
        throw conflict(`注册专业：您有正在办理的“${this.name(facts, specialty)}”专业申报（申报编号${other.number}，状态：${other.status}），办结前不能重复申报（规则6）`, 6, '注册专业');
      }
    }
    for (const specialty of requested) this.agreesWithRegister(facts, values, records.find((r) => r.specialty === specialty)!, this.name(facts, specialty));
  }

  private registrationOf(facts: StartFacts, specialty: string, matterName: string): RegistrationWithEmployer {
    const registration = facts.registrations.find((r) => r.specialty === specialty);
    if (!registration) {
      throw conflict(`注册专业类型：您没有“${this.name(facts, specialty)}”专业的有效注册，不能申报${matterName}`, undefined, '注册专业类型');
    }
    return registration;
  }

  private registrationsOfSpecialties(facts: StartFacts): RegistrationWithEmployer[] {
    return facts.specialties.map((s) => this.registrationOf(facts, s, facts.matter.title));
  }

  private holdsRegistration(facts: StartFacts): void {
    if (facts.registrations.length === 0) {
      throw conflict(`增项注册须已有有效的${professionByCode(facts.matter.profession as Parameters<typeof professionByCode>[0]).name}注册，请先申报初始注册`, 6);
    }
  }

  /** Rule 7: the new employer (saved as 所在企业信息) differs from the registration's. */
  private changeOfEmployer(facts: StartFacts): void {
    const [registration] = this.registrationsOfSpecialties(facts);
    if (!facts.employer) {
      throw invalid('现聘用单位：请先在“个人信息”中将所在企业信息修改为现聘用单位并保存（规则7：变更注册须有新的聘用单位）', 7, '现聘用单位');
    }
    if (registration.enterpriseId === facts.employer.id) {
      throw conflict(
        `现聘用单位：“${facts.employer.name}”与原聘用单位相同，变更注册的原聘用单位要与现聘用单位不一致；请先在“个人信息”中修改所在企业信息（规则7）`,
        7,
        '现聘用单位',
      );
    }
  }

  /** Rule 8: only within the months before expiry the profession allows (6), and not after it. */
  private renewalWindow(facts: StartFacts): void {
    const today = chinaDate(this.deps.clock.now());
    const months = isProfessionCode(facts.matter.profession) ? professionByCode(facts.matter.profession).renewalWindowMonths : 6;
    for (const registration of this.registrationsOfSpecialties(facts)) {
      const label = this.name(facts, registration.specialty);
      const expiry = registration.validTo!;
      const opens = addMonths(expiry, -months);
      if (today > expiry) {
        throw conflict(`注册专业类型：“${label}”专业的注册有效期已于${expiry}届满，超过延续注册申报期，不能申报延续注册（规则8）`, 8, '注册专业类型');
      }
      if (today < opens) {
        throw conflict(
          `注册专业类型：“${label}”专业注册有效期至${expiry}，延续注册只能在注册期满前${months}个月内申报（${opens}至${expiry}），请于${opens}起申报（规则8）`,
          8,
          '注册专业类型',
        );
      }
    }
  }

  /** Rule 10: the registration to cancel exists; an employer cancels only its own staff's registration. */
  private cancellation(facts: StartFacts, filingEnterprise: Enterprise | null): void {
    if (facts.matter.profession === 'constructor' && facts.specialties.length === 0) {
      if (facts.registrations.length === 0) throw conflict('您没有一级建造师有效注册，不能办理注销手续', 10);
      return;
    }
    if (!filingEnterprise) {
      this.registrationsOfSpecialties(facts);
      return;
    }
    if (!facts.person) throw invalid('身份证件号：未找到该人员，申请人姓名与身份证件号须一致（规则10）', 10, '身份证件号');
    for (const specialty of facts.specialties) {
      const registration = facts.registrations.find((r) => r.specialty === specialty && r.enterpriseId === filingEnterprise.id);
      if (!registration) {
        throw conflict(`注册专业类型：${facts.person.name}没有在本单位的“${this.name(facts, specialty)}”专业有效注册，不能申请强制注销（规则10）`, 10, '注册专业类型');
      }
    }
  }

  /** Rule 15: the request changes the name or the ID, and a new 身份证号 is a valid one. */
  private identityChange(facts: StartFacts, values: Record<string, unknown>): void {
    const person = facts.person!;
    const newName = typeof values.newName === 'string' ? values.newName.trim() : '';
    const newIdType = typeof values.newIdType === 'string' ? values.newIdType : '';
    const newIdNumber = typeof values.newIdNumber === 'string' ? values.newIdNumber.trim().toUpperCase() : '';
    const changes = (newName && newName !== person.name) || (newIdType && newIdType !== person.idType) || (newIdNumber && newIdNumber !== person.idNumber.toUpperCase());
    if (!changes) {
      throw invalid('修改信息：请填写要更正的姓名、证件类型或证件号码，须与当前信息不同（规则15：姓名、证件信息的修改须提交证明材料并经审核）', 15, '修改信息');
    }
    if (newIdNumber && (newIdType || person.idType) === '身份证') {
      const checked = validateIdNumber(newIdNumber, { field: '证件号码', today: this.deps.clock.now() });
      if (checked instanceof FieldError) throw invalid(`${checked.message}（规则15）`, 15, checked.field);
    }
  }

  /** Rule 14: no case of the employer in flight, and the name really changes. */
  private async rename(facts: StartFacts, enterprise: Enterprise): Promise<void> {
    const inFlight = (await this.casesInFlight({ enterpriseId: enterprise.id })).filter((a) => a.matter !== 'enterprise-rename');
    if (inFlight.length > 0) {
      const numbers = inFlight.slice(0, 3).map((a) => a.number).join('、');
      throw conflict(
        `本单位名下有正在办理的注册申报业务（申报编号${numbers}${inFlight.length > 3 ? `等${inFlight.length}件` : ''}），待全部办理完结后再申报企业名称变更（规则14）`,
        14,
      );
    }
    if (facts.context.newEnterpriseName === facts.context.previousEnterpriseName) {
      throw conflict('现单位名称：与原单位名称相同；请先到工商行政管理部门及企业资质证书行政主管部门变更企业名称，再申报企业名称变更（规则14）', 14, '现单位名称');
    }
  }

  /** Rule 5: a photo and a signature on file where the form does not upload them. */
  private photoAndSignatureOnFile(facts: StartFacts): void {
    if (!PHOTO_CHECKED_MATTERS.includes(facts.matter.matter) || findComponent(facts.schema, 'photo') || !facts.person) return;
    const missing = [facts.person.photoAttachmentId ? null : '一寸照片', facts.person.signatureAttachmentId ? null : '手写签名'].filter(Boolean);
    if (missing.length > 0) {
      throw invalid(`照片、签名：个人信息中没有${missing.join('和')}，每项注册申报都须有照片和签名，请先在“个人信息”中上传（规则5）`, 5, '照片、签名');
    }
  }
}
