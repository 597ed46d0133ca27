/**
 * The candidate groups an account belongs to. BPMN user tasks name their
 * candidates with the same scheme (see processes/README.md):
 *   applicant:<person id>, employer:<统一社会信用代码>,
 *   province:<省代码>:<profession>, ministry:<profession>
 * An employer account is bound to its enterprise by id; its group names the
 * enterprise's credit code, so the caller passes the enterprise.
 */
import type { Account } from '../db/models/account.js';
import type { Enterprise } from '../db/models/enterprise.js';
import { PROFESSION_CODES } from '../domain/labels.js';

export function candidateGroupsOf(
  account: Pick<Account, 'role' | 'personId' | 'province' | 'professions'>,
  enterprise?: Pick<Enterprise, 'creditCode'> | null,
): string[] {
  const professions = account.professions?.length ? account.professions : PROFESSION_CODES;
  switch (account.role) {
    case 'applicant':
      return account.personId ? [`applicant:${account.personId}`] : [];
    case 'employer':
      return enterprise ? [`employer:${enterprise.creditCode}`] : [];
    case 'provincial_reviewer':
      return professions.map((p) => `province:${account.province}:${p}`);
    case 'ministry_reviewer':
      return professions.map((p) => `ministry:${p}`);
    default:
      return [];
  }
}
