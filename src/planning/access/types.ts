/**
 * The access model shared by `permset explain` (one user, asked accesses) and the audit's mute rules (a group's
 * grants after its mute, in source and in the org): plain data in, verdicts out. No I/O, no Salesforce library.
 *
 * Access keys name one access the way the command's flags do: `Account.Edit` (object: Read, Create, Edit, Delete,
 * ViewAll, ModifyAll), `Account.Industry.Read` (field: Read, Edit), `ModifyAllData` (a system permission: the
 * `Permissions*` field name without its prefix). Callers spell object, field and permission names as the org's
 * describe does; the model compares keys exactly.
 */

export const OBJECT_ACCESSES = ['Read', 'Create', 'Edit', 'Delete', 'ViewAll', 'ModifyAll'] as const;
export type ObjectAccess = (typeof OBJECT_ACCESSES)[number];
export const FIELD_ACCESSES = ['Read', 'Edit'] as const;
export type FieldAccess = (typeof FIELD_ACCESSES)[number];

export type AccessKey = string;
export type ParsedKey =
  | { kind: 'object'; object: string; access: ObjectAccess }
  | { kind: 'field'; object: string; field: string; access: FieldAccess }
  | { kind: 'system'; permission: string };

/** The accesses one permission set (or profile set) grants, or one muting set mutes, as written (before implications). */
export type Grants = ReadonlySet<AccessKey>;

export type PermissionSetModel = {
  id: string;
  name: string;
  /** HasActivationRequired: a session-based set grants only while activated in a session. */
  activationRequired: boolean;
  /** The UserLicense (100…) or PermissionSetLicense (0PL…) the set needs; absent when it needs none. */
  licenseId?: string;
  /** A readable name for that license, for messages. */
  licenseName?: string;
  grants: Grants;
};

/** A muting permission set: on its rows `true` means muted. */
export type MuteModel = { id: string; name: string; mutes: Grants };

export type GroupModel = {
  id: string;
  name: string;
  /** PermissionSetGroup.Status: Updated, Outdated, Updating or Failed. */
  status: string;
  activationRequired: boolean;
  members: PermissionSetModel[];
  /** A group holds at most one muting set; it acts only inside this group. */
  mute?: MuteModel;
};

export type UserModel = {
  id: string;
  username: string;
  isActive: boolean;
  /** The user's user license (Profile.UserLicenseId) and every permission set license the user holds. */
  licenseIds: ReadonlySet<string>;
};

export type SetAssignment = { set: PermissionSetModel; expiration?: string | null };
export type GroupAssignment = { group: GroupModel; expiration?: string | null };

export type AccessInput = {
  user: UserModel;
  /** The profile and its own permission set (IsOwnedByProfile), which carries the profile's permissions. */
  profile?: { name: string; set: PermissionSetModel };
  sets: SetAssignment[];
  groups: GroupAssignment[];
  /** Assignable sets the user holds neither directly nor through a group: the `not-assigned` candidates. */
  candidates?: PermissionSetModel[];
  /** Groups the user does not hold, also `not-assigned` candidates (Updated ones only: others cannot be assigned). */
  candidateGroups?: GroupModel[];
  /** `Object.Field` names without field permissions (describe: not permissionable, e.g. Name): they follow the object's Read and Edit. */
  objectFields?: ReadonlySet<string>;
  now: Date;
  /** An assignment expiring within this many days is flagged `expires-soon` (default 14). */
  expiringWithinDays?: number;
};

/** Why a source that would grant an access does not (or, for expires-soon, soon will not). */
export const REASONS = [
  'inactive-user',
  'expired',
  'license-missing',
  'group-not-updated',
  'session-based',
  'muted',
  'field-needs-object-read',
  'expires-soon',
  'not-assigned',
] as const;
export type ReasonCode = (typeof REASONS)[number];

export type SourceKind = 'profile' | 'permissionSet' | 'group';

export type AccessSource = {
  kind: SourceKind;
  /** The profile, permission set or group name. */
  name: string;
  /** For a group: the member set that grants the access. */
  memberSet?: string;
  applies: boolean;
  reason?: ReasonCode;
  /** muted: the muting set; expired / expires-soon: the expiration; group-not-updated: the Status; license-missing: the license. */
  mute?: string;
  expires?: string;
  status?: string;
  license?: string;
};

export type AccessVerdict = {
  access: AccessKey;
  granted: boolean;
  /** Granting sources first, then those that do not apply (`not-assigned` last, at most 10). */
  sources: AccessSource[];
  /** The smallest not-assigned set or group that would grant it, when nothing grants it yet. */
  grantWith?: string;
};
