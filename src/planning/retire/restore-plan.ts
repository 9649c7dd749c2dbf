import { type AssignmentSnapshot, type Membership, type SObjectFields } from './types.js';

/**
 * Pure pieces of `psg restore`: given what the backup holds and what the org shows now, what is still missing.
 * Everything already present is skipped, so a restore can be rerun after an interruption.
 */

export type PermissionRowKind = 'ObjectPermissions' | 'FieldPermissions' | 'SetupEntityAccess';

/** The field that tells two permission rows of one permission set apart (Salesforce keeps one row per key). */
export const ROW_KEY: Record<PermissionRowKind, string> = {
  ObjectPermissions: 'SobjectType',
  FieldPermissions: 'Field',
  SetupEntityAccess: 'SetupEntityId',
};

/** Fields the org sets itself, never sent on insert. */
const NOT_SENT = new Set(['Id', 'ParentId', 'attributes']);

/** The backup's rows the permission set lacks now, as records to insert under `parentId`. */
export function missingPermissionRows(kind: PermissionRowKind, backupRows: readonly SObjectFields[], existingRows: readonly SObjectFields[], parentId: string): SObjectFields[] {
  const key = ROW_KEY[kind];
  const present = new Set(existingRows.map((row) => String(row[key]).toLowerCase()));
  return backupRows
    .filter((row) => !present.has(String(row[key]).toLowerCase()))
    .map((row) => ({ ...Object.fromEntries(Object.entries(row).filter(([field]) => !NOT_SENT.has(field))), ParentId: parentId }));
}

export type MembershipStep = { membership: Membership; groupId: string | null; action: 'create' | 'present' | 'groupMissing' };

/**
 * Group memberships to recreate. A group is matched by its Id, else by its DeveloperName (a group recreated in
 * between has a new Id); a group that exists under neither is reported, not created.
 */
export function planMemberships(
  memberships: readonly Membership[],
  groupsByIdOrName: ReadonlyMap<string, string>,
  groupsHoldingTarget: ReadonlySet<string>
): MembershipStep[] {
  return memberships.map((membership) => {
    const groupId = groupsByIdOrName.get(membership.groupId) ?? groupsByIdOrName.get(membership.groupName.toLowerCase()) ?? null;
    if (!groupId) return { membership, groupId, action: 'groupMissing' };
    return { membership, groupId, action: groupsHoldingTarget.has(groupId) ? 'present' : 'create' };
  });
}

export type AssignmentStep = {
  assignment: AssignmentSnapshot;
  action: 'create' | 'present' | 'expired' | 'userMissing' | 'userInactive' | 'failed';
  /** Salesforce's refusal, for a create that failed. */
  error?: string;
};

/**
 * Assignments to recreate with their expiration dates. One whose expiration has passed meanwhile would have
 * ended anyway (and Salesforce refuses a past ExpirationDate): reported, not created.
 */
export function planAssignments(
  assignments: readonly AssignmentSnapshot[],
  users: ReadonlyMap<string, { isActive: boolean }>,
  assignedNow: ReadonlySet<string>,
  now: number
): AssignmentStep[] {
  return assignments.map((assignment) => {
    if (assignedNow.has(assignment.assigneeId)) return { assignment, action: 'present' };
    const user = users.get(assignment.assigneeId);
    if (!user) return { assignment, action: 'userMissing' };
    if (!user.isActive) return { assignment, action: 'userInactive' };
    if (assignment.expirationDate && Date.parse(assignment.expirationDate) <= now) return { assignment, action: 'expired' };
    return { assignment, action: 'create' };
  });
}

/** The fields of a backed-up record that can be sent on insert: createable ones that hold a value. */
export function insertableFields(record: SObjectFields, createable: ReadonlySet<string>): SObjectFields {
  return Object.fromEntries(Object.entries(record).filter(([field, value]) => createable.has(field) && value !== null && value !== undefined));
}
