/**
 * The vocabulary of assignment planning: what the user asked for, what the org holds, and what to do.
 * Pure data: no Salesforce library types.
 */

export type TargetKind = 'permissionSet' | 'permissionSetGroup';

/** What to do about an assignment's expiration. */
export type ExpirationWish =
  | { kind: 'keep' } // nothing given: keep an existing assignment's expiration as it is
  | { kind: 'clear' } // `never`: no expiration
  | { kind: 'set'; at: string }; // an ISO 8601 instant, seconds precision

/** One desired assignment, as given (flags or a CSV row). */
export type DesiredRow = {
  /** Position in the input (CSV line number, or running number for flags); results keep input order. */
  index: number;
  /** A username or a 005 Id. */
  user: string;
  kind: TargetKind;
  /** API name: `Name` or `ns__Name` (DeveloperName for groups). */
  target: string;
  expiration: ExpirationWish;
};

export type UserInfo = { id: string; username: string; isActive: boolean; userLicenseId: string | null };

/**
 * A permission that forbids an expiration date on the assignments of whatever grants it (Assign Permission Sets,
 * Manage Profiles and Permission Sets, Manage Users), and the permission set granting it (for a group, the member).
 */
export type NoExpiryGrant = { permission: string; via: string };

export type PermissionSetInfo = {
  id: string;
  /** Qualified API name: `ns__Name` or `Name`. */
  name: string;
  /** A UserLicense (100…) or a PermissionSetLicense (0PL…) Id, or null. */
  licenseId: string | null;
  /** Set when the set grants a permission that forbids expirations on its assignments. */
  noExpiry?: NoExpiryGrant;
  /** HasActivationRequired: the assignment holds, the access only while the set is activated in a session. */
  sessionBased?: boolean;
};

export type GroupStatus = 'Updated' | 'Outdated' | 'Updating' | 'Failed';

export type GroupInfo = {
  id: string;
  name: string;
  status: GroupStatus;
  /** PSLs that the group's member permission sets need: the assignee must hold them before the group is assigned. */
  requiredPslIds: string[];
  /** User licenses that member permission sets are tied to. */
  requiredUserLicenseIds: string[];
  /** Set when a member permission set grants a permission that forbids expirations on the group's assignments. */
  noExpiry?: NoExpiryGrant;
  /** The group's own HasActivationRequired (a member's does not apply inside a group). */
  sessionBased?: boolean;
};

export type PslInfo = { id: string; name: string; total: number; used: number };

export type ExistingAssignment = {
  id: string;
  assigneeId: string;
  /** The permission set, or for a group assignment the group's id. */
  targetId: string;
  expirationDate: string | null;
};

export type ReasonCode =
  | 'UNKNOWN_USER'
  | 'UNKNOWN_PERMISSION_SET'
  | 'UNKNOWN_GROUP'
  | 'AMBIGUOUS_NAME'
  | 'INACTIVE_USER'
  | 'LICENSE_MISMATCH'
  | 'PSL_SEATS_EXHAUSTED'
  | 'GROUP_FAILED'
  | 'GROUP_NOT_UPDATED'
  | 'EXPIRATION_IN_PAST'
  | 'EXPIRATION_NOT_ALLOWED'
  | 'CONFLICTING_ROWS'
  | 'PROFILE_OWNED'
  /** A row of a removal file that cannot be read as one assignment (no user, or not exactly one target): tokens [message key, ...its tokens]. */
  | 'INVALID_ROW'
  | 'WRITE_FAILED';

/** What became of a row: written (created, updated, deleted), unchanged, refused (blocked) or failed; `to…` in a dry run. */
export type Action = 'created' | 'updated' | 'deleted' | 'unchanged' | 'blocked' | 'failed' | 'toCreate' | 'toUpdate' | 'toDelete';

/** Why a row was blocked: a stable code and the values its message needs (`variant` picks a wording of it). */
export type Blocker = { reason: ReasonCode; tokens: string[]; variant?: 'group' };

/**
 * Something about a row that holds and that the user must know: SESSION_BASED (access needs session activation);
 * RUNNING_USER (`assign --sync`: the running user's own assignment, not listed but never removed by a sync).
 */
export type RowWarning = 'SESSION_BASED' | 'RUNNING_USER';
