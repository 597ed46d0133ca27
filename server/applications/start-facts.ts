/**
 * What the server knows about a start request before it judges it: who the
 * case is about, which employer reports it, the person's registrations in the
 * profession, and the values the start form shows read-only or reads in its
 * conditions (`socialSecurityAnomaly`, `requiresQualificationCopy`,
 * `qualificationDetected`). The page gets the same values as the form's input
 * data; `start` never takes them from the client.
 *
 * The employer: the one the applicant types where the form asks for it
 * (一级建造师 and 监理工程师 initial forms), the employer of the registration a
 * matter works on (延续, 更改补办, 注销, 增项), otherwise the 所在企业信息 saved
 * in the profile (初始注册 of architects and engineers, 变更注册: the new
 * employer). Employers file with their own enterprise.
 */
import { Op } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Models } from '../db/models/index.js';
import type { Person } from '../db/models/person.js';
import type { Registration } from '../db/models/registration.js';
import { isProfessionCode } from '../domain/professions.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import type { Registers } from '../registers/ports.js';
import { FieldError } from '../validation/field-error.js';
import { validateCreditCode } from '../validation/credit-code.js';
import { chinaDate } from '../validation/fields.js';
import type { Employment } from './employment.js';
import type { ResolvedMatter } from './matters.js';
import { invalid } from './refusal.js';
import { enterpriseFormValues, personFormValues } from '../cases/form-context.js';
import { registerFacts } from './specialty-choices.js';

export const ACTIVE_REGISTRATION_STATUSES = ['已注册', '预注册'];
const QUALIFICATION_COPY_KINDS = ['检测单位', '施工图审查机构'];

export type RegistrationWithEmployer = Registration & { enterprise?: Enterprise };

export interface StartFacts {
  matter: ResolvedMatter;
  schema: FormSchema;
  person: Person | null;
  employer: Enterprise | null;
  /** The person's registrations in the profession that still bind (已注册, 预注册). */
  registrations: RegistrationWithEmployer[];
  /** The specialty codes the request names (specialty, specialties, specialty1/2). */
  specialties: string[];
  /** Read-only values and condition flags of the start form. */
  context: Record<string, unknown>;
  /**
   * What the 资格库 says of the certificate the form asks about (资格证书管理号,
   * 批准日期, 获取方式): the start page fills them in once the specialty is
   * known; a submission is checked against them (a typo is the applicant's to
   * correct, rule 6), never silently overwritten.
   */
  registerDefaults: Record<string, unknown>;
}

export interface StartSubject {
  matter: ResolvedMatter;
  schema: FormSchema;
  person: Person | null;
  /** The employer filing (its own matters, forced cancellation). */
  filingEnterprise: Enterprise | null;
  /** The employer's name as its legal-person account carries it: the new name of a rename (seed 001 §3.7 "自动提取"). */
  filerName?: string;
  formData: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The specialty codes a start form names. */
export function requestedSpecialties(formData: Record<string, unknown>): string[] {
  const listed = Array.isArray(formData.specialties) ? formData.specialties : [];
  const named = [formData.specialty, ...listed, formData.specialty1, formData.specialty2].map(text).filter(Boolean);
  return named;
}

export function findComponent(schema: FormSchema, key: string): FormComponent | undefined {
  const visit = (components: FormComponent[]): FormComponent | undefined => {
    for (const c of components) {
      if (c.key === key) return c;
      const inner = c.components && visit(c.components);
      if (inner) return inner;
    }
    return undefined;
  };
  return visit(schema.components);
}

const hasField = (schema: FormSchema, key: string) => Boolean(findComponent(schema, key));
const typesEmployer = (schema: FormSchema) => {
  const c = findComponent(schema, 'employerCode');
  return Boolean(c && !c.readonly && !c.disabled);
};

export class StartFactFinder {
  constructor(private readonly deps: { models: Models; registers: Registers; clock: Clock; employment: Employment }) {}

  async find(subject: StartSubject): Promise<StartFacts> {
    const { matter, schema, person, formData } = subject;
    const specialties = [...new Set(requestedSpecialties(formData))];
    const registrations = person && isProfessionCode(matter.profession) ? await this.registrationsOf(person.id, matter.profession) : [];
    const employer = await this.employerOf(subject, registrations, specialties);
    const context: Record<string, unknown> = {
      ...(person ? this.personValues(person) : {}),
      ...(employer ? await this.employerValues(employer) : {}),
      ...this.registrationValues(registrations, specialties),
    };

    if (hasField(schema, 'socialSecurityAcknowledged')) {
      context.socialSecurityAnomaly = person && employer ? await this.socialSecurityAnomaly(person, employer) : false;
    }
    if (matter.matter === 'enterprise-rename' && subject.filingEnterprise) {
      context.previousEnterpriseName = subject.filingEnterprise.name;
      context.newEnterpriseName = subject.filerName ?? subject.filingEnterprise.name;
      context.requiresQualificationCopy = QUALIFICATION_COPY_KINDS.includes(subject.filingEnterprise.kind);
    }
    if (matter.matter === 'qualification-fix' && employer) {
      const typed = text(formData.qualificationCertificateNo).toUpperCase();
      const record = await this.deps.registers.enterprises.find(employer.creditCode);
      context.qualificationDetected = Boolean(typed && record?.qualificationNumbers.some((n) => n.toUpperCase() === typed));
    }
    const registerDefaults = person && hasField(schema, 'qualificationNo') ? await this.registerDefaults(person, matter.profession, specialties) : {};
    return { matter, schema, person, employer, registrations, specialties, context, registerDefaults };
  }

