import { type AssignmentSnapshot, type Membership, type RetireSnapshot } from './types.js';

/**
 * The backup a resumed retirement writes: what an earlier, interrupted run saw (group memberships it already
 * detached, assignments it already removed) plus what the org shows now. Nothing an earlier run backed up is ever
 * dropped, so the newest backup always describes the permission set as it was before the first change.
 */
export function mergeSnapshots(prior: RetireSnapshot | null, current: RetireSnapshot | null): RetireSnapshot | null {
  if (!prior) return current;
  if (!current) return prior;
  return {
    target: current.target,
    permissionSet: prior.permissionSet ?? current.permissionSet,
    group: prior.group ?? current.group,
    memberships: unionBy<Membership>(prior.memberships, current.memberships, (m) => m.groupId),
    assignments: unionBy<AssignmentSnapshot>(prior.assignments, current.assignments, (a) => a.assigneeId),
  };
}

/** Prior entries first (their order kept), current entries replace them by key, new current entries appended. */
function unionBy<T>(prior: readonly T[], current: readonly T[], key: (item: T) => string): T[] {
  const merged = new Map<string, T>();
  for (const item of prior) merged.set(key(item), item);
  for (const item of current) merged.set(key(item), { ...merged.get(key(item)), ...item });
  return [...merged.values()];
}

/** True when the prior backup records something the org no longer shows: an earlier run already changed it. */
export function showsEarlierWork(prior: RetireSnapshot | null, current: RetireSnapshot | null): boolean {
  if (!prior) return false;
  if (!current) return true;
  const groups = new Set(current.memberships.map((m) => m.groupId));
  const assignees = new Set(current.assignments.map((a) => a.assigneeId));
  return prior.memberships.some((m) => !groups.has(m.groupId)) || prior.assignments.some((a) => !assignees.has(a.assigneeId));
}
