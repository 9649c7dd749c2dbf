import { SalesforceError } from '../store/types.js';

/**
 * Every Salesforce rule the emulator enforces, with the error it raises and where that behaviour is documented.
 * test/emulator/README.md carries the same table (a test checks that every id here appears there), so a rule
 * cannot be added without saying where it comes from. "unverified" marks the few whose exact text is not published.
 */
export type RuleEntry = { code: string; rule: string; source: string };

const OBJECT_REF = 'Salesforce Object Reference';
const REST = 'REST API Developer Guide';
const HELP_PSG = 'Salesforce Help: Permission Set Groups';

export const RULES = {
  duplicateAssignment: {
    code: 'DUPLICATE_VALUE',
    rule: '(AssigneeId, PermissionSetId) and (AssigneeId, PermissionSetGroupId) are unique',
    source: `${OBJECT_REF}: PermissionSetAssignment; message as returned by orgs to sf org assign permset (plugin-user issues)`,
  },
  userLicenseMismatch: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: "a permission set whose LicenseId is a user license needs the assignee's Profile.UserLicenseId to match",
    source: `${OBJECT_REF}: PermissionSet (LicenseId); message text unverified`,
  },
  pslSeatsExhausted: {
    code: 'LICENSE_LIMIT_EXCEEDED',
    rule: 'auto-assigning a permission set license needs a free seat (UsedLicenses < TotalLicenses)',
    source: `${OBJECT_REF}: PermissionSetLicenseAssign; StatusCode enum (message unverified)`,
  },
  pslDuplicate: {
    code: 'DUPLICATE_VALUE',
    rule: '(AssigneeId, PermissionSetLicenseId) is unique',
    source: `${OBJECT_REF}: PermissionSetLicenseAssign ("duplicate value found")`,
  },
  pslStillNeeded: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'a PSL assignment cannot be removed while an assigned permission set of the user needs that license, or an assigned group includes such a set',
    source: 'Salesforce Help: Remove Permission Set Licenses from Users; the group case and the message unverified',
  },
  inactiveAssignee: {
    code: 'INVALID_CROSS_REFERENCE_KEY',
    rule: 'permission sets, groups and licenses cannot be assigned to an inactive user',
    source: 'unverified',
  },
  groupNotUpdated: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'a permission set group can be assigned only while its Status is Updated',
    source: `${HELP_PSG} (Status); error text as reported by orgs`,
  },
  groupNeedsPsl: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'a group whose member sets need a PSL can be assigned only to users already holding it (no auto-assignment)',
    source: `${HELP_PSG}: "Permission Set Licenses in Permission Set Groups"; message unverified`,
  },
  profileOwnedAssignment: {
    code: 'INVALID_CROSS_REFERENCE_KEY',
    rule: "a profile's permission set cannot be assigned or unassigned through the API",
    source: `${OBJECT_REF}: PermissionSet (IsOwnedByProfile); message unverified`,
  },
  expirationInPast: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'ExpirationDate must be in the future',
    source: 'Salesforce Help: Assign Permission Sets with Expiration Dates; message unverified',
  },
  expirationNotAllowed: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'sets or groups granting Assign Permission Sets, Manage Profiles and Permission Sets or Manage Users cannot expire',
    source: 'Salesforce Help: Permission Set and Permission Set Group Assignment Expiration Considerations; message unverified',
  },
  deleteAssignedPermissionSet: {
    code: 'DELETE_FAILED',
    rule: 'a permission set cannot be deleted while it is assigned',
    source: 'Salesforce Help: Delete Permission Sets; message unverified',
  },
  deletePermissionSetInGroup: {
    code: 'DELETE_FAILED',
    rule: 'a permission set (or muting permission set) cannot be deleted while a group component references it',
    source: `${HELP_PSG}; message unverified`,
  },
  deleteWhileRecalculating: {
    code: 'DELETE_FAILED',
    rule: 'a permission set detached from a group cannot be deleted until that group has recalculated successfully',
    source: `${HELP_PSG} (recalculation); message unverified`,
  },
  deleteOwnedPermissionSet: {
    code: 'INVALID_CROSS_REFERENCE_KEY',
    rule: "profile-owned and group (Type 'Group') permission sets cannot be deleted directly",
    source: `${OBJECT_REF}: PermissionSet (IsOwnedByProfile, Type); message unverified`,
  },
  deleteAssignedGroup: {
    code: 'DELETE_FAILED',
    rule: 'a permission set group cannot be deleted while it is assigned',
    source: `${HELP_PSG}; message unverified`,
  },
  groupComponentLimit: {
    code: 'LIMIT_EXCEEDED',
    rule: 'a group holds at most 100 permission sets, and at most one muting permission set',
    source: `${HELP_PSG} (limits); message unverified`,
  },
  groupComponentTarget: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: 'a group component names a custom permission set or a muting permission set, never a profile or group set',
    source: `${OBJECT_REF}: PermissionSetGroupComponent; message unverified`,
  },
  duplicateComponent: {
    code: 'DUPLICATE_VALUE',
    rule: '(PermissionSetGroupId, PermissionSetId) is unique',
    source: `${OBJECT_REF}: PermissionSetGroupComponent; message unverified`,
  },
  duplicatePermissionRow: {
    code: 'DUPLICATE_VALUE',
    rule: 'a permission set holds one ObjectPermissions row per SobjectType, one FieldPermissions row per Field and one SetupEntityAccess row per SetupEntityId',
    source: `${OBJECT_REF}: ObjectPermissions, FieldPermissions, SetupEntityAccess (one row per object, field, setup entity); message unverified`,
  },
  uniqueName: {
    code: 'DUPLICATE_VALUE',
    rule: 'PermissionSet.Name, PermissionSetGroup.DeveloperName and MutingPermissionSet.DeveloperName are unique',
    source: `${OBJECT_REF}: PermissionSet / PermissionSetGroup; message unverified`,
  },
  readOnlyField: {
    code: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    rule: 'fields that are not createable (updateable) cannot be set on insert (update), e.g. PermissionSetGroup.Status',
    source: `${OBJECT_REF} field properties; ${REST}: Status Codes and Error Responses`,
  },
  unknownField: {
    code: 'INVALID_FIELD',
    rule: 'unknown field names are refused',
    source: `${REST}: Status Codes and Error Responses`,
  },
  requiredField: {
    code: 'REQUIRED_FIELD_MISSING',
    rule: 'required fields must be present on insert',
    source: `${REST}: Status Codes and Error Responses`,
  },
  badReference: {
    code: 'INVALID_CROSS_REFERENCE_KEY',
    rule: 'a reference field must name an existing record of an allowed type',
    source: `${REST}: Status Codes and Error Responses`,
  },
  malformedId: {
    code: 'MALFORMED_ID',
    rule: 'an Id must be 15 or 18 characters of the right key prefix',
    source: `${REST}: Status Codes and Error Responses`,
  },
  restrictedPicklist: {
    code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    rule: 'restricted picklists accept only their values',
    source: `${OBJECT_REF} field properties`,
  },
  notFound: {
    code: 'NOT_FOUND',
    rule: 'an Id that names no record: 404 on single-record calls, ENTITY_IS_DELETED / INVALID_CROSS_REFERENCE_KEY in collections',
    source: `${REST}: Status Codes and Error Responses`,
  },
  operationNotAllowed: {
    code: 'INVALID_TYPE_FOR_OPERATION',
    rule: 'objects that are not createable / updateable / deletable refuse that operation (e.g. PermissionSetGroupComponent has no update)',
    source: `${OBJECT_REF}: supported calls of each object`,
  },
  collectionSize: {
    code: 'EXCEEDED_ID_LIMIT',
    rule: 'an sObject Collections request carries at most 200 records',
    source: `${REST}: sObject Collections`,
  },
  mixedSetup: {
    code: 'MIXED_DML_OPERATION',
    rule: 'setup and non-setup objects cannot be written in one request',
    source: 'Apex Developer Guide: sObjects That Cannot Be Used Together in DML Operations; REST code unverified',
  },
  allOrNone: {
    code: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    rule: 'allOrNone=true rolls every record back when one fails',
    source: `${REST}: sObject Collections`,
  },
  requestLimit: {
    code: 'REQUEST_LIMIT_EXCEEDED',
    rule: 'every request counts against DailyApiRequests; past the maximum, HTTP 403',
    source: `${REST}: Limits; API Request Limits and Allocations`,
  },
  uriTooLong: {
    code: 'URI_TOO_LONG',
    rule: 'a request URI over 16,384 bytes gets HTTP 414',
    source: `${REST}: Limits ("URI length")`,
  },
  invalidSession: {
    code: 'INVALID_SESSION_ID',
    rule: 'a missing or wrong bearer token gets HTTP 401',
    source: `${REST}: Status Codes and Error Responses`,
  },
  expiredAssignment: {
    code: '(none)',
    rule: 'an assignment whose ExpirationDate has passed is removed (no longer queryable, frees its pair)',
    source: 'Salesforce Help: Assign Permission Sets with Expiration Dates (removal mechanics unverified)',
  },
  groupRecalculation: {
    code: '(none)',
    rule: 'adding/removing a component, editing the group or a member set: Status Outdated, Updating, then Updated (or Failed)',
    source: HELP_PSG,
  },
  childRowsInBatch: {
    code: '(none)',
    rule: 'rows of child subqueries count toward a query batch (default 2,000, or Sforce-Query-Options batchSize): a parent-child page holds fewer parents, and a child relationship that does not fit comes back as {totalSize, done:false, nextRecordsUrl, records} with its own locator (/query/01g…-N)',
    source: `${REST}: Query Options Header ("Child objects count toward the number of records for the batch size"); SOQL and SOSL Reference: Understanding Query Results (child results paged like top-level ones); how many rows fit, the cut order and the child locator format unverified`,
  },
  childLocatorInvalidated: {
    code: 'INVALID_QUERY_LOCATOR',
    rule: "reading a parent query's next page closes the child relationship locators of the page before",
    source: 'SOAP API Developer Guide: queryMore() ("A queryMore() call on a parent object invalidates all child cursors in the previous result set"); the same for REST unverified',
  },
  permissionRowTarget: {
    code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    rule: 'ObjectPermissions.SobjectType names an object of the org; FieldPermissions.Field names a field of it that takes field permissions (not Name or another required field)',
    source: `${OBJECT_REF}: ObjectPermissions, FieldPermissions (SobjectType and Field are restricted picklists); message as for restricted picklists`,
  },
  permissionDependency: {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    rule: "on a permission set's rows Create, Edit and View All need Read, Delete needs Read and Edit, Modify All needs Read, Edit, Delete and View All; field Edit needs Read",
    source: `${OBJECT_REF}: ObjectPermissions, FieldPermissions ("Requires PermissionsRead …"); code and message unverified`,
  },
  profileSetPermissions: {
    code: '(none)',
    rule: "a profile's Permissions* fields are carried by the profile's own permission set (IsOwnedByProfile), kept equal",
    source: `${OBJECT_REF}: PermissionSet (IsOwnedByProfile: "the permission set is owned by a profile")`,
  },
  effectiveAccessUnion: {
    code: '(none)',
    rule: "a user's access is the union of the profile's set, every assigned set and every assigned group's member sets",
    source: 'Salesforce Help: Permission Sets; Permission Set Groups',
  },
  effectiveAccessMute: {
    code: '(none)',
    rule: "a group's muting set removes what it mutes from that group only (not from the profile, a direct set or another group); an access left without what it requires goes too",
    source: `${HELP_PSG}: Muting Permission Sets; dropping dependants of a muted permission unverified`,
  },
  effectiveAccessGroupStatus: {
    code: '(none)',
    rule: 'a group that is not Updated (Outdated, Updating, Failed) grants nothing to its users until it is',
    source: 'unverified (Salesforce Help documents the recalculation, not what users hold meanwhile)',
  },
  effectiveAccessSession: {
    code: '(none)',
    rule: 'a directly assigned set or group with HasActivationRequired grants only after session activation (never, in the emulator); a session-based member set inside a group needs none',
    source: 'Salesforce Help: Session-based Permission Sets; Permission Set Group Considerations',
  },
  effectiveAccessLicense: {
    code: '(none)',
    rule: "a set whose LicenseId is a permission set license grants nothing to a user not holding that license",
    source: 'Salesforce Help: Permission Set Licenses; unverified for a group member added after the assignment',
  },
  effectiveAccessField: {
    code: '(none)',
    rule: 'field access needs Read on the object; a field without field permissions (Name) is readable and editable with the object',
    source: `${OBJECT_REF}: FieldPermissions; Salesforce Help: Field-Level Security`,
  },
  effectiveAccessInactive: {
    code: '(none)',
    rule: 'an inactive user has no access; expired assignments grant nothing',
    source: 'Salesforce Help: Deactivate Users; Assign Permission Sets with Expiration Dates',
  },
  accessViews: {
    code: '(none)',
    rule: 'UserEntityAccess, UserFieldAccess and UserPermissionAccess answer for the running user only, from the rules above',
    source: `${OBJECT_REF}: UserEntityAccess, UserFieldAccess, UserPermissionAccess (DurableId and key prefixes unverified)`,
  },
  compositeBatch: {
    code: 'INVALID_BATCH_REQUEST',
    rule: 'POST /composite/batch runs up to 25 subrequests in order, one API request in all; more are refused',
    source: `${REST}: Composite Batch (limit 25); error code unverified`,
  },
  assignPermissionSetsRequired: {
    code: 'INSUFFICIENT_ACCESS_OR_READONLY',
    rule: 'inserting, updating or deleting a PermissionSetAssignment (a set or a group) needs the running user to hold Assign Permission Sets',
    source: 'Salesforce Help: Manage Permission Set Assignments ("To assign permission sets: Assign Permission Sets AND View Setup and Configuration; To remove permission set assignments: Assign Permission Sets"), Assign Permission Set Groups to Users; the code is in the StatusCode enum (SOAP API Developer Guide); the update case and the message unverified',
  },
  manageUsersRequired: {
    code: 'INSUFFICIENT_ACCESS_OR_READONLY',
    rule: 'inserting or deleting a PermissionSetLicenseAssign needs the running user to hold Manage Users (the seat Salesforce assigns itself with a licensed permission set is not checked)',
    source: 'Salesforce Help: Assign a Permission Set License to a User ("To assign a permission set license: Manage Users"); the delete case and the message unverified',
  },
  manageProfilesRequired: {
    code: 'INSUFFICIENT_ACCESS_OR_READONLY',
    rule: 'writing a PermissionSet, PermissionSetGroup, PermissionSetGroupComponent, MutingPermissionSet, permission row (ObjectPermissions, FieldPermissions, SetupEntityAccess) or Profile needs the running user to hold Manage Profiles and Permission Sets',
    source: `Salesforce Help: Create a Permission Set Group, Add Permission Sets to Permission Set Groups ("To create a permission set: Manage Profiles and Permission Sets … To create a permission set group: Manage Profiles and Permission Sets"); ${OBJECT_REF}: PermissionSetGroup ("To edit this object, users must have the Manage Profiles and Permission Sets permission"); deletes, group components, muting sets and the message unverified`,
  },
  systemAdministratorDefaults: {
    code: '(none)',
    rule: 'a seeded profile named System Administrator holds Assign Permission Sets, Manage Users and Manage Profiles and Permission Sets unless the seed sets them',
    source: 'Salesforce Help: Standard Profiles (System Administrator: "Can configure and customize the application. Has access to all functionality that does not require an additional license")',
  },
} satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof RULES;

/** Raises the error of a catalogued rule. */
export function violation(rule: RuleId, message: string, fields: string[] = [], httpStatus = 400): SalesforceError {
  return new SalesforceError(RULES[rule].code, message, fields, httpStatus);
}
