/**
 * What the reviewer inbox filters on, copied from the case onto its inbox task
 * when the task arrives (migration 0010 fills the tasks that came before), so
 * the inbox query reads one table with its indexes instead of joining the
 * case, the person and the appeals for every row.
 */
import type { Transaction } from 'sequelize';
import type { Models } from '../db/models/index.js';

export interface TaskFacts {
  profession: string | null;
  matter: string | null;
  province: string | null;
  specialties: string | null;
  applicationNumber: string | null;
  applicantName: string | null;
  applicantIdNumber: string | null;
  applicationStatus: string | null;
  anomaly: boolean;
}

export const NO_FACTS: TaskFacts = {
  profession: null,
  matter: null,
  province: null,
  specialties: null,
  applicationNumber: null,
  applicantName: null,
  applicantIdNumber: null,
  applicationStatus: null,
  anomaly: false,
};

/** [structural, geotech] → ",structural,geotech," (null for none): a specialty filter is LIKE '%,code,%'. */
export function specialtyColumn(specialties: unknown): string | null {
  if (!Array.isArray(specialties) || !specialties.length) return null;
  const value = `,${specialties.map(String).join(',')},`;
  return value.length <= 255 ? value : value.slice(0, value.lastIndexOf(',', 254) + 1);
}

/** Whether the case's checks found an anomaly reviewers must weigh. */
export function hasAnomalyFlag(flags: Record<string, unknown> | null | undefined): boolean {
  return flags?.socialSecurityAnomaly === true || flags?.duplicatePerson === true;
}

export async function caseFacts(models: Models, applicationId: number | null, transaction?: Transaction): Promise<TaskFacts> {
  if (!applicationId) return NO_FACTS;
  const application = await models.Application.findByPk(applicationId, { transaction });
  if (!application) return NO_FACTS;
  const [person, enterprise, appeals] = await Promise.all([
    application.personId ? models.Person.findByPk(application.personId, { attributes: ['name', 'idNumber'], transaction }) : null,
    !application.personId && application.enterpriseId
      ? models.Enterprise.findByPk(application.enterpriseId, { attributes: ['name', 'creditCode'], transaction })
      : null,
    models.Appeal.count({ where: { applicationId }, transaction }),
  ]);
  return {
    profession: application.profession,
    matter: application.matter,
    province: application.province,
    specialties: specialtyColumn(application.specialties),
    applicationNumber: application.number,
    applicantName: person?.name ?? enterprise?.name ?? null,
    applicantIdNumber: person?.idNumber ?? enterprise?.creditCode ?? null,
    applicationStatus: application.status,
    anomaly: appeals > 0 || hasAnomalyFlag(application.flags),
  };
}

/** A check found an anomaly after the task arrived: mark the case's open tasks. */
export async function markAnomaly(models: Models, applicationId: number, transaction?: Transaction): Promise<void> {
  await models.InboxTask.update({ anomaly: true }, { where: { applicationId, status: 'open' }, transaction });
}
