import { isSalesforceId, type OrgGateway, soqlLikePattern, soqlString } from '../../gateway/index.js';

/**
 * The queries of `permset explain`. Each reads one object type for every set, group and mute involved at once
 * (IN lists through gateway.queryIn), and permission rows only for the asked objects and fields, so the number of
 * requests depends on how much is asked, not on how many sets the user holds.
 */

export type UserRow = {
  Id: string;
  Username: string;
  IsActive: boolean;
  Profile: { Name: string; UserLicenseId: string } | null;
  PermissionSetLicenseAssignments: { records: Array<{ PermissionSetLicenseId: string }> } | null;
};
export type AssignmentRow = { PermissionSetId: string | null; PermissionSetGroupId: string | null; ExpirationDate: string | null };
export type GroupRow = {
  Id: string;
  DeveloperName: string;
  NamespacePrefix: string | null;
  Status: string;
  HasActivationRequired: boolean;
  PermissionSetGroupComponents: { records: Array<{ PermissionSetId: string }> } | null;
};
export type SetRow = Record<string, unknown> & {
  Id: string;
  Name: string;
  NamespacePrefix: string | null;
  HasActivationRequired: boolean;
  LicenseId: string | null;
  IsOwnedByProfile: boolean;
  PermissionSetGroupId: string | null;
};
export type MuteRow = Record<string, unknown> & { Id: string; DeveloperName: string; NamespacePrefix: string | null };
export type ObjectRow = Record<string, unknown> & { ParentId: string; SobjectType: string };
export type FieldRow = Record<string, unknown> & { ParentId: string; Field: string };

const OBJECT_COLUMNS = 'ParentId, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete, PermissionsViewAllRecords, PermissionsModifyAllRecords';
/** Permissions* columns per query: a real org has hundreds, and the request URI must stay under 16,384 bytes. */
const FIELDS_PER_QUERY = 150;

/** The WHERE of a user given as a 005 Id or a username. */
export function userFilter(user: string, idField: string, usernamePath: string): string {
  return isSalesforceId(user) && user.startsWith('005') ? `${idField} = ${soqlString(user)}` : `${usernamePath} = ${soqlString(user)}`;
}

export async function readUser(gateway: OrgGateway, user: string): Promise<UserRow | undefined> {
  const rows = await gateway.query<UserRow>(
    `SELECT Id, Username, IsActive, Profile.Name, Profile.UserLicenseId, (SELECT PermissionSetLicenseId FROM PermissionSetLicenseAssignments) FROM User WHERE ${userFilter(user, 'Id', 'Username')}`
  );
  return rows[0];
}

/** Usernames starting like the unknown one (for the error's closest names; read only when the user is unknown). */
export async function usernamesLike(gateway: OrgGateway, user: string): Promise<string[]> {
  const start = user.split('@')[0].slice(0, 3);
  if (start.length === 0) return [];
  const rows = await gateway.query<{ Username: string }>(`SELECT Username FROM User WHERE Username LIKE ${soqlLikePattern(start, { suffix: '%' })} ORDER BY Username LIMIT 200`);
  return rows.map((r) => r.Username);
}

/** Every assignment of the user: direct sets, groups (PermissionSetGroupId) and the profile's own set. */
export function readAssignments(gateway: OrgGateway, user: string): Promise<AssignmentRow[]> {
  return gateway.query<AssignmentRow>(`SELECT PermissionSetId, PermissionSetGroupId, ExpirationDate FROM PermissionSetAssignment WHERE ${userFilter(user, 'AssigneeId', 'Assignee.Username')}`);
}

/** The groups with their Status and components (member sets and the mute) in one query. */
export function readGroups(gateway: OrgGateway, ids: readonly string[]): Promise<GroupRow[]> {
  return gateway.queryIn<GroupRow>(
    'SELECT Id, DeveloperName, NamespacePrefix, Status, HasActivationRequired, (SELECT PermissionSetId FROM PermissionSetGroupComponents) FROM PermissionSetGroup WHERE Id IN {IN}',
    ids
  );
}

/** Groups holding any of these sets (with Status and components): the not-assigned group candidates. */
export function readGroupsHolding(gateway: OrgGateway, setIds: readonly string[]): Promise<GroupRow[]> {
  return gateway.queryIn<GroupRow>(
    'SELECT Id, DeveloperName, NamespacePrefix, Status, HasActivationRequired, (SELECT PermissionSetId FROM PermissionSetGroupComponents) FROM PermissionSetGroup WHERE Id IN (SELECT PermissionSetGroupId FROM PermissionSetGroupComponent WHERE PermissionSetId IN {IN})',
    setIds
  );
}

