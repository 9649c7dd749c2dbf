import { showsEarlierWork, mergeSnapshots } from './merge.js';
import { type GroupState, type RetireSnapshot } from './types.js';

export type RetireOptions = {
  removeAssignments: boolean;
  /** Group retirement only: also delete the group's muting permission set. */
  deleteMuting: boolean;
};

/** What the org shows for the target now, and what an earlier run's backup recorded. */
export type RetireState = {
  /** The target as the org shows it now; null when no such permission set (or group) exists. */
  current: RetireSnapshot | null;
  /** The backup of an earlier run on the same target, if one was found. */
  prior: RetireSnapshot | null;
  /** Status of every group the plan may have to wait for, by Id (groups that no longer exist are absent). */
  groups: ReadonlyMap<string, GroupState>;
  /** Group retirement: how many other groups include the same muting permission set. */
  mutingUsedElsewhere?: number;
  /**
   * Group retirement with --delete-muting whose group is already gone: the muting set an earlier run left behind
   * (it still exists and no group uses it), so the rerun finishes the job.
   */
  leftoverMutingId?: string;
};

export type Refusal = { reason: 'ASSIGNED'; count: number; firstUsers: string[] };

export type RetirePlan = {
  outcome: 'proceed' | 'alreadyRetired' | 'notFound' | 'refused';
  refusal?: Refusal;
  /** The content of the backup to write before the first change (prior backup and current state merged). */
  backup: RetireSnapshot | null;
  /** An earlier run already changed the org (detached, unassigned): this run resumes it. */
  resumed: boolean;
  /** PermissionSetGroupComponent Ids to delete. */
  detach: string[];
  /** Groups to wait for (Updated) before deleting: every group the set is or was a member of and that still exists. */
  waitFor: GroupState[];
  /** PermissionSetAssignment Ids to delete. */
  unassign: string[];
  /** The permission set or group to delete (null when already gone). */
  deleteId: string | null;
  /** The muting permission set to delete afterwards (group retirement with --delete-muting). */
  deleteMutingId: string | null;
  /** Why a requested muting set deletion is skipped. */
  mutingKept?: 'USED_ELSEWHERE' | 'NONE';
};

/** How many assignees a refusal names. */
export const REFUSAL_NAMES = 5;

/**
 * Pure: the retirement of a permission set or a group from the org's state and an earlier run's backup.
 * An assigned target without --remove-assignments is refused before anything changes.
 */
export function planRetirement(state: RetireState, options: RetireOptions): RetirePlan {
  const { current, prior } = state;
  const empty = { detach: [], waitFor: [], unassign: [], deleteId: null, deleteMutingId: null };
  if (!current) {
    const leftover = options.deleteMuting && prior ? state.leftoverMutingId ?? null : null;
    return { outcome: prior ? 'alreadyRetired' : 'notFound', backup: prior, resumed: leftover !== null, ...empty, deleteMutingId: leftover };
  }
  const backup = mergeSnapshots(prior, current);
  const resumed = showsEarlierWork(prior, current);
  if (current.assignments.length > 0 && !options.removeAssignments) {
    const firstUsers = current.assignments.slice(0, REFUSAL_NAMES).map((a) => a.username);
    return { outcome: 'refused', refusal: { reason: 'ASSIGNED', count: current.assignments.length, firstUsers }, backup, resumed, ...empty };
  }
  const plan: RetirePlan = {
    outcome: 'proceed',
    backup,
    resumed,
    detach: current.memberships.flatMap((m) => (m.componentId ? [m.componentId] : [])),
    waitFor: waitList(backup!, state.groups),
    unassign: current.assignments.map((a) => a.id),
    deleteId: current.target.id,
    deleteMutingId: null,
  };
  if (current.target.kind === 'group' && options.deleteMuting) {
    const muting = current.group?.members.find((m) => m.muting);
    if (!muting) plan.mutingKept = 'NONE';
    else if ((state.mutingUsedElsewhere ?? 0) > 0) plan.mutingKept = 'USED_ELSEWHERE';
    else plan.deleteMutingId = muting.permissionSetId;
  }
  return plan;
}

function waitList(backup: RetireSnapshot, groups: ReadonlyMap<string, GroupState>): GroupState[] {
  const ids = new Set(backup.memberships.map((m) => m.groupId));
  return [...ids].flatMap((id) => {
    const group = groups.get(id);
    return group ? [group] : [];
  });
}
