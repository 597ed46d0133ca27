/**
 * The registrations a case works on (变更、延续、更改补办、注销): the active
 * registration of each specialty the case names, or, where the form names
 * none (一级建造师 注销手续), every active registration of the profession.
 */
import type { Application } from '../../server/db/models/application.js';
import { professionName, specialtyName } from '../../server/domain/labels.js';
import type { JobResult } from '../../server/engine/port.js';
import type { WorkerDeps } from '../worker.js';
import { activeRegistrations, caseSpecialties, matterLabel } from './case-facts.js';
import { refuse } from './refusal.js';

type Found = Awaited<ReturnType<typeof activeRegistrations>>;

/** The registrations, or the refusal REGISTRATION_NOT_FOUND naming the first specialty without one. */
export async function caseRegistrations(application: Application, personId: number, deps: WorkerDeps): Promise<Found | JobResult> {
  const { profession } = application;
  const specialties = caseSpecialties(application);
  if (specialties.length === 0) {
    const all = await activeRegistrations(deps, { personId, profession });
    return all.length > 0 ? all : registrationNotFound(application, `${professionName(profession)}的有效注册`);
  }
  const found: Found = [];
  for (const specialty of specialties) {
    const [registration] = await activeRegistrations(deps, { personId, profession, specialty });
    if (!registration) return registrationNotFound(application, `“${specialtyName(profession, specialty)}”专业的有效注册`);
    found.push(registration);
  }
  return found;
}

export function registrationNotFound(application: Application, what: string): JobResult {
  return refuse('REGISTRATION_NOT_FOUND', `未找到您${what}，无法办理${matterLabel(application)}（须持有有效注册）`);
}

export const isRefusal = (value: Found | JobResult): value is JobResult => !Array.isArray(value);
