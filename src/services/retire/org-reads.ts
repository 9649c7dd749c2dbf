import { type OrgGateway, soqlString } from '../../gateway/index.js';
import { qualifiedName, splitQualifiedName } from '../../planning/assignment/names.js';
import {
  type AssignmentSnapshot,
  type GroupMember,
  type GroupState,
  type GroupStatus,
  type Membership,
  type PermissionSetSnapshot,
  type RetireSnapshot,
  type SObjectFields,
} from '../../planning/retire/types.js';

/** The queries `psg retire` and `psg restore` need, each written once; every value goes through soqlString. */

type DescribeField = { name: string; createable: boolean };
type NamedRow = { Id: string; NamespacePrefix: string | null };
type AssignmentRow = { Id: string; AssigneeId: string; Assignee: { Username: string } | null; ExpirationDate: string | null };
type ComponentRow = {
  Id: string;
  PermissionSetGroupId: string;
  PermissionSetGroup: { DeveloperName: string; NamespacePrefix: string | null; Status: GroupStatus } | null;
};

export const PERMISSION_ROW_TYPES = ['ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess'] as const;
/** Identity fields kept in a backed-up record next to the createable ones, so a restore can find it again. */
const IDENTITY = ['Id', 'Name', 'DeveloperName', 'NamespacePrefix'];

/** The fields of an object that an insert may set (describe once per object and run). */
export async function createableFields(gateway: OrgGateway, sobject: string): Promise<Set<string>> {
  const describe = await gateway.send<{ fields: DescribeField[] }>({ method: 'GET', path: `/services/data/v${gateway.apiVersion}/sobjects/${sobject}/describe` });
  return new Set(describe.fields.filter((f) => f.createable).map((f) => f.name));
}

/** One record with every field (GET sobjects/<type>/<id>), reduced to its createable and identity fields. */
export async function readRecord(gateway: OrgGateway, sobject: string, id: string, createable: ReadonlySet<string>): Promise<SObjectFields> {
  const full = await gateway.send<SObjectFields>({ method: 'GET', path: `/services/data/v${gateway.apiVersion}/sobjects/${sobject}/${id}` });
  return Object.fromEntries(Object.entries(full).filter(([field]) => createable.has(field) || IDENTITY.includes(field)));
}

/** `Name = 'x' AND NamespacePrefix = null` for an API name that may carry a namespace. */
export function nameFilter(field: 'Name' | 'DeveloperName', apiName: string): string {
  const { namespace, name } = splitQualifiedName(apiName);
  return `${field} = ${soqlString(name)} AND NamespacePrefix = ${namespace ? soqlString(namespace) : 'null'}`;
}

/** A custom permission set by API name (profile and group aggregate sets are never retired this way). */
export async function findPermissionSet(gateway: OrgGateway, apiName: string): Promise<string | null> {
  const rows = await gateway.query<NamedRow>(
    `SELECT Id, NamespacePrefix FROM PermissionSet WHERE ${nameFilter('Name', apiName)} AND IsOwnedByProfile = false AND PermissionSetGroupId = null`
  );
  return rows[0]?.Id ?? null;
}

export async function findGroup(gateway: OrgGateway, apiName: string): Promise<string | null> {
  const rows = await gateway.query<NamedRow>(`SELECT Id, NamespacePrefix FROM PermissionSetGroup WHERE ${nameFilter('DeveloperName', apiName)}`);
  return rows[0]?.Id ?? null;
}

export async function readPermissionRows(gateway: OrgGateway, sobject: string, parentId: string, createable: ReadonlySet<string>): Promise<SObjectFields[]> {
  const fields = ['Id', ...[...createable].filter((f) => f !== 'Id')];
  const rows = await gateway.query<SObjectFields>(`SELECT ${fields.join(', ')} FROM ${sobject} WHERE ParentId = ${soqlString(parentId)}`);
  return rows.map(withoutAttributes);
}

/** The permission set with its object, field and setup-entity permissions. */
export async function readPermissionSetContent(gateway: OrgGateway, id: string): Promise<PermissionSetSnapshot> {
  const [setFields, ...rowFields] = await Promise.all(['PermissionSet', ...PERMISSION_ROW_TYPES].map((type) => createableFields(gateway, type)));
  const [record, objectPermissions, fieldPermissions, setupEntityAccess] = await Promise.all([
    readRecord(gateway, 'PermissionSet', id, setFields),
    ...PERMISSION_ROW_TYPES.map((type, i) => readPermissionRows(gateway, type, id, rowFields[i])),
  ]);
  return { record, objectPermissions, fieldPermissions, setupEntityAccess };
}

/** Direct assignments of a permission set (group assignments carry the group's aggregate set, not this one). */
export async function readAssignments(gateway: OrgGateway, filter: { permissionSetId: string } | { groupId: string }): Promise<AssignmentSnapshot[]> {
  const where = 'groupId' in filter ? `PermissionSetGroupId = ${soqlString(filter.groupId)}` : `PermissionSetId = ${soqlString(filter.permissionSetId)} AND PermissionSetGroupId = null`;
  const rows = await gateway.query<AssignmentRow>(`SELECT Id, AssigneeId, Assignee.Username, ExpirationDate FROM PermissionSetAssignment WHERE ${where} ORDER BY Assignee.Username`);
  return rows.map((r) => ({ id: r.Id, assigneeId: r.AssigneeId, username: r.Assignee?.Username ?? r.AssigneeId, expirationDate: r.ExpirationDate ?? null }));
}

