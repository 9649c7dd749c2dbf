import { isBlocker } from '../assignment/names.js';
import {
  type Blocker,
  type DesiredRow,
  type ExistingAssignment,
  type PermissionSetInfo,
  type TargetKind,
  type UserInfo,
} from '../assignment/types.js';
import { type RemovedAssignment } from './types.js';

/**
 * `permset unassign`, planned: each requested row against what the org holds. A row whose assignment exists is
 * deleted; one whose assignment does not exist is unchanged (the user already lacks it: success); a row that
 * names no user, no assignable set or group, or a profile's own set is blocked with its reason. A group
 * assignment is matched as the group (its PermissionSetGroupId), never through its aggregate set.
 */

/** A row the input could not make sense of (a CSV row without a user, or naming two targets): reported, never planned. */
export type InvalidRow = { index: number; user: string; kind?: TargetKind; target?: string; invalid: Blocker };
export type UnassignRow = DesiredRow | InvalidRow;

/** A requested set name that readPermissionSets does not return because it is not assignable. */
export type Unassignable = { kind: 'profileOwned' } | { kind: 'groupAggregate'; group: string };

/** What the org said about one batch of rows, keyed as the assign planner keys it. */
export type UnassignState = {
  /** By lower-cased username and by 15- and 18-character Id. */
  users: ReadonlyMap<string, UserInfo>;
  /** By requested name as given (after refineUnknownSets). */
  permissionSets: ReadonlyMap<string, PermissionSetInfo | Blocker>;
  /** By requested name as given: a group's Id and qualified name are all a removal needs. */
  groups: ReadonlyMap<string, { id: string; name: string } | Blocker>;
  /** By `${assigneeId}:${targetId}`, targetId the group's Id for a group assignment. */
  existing: ReadonlyMap<string, ExistingAssignment>;
  /** Rows repeating an earlier row of the input (line -> the earlier line). */
  repeats: ReadonlyMap<number, number>;
};

export type UnassignRowPlan = {
  row: UnassignRow;
  user?: UserInfo;
  kind: TargetKind;
  /** The resolved qualified name, or the name as given when it did not resolve. */
  targetName: string;
  action: 'delete' | 'unchanged' | 'blocked';
  blocker?: Blocker;
  /** For delete: the row as the backup keeps it (two rows reaching one assignment share it). */
  removal?: RemovedAssignment;
};

/**
 * Names readPermissionSets reported unknown, told apart where the org holds them as something that is not
 * assignable: a profile's own set is PROFILE_OWNED (Salesforce refuses to remove it), a group's aggregate set
 * stays UNKNOWN_PERMISSION_SET with a hint to name the group instead (it must never match a set row).
 */
export function refineUnknownSets(
  resolved: ReadonlyMap<string, PermissionSetInfo | Blocker>,
  unassignable: ReadonlyMap<string, Unassignable>
): Map<string, PermissionSetInfo | Blocker> {
  const refined = new Map(resolved);
  for (const [name, value] of resolved) {
    const other = unassignable.get(name);
    if (!other || !isBlocker(value) || value.reason !== 'UNKNOWN_PERMISSION_SET') continue;
    refined.set(
      name,
      other.kind === 'profileOwned' ? { reason: 'PROFILE_OWNED', tokens: [name] } : { reason: 'UNKNOWN_PERMISSION_SET', tokens: [name, other.group], variant: 'group' }
    );
  }
  return refined;
}

/** Names of a batch's rows that readPermissionSets did not find: the only ones worth the extra read. */
export function unknownSetNames(resolved: ReadonlyMap<string, PermissionSetInfo | Blocker>): string[] {
  return [...resolved].filter(([, v]) => isBlocker(v) && v.reason === 'UNKNOWN_PERMISSION_SET').map(([name]) => name);
}

/** Plans one batch, in input order. */
export function planUnassignBatch(rows: readonly UnassignRow[], state: UnassignState): UnassignRowPlan[] {
  const planned = new Map<string, RemovedAssignment>();
  return rows.map((row) => planRow(row, state, planned));
}

function planRow(row: UnassignRow, state: UnassignState, planned: Map<string, RemovedAssignment>): UnassignRowPlan {
  if ('invalid' in row) return { row, kind: row.kind ?? 'permissionSet', targetName: row.target ?? '', action: 'blocked', blocker: row.invalid };
  const base = { row, kind: row.kind, targetName: row.target };
  const user = state.users.get(row.user.toLowerCase()) ?? state.users.get(row.user);
  if (!user) return { ...base, action: 'blocked', blocker: { reason: 'UNKNOWN_USER', tokens: [row.user] } };
  const target = targetOf(row, state);
  if (isBlocker(target)) return { ...base, user, action: 'blocked', blocker: target };
  const known = { ...base, user, targetName: target.name };
  const earlier = state.repeats.get(row.index);
  if (earlier !== undefined) return { ...known, action: 'blocked', blocker: { reason: 'CONFLICTING_ROWS', tokens: [String(earlier)] } };
  const key = `${user.id}:${target.id}`;
  const existing = state.existing.get(key);
  if (!existing) return { ...known, action: 'unchanged' };
  // Two rows reaching one assignment (a user by Id and by username): one delete, both rows follow it.
  const removal = planned.get(key) ?? {
    id: existing.id,
    assigneeId: user.id,
    username: user.username,
    kind: row.kind,
    targetId: target.id,
    targetName: target.name,
    expirationDate: existing.expirationDate,
  };
  planned.set(key, removal);
  return { ...known, action: 'delete', removal };
}

function targetOf(row: DesiredRow, state: UnassignState): { id: string; name: string } | Blocker {
  const found =
    row.kind === 'permissionSet'
      ? state.permissionSets.get(row.target) ?? { reason: 'UNKNOWN_PERMISSION_SET' as const, tokens: [row.target] }
      : state.groups.get(row.target) ?? { reason: 'UNKNOWN_GROUP' as const, tokens: [row.target] };
  return isBlocker(found) ? found : { id: found.id, name: found.name };
}
