/** Who calls the application service: the logged-in account (the portals pass req.account). */
import type { Account } from '../db/models/account.js';

export type ServiceActor = Pick<Account, 'id' | 'username' | 'role' | 'displayName' | 'personId' | 'enterpriseId' | 'province' | 'professions'>;

/** The inbox's view of the actor: account id, username and candidate groups. */
export interface TaskActor {
  accountId: number;
  username: string;
  groups: string[];
}