/** The groups holding a permission set (or muting set), with their component rows and current status. */
export async function readMemberships(gateway: OrgGateway, permissionSetId: string): Promise<{ memberships: Membership[]; groups: GroupState[] }> {
  const rows = await gateway.query<ComponentRow>(
    `SELECT Id, PermissionSetGroupId, PermissionSetGroup.DeveloperName, PermissionSetGroup.NamespacePrefix, PermissionSetGroup.Status FROM PermissionSetGroupComponent WHERE PermissionSetId = ${soqlString(permissionSetId)}`
  );
  const memberships = rows.map((r) => ({
    groupId: r.PermissionSetGroupId,
    groupName: qualifiedName(r.PermissionSetGroup?.NamespacePrefix, r.PermissionSetGroup?.DeveloperName ?? r.PermissionSetGroupId),
    componentId: r.Id,
  }));
  const groups = rows.map((r, i) => ({ id: r.PermissionSetGroupId, name: memberships[i].groupName, status: r.PermissionSetGroup?.Status ?? 'Outdated' }));
  return { memberships, groups };
}

/** Status of the given groups (absent: the group no longer exists). */
export async function readGroupStates(gateway: OrgGateway, ids: readonly string[]): Promise<GroupState[]> {
  const rows = await gateway.queryIn<{ Id: string; DeveloperName: string; NamespacePrefix: string | null; Status: GroupStatus }>(
    'SELECT Id, DeveloperName, NamespacePrefix, Status FROM PermissionSetGroup WHERE Id IN {IN}',
    ids
  );
  return rows.map((r) => ({ id: r.Id, name: qualifiedName(r.NamespacePrefix, r.DeveloperName), status: r.Status }));
}

/** A group's members: permission sets and its muting permission set, by name. */
export async function readGroupMembers(gateway: OrgGateway, groupId: string): Promise<GroupMember[]> {
  const components = await gateway.query<{ PermissionSetId: string }>(
    `SELECT PermissionSetId FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = ${soqlString(groupId)}`
  );
  const ids = components.map((c) => c.PermissionSetId);
  const [sets, muting] = await Promise.all([
    gateway.queryIn<{ Id: string; Name: string; NamespacePrefix: string | null }>('SELECT Id, Name, NamespacePrefix FROM PermissionSet WHERE Id IN {IN}', ids),
    gateway.queryIn<{ Id: string; DeveloperName: string; NamespacePrefix: string | null }>('SELECT Id, DeveloperName, NamespacePrefix FROM MutingPermissionSet WHERE Id IN {IN}', ids),
  ]);
  return [
    ...sets.map((s) => ({ permissionSetId: s.Id, name: qualifiedName(s.NamespacePrefix, s.Name), muting: false })),
    ...muting.map((m) => ({ permissionSetId: m.Id, name: qualifiedName(m.NamespacePrefix, m.DeveloperName), muting: true })),
  ];
}

/** The current state of a permission set to retire, or null when the org has no such set. */
export async function readPermissionSetSnapshot(gateway: OrgGateway, apiName: string): Promise<{ snapshot: RetireSnapshot; groups: GroupState[] } | null> {
  const id = await findPermissionSet(gateway, apiName);
  if (!id) return null;
  const [permissionSet, { memberships, groups }, assignments] = await Promise.all([
    readPermissionSetContent(gateway, id),
    readMemberships(gateway, id),
    readAssignments(gateway, { permissionSetId: id }),
  ]);
  const name = qualifiedName(permissionSet.record.NamespacePrefix as string | null, String(permissionSet.record.Name));
  return { snapshot: { target: { kind: 'permissionSet', id, name }, permissionSet, memberships, assignments }, groups };
}

/** The current state of a group to retire, or null when the org has no such group. */
export async function readGroupSnapshot(gateway: OrgGateway, apiName: string): Promise<RetireSnapshot | null> {
  const id = await findGroup(gateway, apiName);
  if (!id) return null;
  const [record, members, assignments] = await Promise.all([
    createableFields(gateway, 'PermissionSetGroup').then((fields) => readRecord(gateway, 'PermissionSetGroup', id, fields)),
    readGroupMembers(gateway, id),
    readAssignments(gateway, { groupId: id }),
  ]);
  const mutingId = members.find((m) => m.muting)?.permissionSetId;
  const mutingPermissionSet = mutingId ? await createableFields(gateway, 'MutingPermissionSet').then((f) => readRecord(gateway, 'MutingPermissionSet', mutingId, f)) : null;
  const name = qualifiedName(record.NamespacePrefix as string | null, String(record.DeveloperName));
  return { target: { kind: 'group', id, name }, group: { record, members, mutingPermissionSet }, memberships: [], assignments };
}

/** How many groups other than `groupId` include this muting permission set. */
export function countOtherGroupsUsing(gateway: OrgGateway, mutingId: string, groupId: string): Promise<number> {
  return gateway.count(
    `SELECT COUNT() FROM PermissionSetGroupComponent WHERE PermissionSetId = ${soqlString(mutingId)} AND PermissionSetGroupId != ${soqlString(groupId)}`
  );
}

function withoutAttributes(row: SObjectFields): SObjectFields {
  const { attributes, ...rest } = row;
  void attributes;
  return rest;
}
