/**
 * What an approved case wrote into the registration register (SPEC §3, §7):
 * the registrations it touched through their history rows, with 注册号 and
 * 执业印章号 in the authority's formats and the validity of the profession.
 */
import assert from 'node:assert/strict';
import type { Registration } from '../../../../server/db/models/registration.js';
import type { ProfessionCode } from '../../../../server/domain/professions.js';
import { chinaDay } from '../../../../server/domain/working-days.js';
import { addDays, addYears } from '../../../../workers/effects/dates.js';
import type { World } from './world.js';

/** SPEC §3: 2 years for architects, 3 for the others. */
export const VALIDITY_YEARS: Record<ProfessionCode, number> = { architect: 2, engineer: 3, constructor: 3, supervisor: 3 };

/**
 * 注册号 and 执业印章号 as the authority issues them (workers/effects/registration-numbers.ts),
 * the province of the employer in them: registrations taken over from Jiangsu (32) keep theirs.
 */
export const NUMBER_FORMATS: Record<ProfessionCode, (specialty: string) => { registration: RegExp; seal: RegExp }> = {
  architect: () => ({ registration: /^JZ\d{2}\d{4}\d{5}$/, seal: /^JZ\d{2}-\d{7}$/ }),
  engineer: (specialty) => {
    const prefix = { structural: 'JG', geotechnical: 'YT' }[specialty] ?? '';
    return { registration: new RegExp(`^${prefix}\\d{2}\\d{4}\\d{5}$`), seal: new RegExp(`^${prefix}\\d{2}-\\d{7}$`) };
  },
  constructor: () => ({ registration: /^[浙苏]1\d{2}\d{4}\d{6}$/, seal: /^JS\d{2}-\d{7}$/ }),
  supervisor: () => ({ registration: /^\d{2}\d{6}$/, seal: /^JL\d{2}-\d{7}$/ }),
};

export interface Written {
  registration: Registration;
  change: string;
  before: Record<string, unknown> | null;
  /** When the case wrote it (the history row), on the application's clock. */
  at: Date;
}

/** The registrations the case wrote, with the change and the state before. */
export async function writtenBy(world: World, applicationId: number): Promise<Written[]> {
  const history = await world.models.RegistrationHistory.findAll({ where: { applicationId }, order: [['id', 'ASC']] });
  const written: Written[] = [];
  for (const row of history) {
    const registration = await world.models.Registration.findByPk(row.registrationId);
    assert.ok(registration, `registration ${row.registrationId} exists`);
    written.push({ registration, change: row.change, before: row.before, at: row.at });
  }
  return written;
}

/** New registrations of the specialties: 已注册 at the employer, numbered, valid from the day of writing for the profession's years. */
export async function assertNewlyRegistered(world: World, applicationId: number, expected: { profession: ProfessionCode; specialties: string[]; employer: string }): Promise<Registration[]> {
  const written = await writtenBy(world, applicationId);
  const employer = await world.enterprise(expected.employer);
  assert.deepEqual(written.map((w) => w.registration.specialty).sort(), [...expected.specialties].sort(), 'a registration per specialty');
  for (const { registration, at } of written) {
    const formats = NUMBER_FORMATS[expected.profession](registration.specialty);
    assert.match(registration.registrationNumber ?? '', formats.registration, '注册号');
    assert.match(registration.sealNumber ?? '', formats.seal, '执业印章号');
    assert.deepEqual([registration.status, registration.enterpriseId], ['已注册', employer.id]);
    assert.deepEqual([registration.validFrom, registration.validTo], expectedValidity(chinaDay(at), VALIDITY_YEARS[expected.profession]), 'validity (SPEC §3)');
  }
  return written.map((w) => w.registration);
}

/** Valid from `day` for `years`, ending the day before the anniversary. */
export function expectedValidity(day: string, years: number): [string, string] {
  return [day, addYears(addDays(day, -1), years)];
}

/** The certificate in force for a 注册号: issued to the person, not superseded. */
export async function currentCertificate(world: World, registrationNumber: string) {
  const certificates = await world.models.Document.findAll({ where: { kind: '注册证书', supersededAt: null }, order: [['id', 'ASC']] });
  return certificates.filter((c) => c.number.startsWith(`${registrationNumber}-`));
}
