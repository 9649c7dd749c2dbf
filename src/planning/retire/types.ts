/**
 * What a retirement removes, as plain data: the shape of the backup file's content and of the org state the
 * planner reads. Records keep Salesforce's field names so a restore can send them back as they were.
 */
export type SObjectFields = Record<string, unknown>;

export type GroupStatus = 'Updated' | 'Outdated' | 'Updating' | 'Failed';

/** A group the permission set belonged to (its component row, as long as it exists). */
export type Membership = { groupId: string; groupName: string; componentId?: string };

/** A direct assignment (not one through a group). */
export type AssignmentSnapshot = { id: string; assigneeId: string; username: string; expirationDate: string | null };

/** A permission set and its content: the record's createable fields, and its permission rows. */
export type PermissionSetSnapshot = {
  record: SObjectFields;
  objectPermissions: SObjectFields[];
  fieldPermissions: SObjectFields[];
  setupEntityAccess: SObjectFields[];
};

/** A member of a group: a permission set or the group's muting permission set. */
export type GroupMember = { permissionSetId: string; name: string; muting: boolean };

export type GroupSnapshot = {
  record: SObjectFields;
  members: GroupMember[];
  /** The muting permission set's record when the group has one. */
  mutingPermissionSet: SObjectFields | null;
};

export type RetireTarget = { kind: 'permissionSet' | 'group'; id: string; name: string };

/** Everything one retirement removes, enough for `psg restore` to put it back. */
export type RetireSnapshot = {
  target: RetireTarget;
  permissionSet?: PermissionSetSnapshot;
  group?: GroupSnapshot;
  /** Groups the permission set was a member of (empty for a group retirement). */
  memberships: Membership[];
  assignments: AssignmentSnapshot[];
};

/** The group statuses the planner needs, by group Id. */
export type GroupState = { id: string; name: string; status: GroupStatus };
