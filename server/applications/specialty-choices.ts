/**
 * Which specialties a person may name in a matter (rule 6, seed 003 FAQ 8:
 * "可申请注册的专业" come from the 资格库): the start page offers only these,
 * and the server refuses any other with a field error. One source for both,
 * so the page never offers what submission refuses.
 *
 * - 初始注册, 重新注册, 增项注册: qualified in the 资格库 (ID number and name)
 *   and not registered (已注册 / 预注册) in the specialty;
 * - 延续注册, 变更注册, 更改补办, 注销: registered in the specialty;
 * - other matters name no specialty (null: no narrowing).
 */
import { Op } from 'sequelize';
import type { Models } from '../db/models/index.js';
import type { Person } from '../db/models/person.js';
import { isProfessionCode, professionByCode, QUALIFICATION_METHODS } from '../domain/professions.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import type { QualificationRecord, Registers } from '../registers/ports.js';
import { ACTIVE_REGISTRATION_STATUSES } from './start-facts.js';

const NEW_SPECIALTY = new Set(['initial', 're-register', 'add-specialty']);
const REGISTERED_SPECIALTY = new Set(['renewal', 'change', 'modify-reissue', 'cancel']);
export const SPECIALTY_KEYS = new Set(['specialty', 'specialties', 'specialty1', 'specialty2']);

export interface SpecialtyChoices {
  /** Specialty codes in the profession's order; null when the matter names none. */
  allowed: string[] | null;
  /** The person's 资格库 records of the profession. */
  qualifications: QualificationRecord[];
}

export async function specialtyChoices(
  deps: { models: Models; registers: Registers },
  person: Person,
  profession: string,
  matter: string,
): Promise<SpecialtyChoices> {
  if (!isProfessionCode(profession)) return { allowed: null, qualifications: [] };
  const qualifications = await deps.registers.qualifications.find(person.idNumber, person.name, profession);
  if (!NEW_SPECIALTY.has(matter) && !REGISTERED_SPECIALTY.has(matter)) return { allowed: null, qualifications };
  const registered = new Set(
    (
      await deps.models.Registration.findAll({
        where: { personId: person.id, profession, status: { [Op.in]: ACTIVE_REGISTRATION_STATUSES } },
        attributes: ['specialty'],
      })
    ).map((r) => r.specialty),
  );
  const qualified = new Set(qualifications.map((q) => q.specialty));
  const order = professionByCode(profession).specialties.map((s) => s.code);
  const allowed = NEW_SPECIALTY.has(matter) ? order.filter((s) => qualified.has(s) && !registered.has(s)) : order.filter((s) => registered.has(s));
  return { allowed, qualifications };
}

/** A copy of the form whose specialty lists offer only `allowed` (the schema the registry holds stays as it is). */
export function narrowSpecialties(schema: FormSchema, allowed: string[] | null): FormSchema {
  if (!allowed) return schema;
  const visit = (components: FormComponent[]): FormComponent[] =>
    components.map((c) => {
      const next: FormComponent = { ...c };
      if (c.key && SPECIALTY_KEYS.has(c.key) && Array.isArray(c.values)) next.values = c.values.filter((v) => allowed.includes(String(v.value)));
      if (c.components) next.components = visit(c.components);
      return next;
    });
  return { ...schema, components: visit(schema.components) };
}

/**
 * What the 资格库 says of the certificate of a specialty, in the start form's
 * keys: 资格证书管理号, 资格证书批准日期, 获取执业资格方式.
 */
export function registerFacts(record: QualificationRecord | undefined): Record<string, unknown> {
  if (!record) return {};
  const method = QUALIFICATION_METHODS.find((m) => m.name === record.obtainedBy)?.code;
  return {
    qualificationNo: record.certificateNumber,
    qualificationApprovalDate: record.approvalDate,
    ...(method ? { qualificationMethod: method } : {}),
  };
}

/** 资格证书管理号 as people type it: full-width, spaces and case do not matter. */
export const certificateNumberKey = (value: string) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