  /** The 资格库 record of the specialty named, or the one certificate the person holds in the profession. */
  private async registerDefaults(person: Person, profession: string, specialties: string[]): Promise<Record<string, unknown>> {
    const records = await this.deps.registers.qualifications.find(person.idNumber, person.name, profession);
    const named = records.find((r) => specialties.includes(r.specialty));
    const only = specialties.length === 0 && new Set(records.map((r) => r.certificateNumber)).size === 1 ? records[0] : undefined;
    return registerFacts(named ?? only);
  }

  /** No contribution running at the employer this month or the last (the register's rule) is an anomaly (rule 3). */
  async socialSecurityAnomaly(person: Person, employer: Enterprise): Promise<boolean> {
    const month = chinaDate(this.deps.clock.now()).slice(0, 7);
    const paid = await this.deps.registers.socialSecurity.monthsPaid(person.idNumber, employer.creditCode, month);
    return paid.monthsPaid === 0;
  }

  private async registrationsOf(personId: number, profession: string): Promise<RegistrationWithEmployer[]> {
    const { Registration, Enterprise } = this.deps.models;
    return (await Registration.findAll({
      where: { personId, profession, status: { [Op.in]: ACTIVE_REGISTRATION_STATUSES } },
      include: [{ model: Enterprise, as: 'enterprise' }],
      order: [['id', 'ASC']],
    })) as RegistrationWithEmployer[];
  }

  private async employerOf(subject: StartSubject, registrations: RegistrationWithEmployer[], specialties: string[]): Promise<Enterprise | null> {
    const { matter, schema, person, filingEnterprise, formData } = subject;
    if (matter.filer === 'employer') return filingEnterprise;
    if (typesEmployer(schema)) return this.typedEmployer(formData);
    const registered = registrations.find((r) => specialties.includes(r.specialty)) ?? registrations[0];
    const saved = person ? await this.deps.employment.current(person.id) : null;
    switch (matter.matter) {
      case 'renewal':
      case 'modify-reissue':
      case 'cancel':
      case 'add-specialty':
        return registered?.enterprise ?? null;
      case 'info-correction':
        return registered?.enterprise ?? saved;
      default:
        return saved;
    }
  }

  /** The employer typed into the form: its credit code must be valid and known, its name must match. */
  private async typedEmployer(formData: Record<string, unknown>): Promise<Enterprise | null> {
    if (formData.employerCode === undefined || formData.employerCode === null || formData.employerCode === '') return null;
    const code = validateCreditCode(formData.employerCode, { field: '统一社会信用代码' });
    if (code instanceof FieldError) throw invalid(code.message, undefined, code.field);
    const enterprise = await this.deps.models.Enterprise.findOne({ where: { creditCode: code.creditCode } });
    if (!enterprise) {
      throw invalid('企业名称：请确认企业名称，未找到该统一社会信用代码的企业（企业须先在系统中完成注册和实名认证）', undefined, '企业名称');
    }
    const typedName = text(formData.employerName);
    if (typedName && typedName !== enterprise.name) {
      throw invalid(`企业名称：请确认企业名称，统一社会信用代码${enterprise.creditCode}对应的企业为“${enterprise.name}”`, undefined, '企业名称');
    }
    return enterprise;
  }

  private personValues(person: Person): Record<string, unknown> {
    return personFormValues(person);
  }

  private async employerValues(employer: Enterprise): Promise<Record<string, unknown>> {
    const record = await this.deps.registers.enterprises.find(employer.creditCode);
    return enterpriseFormValues(employer, record?.qualificationNumbers[0] ?? '无');
  }

  /** 执业印章号 and 有效期 of the registration the form names; 原聘用单位 for 变更注册. */
  private registrationValues(registrations: RegistrationWithEmployer[], specialties: string[]): Record<string, unknown> {
    const registration = registrations.find((r) => specialties.includes(r.specialty));
    if (!registration) return {};
    return {
      sealNo: registration.sealNumber,
      validUntil: registration.validTo,
      previousEmployerName: registration.enterprise?.name ?? null,
      previousSealNo: registration.sealNumber,
      previousValidUntil: registration.validTo,
    };
  }
}
