/**
 * A task's candidate groups as 组内待办 reads them, copied onto the task when
 * it arrives (migration 0017). The scope check used to probe
 * inbox_task_candidates for each row; PostgreSQL cannot estimate how many
 * tasks such a semi-join keeps, and at 1,000,000 tasks it hashed every open
 * candidate of the reviewer's groups (100,000) before counting a filtered
 * 组内待办 (40–60 ms, bench row 2). On the task, the group is a column with
 * statistics and an index. Nearly every task has one group; the few that
 * several groups share (an employer's matters for the ministry's architects
 * and engineers) carry SHARED and the list, checked row by row.
 * inbox_task_candidates stays the record of who may work a task.
 */
export const SHARED = '*';

export interface CandidateScope {
  /** The task's one candidate group, SHARED when it has several, null when none. */
  candidateGroup: string | null;
  /** Every candidate group, ",a,b,": a group is looked up as LIKE '%,group,%'. */
  candidateGroups: string | null;
}

export function candidateScope(groups: readonly string[]): CandidateScope {
  const distinct = [...new Set(groups)].sort();
  if (!distinct.length) return { candidateGroup: null, candidateGroups: null };
  return { candidateGroup: distinct.length === 1 ? distinct[0] : SHARED, candidateGroups: `,${distinct.join(',')},` };
}