/**
 * Rows of `object` by Id (or matching `orWhere`), with the given Permissions* columns, `FIELDS_PER_QUERY` columns a
 * query, merged by Id.
 */
export async function readWithPermissions<T extends { Id: string }>(
  gateway: OrgGateway,
  from: { base: string; object: string; orWhere?: string },
  permissionFields: readonly string[],
  ids: readonly string[]
): Promise<T[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < permissionFields.length; i += FIELDS_PER_QUERY) chunks.push(permissionFields.slice(i, i + FIELDS_PER_QUERY));
  if (chunks.length === 0) chunks.push([]);
  const where = from.orWhere ? `Id IN {IN} OR (${from.orWhere})` : 'Id IN {IN}';
  const read = (fields: string[]): Promise<T[]> => {
    const soql = `SELECT ${[from.base, ...fields].join(', ')} FROM ${from.object} WHERE ${where}`;
    // No Ids: queryIn would send nothing, but the orWhere part still has to be asked.
    return ids.length > 0 ? gateway.queryIn<T>(soql, ids) : from.orWhere ? gateway.query<T>(soql.replace('Id IN {IN} OR ', '')) : Promise.resolve([]);
  };
  const parts = await Promise.all(chunks.map(read));
  const byId = new Map<string, T>();
  for (const rows of parts) for (const row of rows) byId.set(row.Id, { ...(byId.get(row.Id) ?? {}), ...row });
  return [...byId.values()];
}

const SET_COLUMNS = 'Id, Name, NamespacePrefix, HasActivationRequired, LicenseId, IsOwnedByProfile, PermissionSetGroupId';

/**
 * The permission sets by Id, with `permissionFields`; with `grantingToo`, in the same query, every assignable set
 * (not a profile's, not a group's aggregate) granting one of them: the not-assigned candidates.
 */
export function readSets(gateway: OrgGateway, ids: readonly string[], permissionFields: readonly string[], grantingToo = false): Promise<SetRow[]> {
  const anyOf = permissionFields.map((f) => `${f} = true`).join(' OR ');
  const orWhere = grantingToo && anyOf ? `IsOwnedByProfile = false AND PermissionSetGroupId = null AND (${anyOf})` : undefined;
  return readWithPermissions<SetRow>(gateway, { base: SET_COLUMNS, object: 'PermissionSet', orWhere }, permissionFields, ids);
}

export function readMutes(gateway: OrgGateway, ids: readonly string[], permissionFields: readonly string[]): Promise<MuteRow[]> {
  return readWithPermissions<MuteRow>(gateway, { base: 'Id, DeveloperName, NamespacePrefix', object: 'MutingPermissionSet' }, permissionFields, ids);
}

/** ObjectPermissions of the asked objects, every parent (the user's sets, mutes and the not-assigned candidates). */
export function readObjectRows(gateway: OrgGateway, objects: readonly string[]): Promise<ObjectRow[]> {
  return gateway.queryIn<ObjectRow>(`SELECT ${OBJECT_COLUMNS} FROM ObjectPermissions WHERE SobjectType IN {IN}`, objects);
}

/** ObjectPermissions of the given parents, every object (the whole-user summary). */
export function readObjectRowsOf(gateway: OrgGateway, parentIds: readonly string[]): Promise<ObjectRow[]> {
  return gateway.queryIn<ObjectRow>(`SELECT ${OBJECT_COLUMNS} FROM ObjectPermissions WHERE ParentId IN {IN}`, parentIds);
}

/** FieldPermissions of the given parents, every field (the audit reads the whole grants of group members and mutes). */
export function readFieldRowsOf(gateway: OrgGateway, parentIds: readonly string[]): Promise<FieldRow[]> {
  return gateway.queryIn<FieldRow>('SELECT ParentId, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId IN {IN}', parentIds);
}

export function readFieldRows(gateway: OrgGateway, fields: readonly string[]): Promise<FieldRow[]> {
  return gateway.queryIn<FieldRow>('SELECT ParentId, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE Field IN {IN}', fields);
}

/** Permission set license names by 15-character Id (tens per org: one request), for `license-missing`. */
export async function readLicenseNames(gateway: OrgGateway): Promise<Map<string, string>> {
  const rows = await gateway.query<{ Id: string; MasterLabel: string }>('SELECT Id, MasterLabel FROM PermissionSetLicense');
  return new Map(rows.map((r) => [r.Id.slice(0, 15), r.MasterLabel]));
}
