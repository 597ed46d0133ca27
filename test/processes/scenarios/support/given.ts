/**
 * State a scenario starts from that earlier business left behind: a
 * registration the person holds (for 变更, 延续, 增项, 更改补办, 注销 and the
 * profile changes), numbered as the authority numbers them, and the employer
 * the person saved in the profile (所在企业信息).
 */
import type { Registration } from '../../../../server/db/models/registration.js';
import type { ProfessionCode } from '../../../../server/domain/professions.js';
import { chinaDay } from '../../../../server/domain/working-days.js';
import { DEMO_EMPLOYERS, type DemoEmployer } from '../../../support/case-builder.js';
import { SyntheticData } from '../../../../server/seed/synthetic.js';
import { addDays, addYears } from '../../../../workers/effects/dates.js';
import type { World } from './world.js';

const VALIDITY_YEARS: Record<ProfessionCode, number> = { architect: 2, engineer: 3, constructor: 3, supervisor: 3 };

export interface GivenRegistration {
  profession: ProfessionCode;
  specialty: string;
  /** The demo employer (case-builder's keys) the registration is at. */
  at: DemoEmployer;
  /** Days from today until it expires. */
  daysLeft: number;
}

export async function givenRegistration(world: World, username: string, given: GivenRegistration): Promise<Registration> {
  const person = await world.person(username);
  const enterprise = await world.models.Enterprise.findOne({ where: { name: DEMO_EMPLOYERS[given.at] } });
  if (!enterprise) throw new Error(`no demo employer ${given.at}`);
  const validTo = addDays(chinaDay(world.clock.now()), given.daysLeft);
  const validFrom = addDays(addYears(validTo, -VALIDITY_YEARS[given.profession]), 1);
  const numbers = new SyntheticData(`scenario-${person.id}-${given.specialty}`);
  return world.models.Registration.create({
    personId: person.id,
    profession: given.profession,
    specialty: given.specialty,
    enterpriseId: enterprise.id,
    registrationNumber: numbers.registrationNumber(given.profession, given.specialty, enterprise.province, Number(validFrom.slice(0, 4))),
    sealNumber: numbers.sealNumber(given.profession, given.specialty, enterprise.province),
    validFrom,
    validTo,
    status: '已注册',
  });
}

/** 所在企业信息: the employer the person works for now (变更注册: the new one). */
export async function givenEmployer(world: World, username: string, employer: string): Promise<void> {
  const enterprise = await world.enterprise(employer);
  await world.runtime.applications.saveEmployer(await world.account(username), { creditCode: enterprise.creditCode });
}
