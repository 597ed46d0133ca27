/**
 * The candidate groups an account belongs to. BPMN user tasks name their
 * candidates with the same scheme (see processes/README.md):
 *   employer:<统一社会信用代码>, province:<省代码>:<profession>, ministry:<profession>
 */
import type { Account } from '../db/models/account.js';
import { PROFESSION_CODES } from '../domain/labels.js';

export function candidateGroupsOf(account: Account): string[] {
  const professions = account.professions?.length ? account.professions : PROFESSION_CODES;
  switch (account.role) {
    case 'provincial_reviewer':
      return professions.map((p) => `province:${account.province}:${p}`);
    case 'ministry_reviewer':
      return professions.map((p) => `ministry:${p}`);
    default:
      return [];
  }
}
