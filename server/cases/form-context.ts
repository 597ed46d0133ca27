/**
 * What a form shows besides what the user types: the applicant's and the
 * employer's data from the registers (read-only fields of the start forms and
 * the task forms), under the field keys the forms use.
 */
import { Op } from 'sequelize';
import type { Application } from '../db/models/application.js';
import type { Enterprise } from '../db/models/enterprise.js';
import type { Person } from '../db/models/person.js';
import type { Models } from '../db/models/index.js';
import { matterName, professionName, provinceName, specialtyName } from '../domain/labels.js';

/** The applicant fields of the forms (read-only, from the register of persons). */
export function personFormValues(person: Person): Record<string, unknown> {
  return {
    applicantName: person.name,
    idType: person.idType,
    idNumber: person.idNumber,
    gender: person.sex,
    birthDate: person.birthDate,
    mobile: person.mobile,
  };
}

/** The employer fields of the forms (read-only, from the enterprise register). */
export function enterpriseFormValues(enterprise: Enterprise, qualificationNo: string | null): Record<string, unknown> {
  return {
    employerName: enterprise.name,
    employerCode: enterprise.creditCode,
    industryName: enterprise.industry,
    employerQualificationNo: qualificationNo,
    legalRepresentative: enterprise.legalRepresentative,
    registeredProvince: provinceName(enterprise.province),
    registeredCity: enterprise.city,
    address: enterprise.address,
  };
}

export async function personContext(models: Models, personId: number, profession?: string): Promise<Record<string, unknown>> {
  const person = await models.Person.findByPk(personId);
  if (!person) return {};
  const current = profession
    ? await models.Registration.findOne({
        where: { personId, profession, status: { [Op.ne]: '已注销' } },
        include: [{ model: models.Enterprise, as: 'enterprise' }],
        order: [['validTo', 'DESC']],
      })
    : null;
  const previousEnterprise = (current as unknown as { enterprise?: { name: string } } | null)?.enterprise;
  return {
    ...personFormValues(person),
    sealNo: current?.sealNumber ?? null,
    validUntil: current?.validTo ?? null,
    previousEmployerName: previousEnterprise?.name ?? null,
    previousSealNo: current?.sealNumber ?? null,
    previousValidUntil: current?.validTo ?? null,
  };
}

export async function enterpriseContext(models: Models, enterpriseId: number): Promise<Record<string, unknown>> {
  const enterprise = await models.Enterprise.findByPk(enterpriseId, { include: [{ model: models.EnterpriseQualification, as: 'qualifications' }] });
  if (!enterprise) return {};
  const quals = (enterprise as unknown as { qualifications?: Array<{ certificateNumber: string }> }).qualifications ?? [];
  return enterpriseFormValues(enterprise, quals[0]?.certificateNumber ?? null);
}

/** Everything a task form of this case may display. */
export async function caseContext(models: Models, application: Application): Promise<Record<string, unknown>> {
  const specialties = application.specialties ?? [];
  return {
    ...(application.personId ? await personContext(models, application.personId, application.profession) : {}),
    ...(application.enterpriseId ? await enterpriseContext(models, application.enterpriseId) : {}),
    ...(application.data ?? {}),
    ...(application.flags ?? {}),
    applicationNumber: application.number,
    matterName: `${professionName(application.profession)}${matterName(application.matter)}`,
    specialtyName: specialties.map((s) => specialtyName(application.profession, s)).join('、'),
  };
}
