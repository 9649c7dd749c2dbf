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

export type PermissionSetInfo = {
  id: string;
  /** Qualified API name: `ns__Name` or `Name`. */
  name: string;
  /** A UserLicense (100…) or a PermissionSetLicense (0PL…) Id, or null. */
  licenseId: string | null;
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
  | 'CONFLICTING_ROWS'
  | 'WRITE_FAILED';

export type Action = 'created' | 'updated' | 'unchanged' | 'blocked' | 'failed' | 'toCreate' | 'toUpdate';

/** Why a row was blocked: a stable code and the values its message needs. */
export type Blocker = { reason: ReasonCode; tokens: string[] };
