/**
 * Who may see a case: the applicant its own, the employer those bound to its
 * credit code, a reviewer those of its province / profession scope, the
 * analyst and the admin all (process monitoring).
 */
import type { Account } from '../db/models/account.js';
import type { Application } from '../db/models/application.js';

export function canViewCase(account: Pick<Account, 'role' | 'personId' | 'enterpriseId' | 'province' | 'professions'>, application: Application): boolean {
  const inProfession = !account.professions?.length || account.professions.includes(application.profession);
  switch (account.role) {
    case 'applicant':
      return account.personId !== null && application.personId === account.personId;
    case 'employer':
      return account.enterpriseId !== null && application.enterpriseId === account.enterpriseId;
    case 'provincial_reviewer':
      return inProfession && application.province === account.province;
    case 'ministry_reviewer':
      return inProfession;
    case 'analyst':
    case 'admin':
      return true;
    default:
      return false;
  }
}
