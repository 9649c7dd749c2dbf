import { type OrgGateway } from '../../gateway/index.js';
import { qualifiedName } from '../../planning/assignment/names.js';
import { type SyncTarget, type TargetAssignment } from '../../planning/removal/sync-plan.js';

/** The reads `permset assign --sync` adds to assign's: the org's assignable targets, and every assignment of some. */

type AssignmentRow = {
  Id: string;
  AssigneeId: string;
  Assignee: { Username: string } | null;
  PermissionSetId: string;
  PermissionSetGroupId: string | null;
  ExpirationDate: string | null;
};

const ASSIGNMENT_FIELDS = 'SELECT Id, AssigneeId, Assignee.Username, PermissionSetId, PermissionSetGroupId, ExpirationDate FROM PermissionSetAssignment';

/**
 * Every assignment of these sets and groups, all users, page by page: a large org's rows are never held raw, the
 * caller keeps what it decides to delete. A group assignment is read by its group (PermissionSetGroupId) and
 * reported as the group's, never as a row of the aggregate set; a set's query never meets one (its Id is never an
 * aggregate set's). Rows may repeat after a lost query locator (see OrgGateway.queryInPages).
 */
export async function* targetAssignmentPages(
  gateway: OrgGateway,
  permissionSetIds: readonly string[],
  groupIds: readonly string[]
): AsyncGenerator<TargetAssignment[]> {
  for await (const page of gateway.queryInPages<AssignmentRow>(`${ASSIGNMENT_FIELDS} WHERE PermissionSetId IN {IN}`, permissionSetIds)) {
    yield page.filter((r) => r.PermissionSetGroupId === null).map(toAssignment);
  }
  for await (const page of gateway.queryInPages<AssignmentRow>(`${ASSIGNMENT_FIELDS} WHERE PermissionSetGroupId IN {IN}`, groupIds)) {
    yield page.map(toAssignment);
  }
}

function toAssignment(row: AssignmentRow): TargetAssignment {
  return {
    id: row.Id,
    assigneeId: row.AssigneeId,
    username: row.Assignee?.Username ?? row.AssigneeId,
    targetId: row.PermissionSetGroupId ?? row.PermissionSetId,
    expirationDate: row.ExpirationDate,
  };
}

/**
 * `--sync-scope all`: every permission set and group whose assignments the API can remove. Profile-owned sets are
 * left out (Salesforce refuses to remove those assignments) and so are groups' aggregate sets (a group's
 * assignments are the group's).
 */
export async function readAssignableTargets(gateway: OrgGateway): Promise<SyncTarget[]> {
  const [sets, groups] = await Promise.all([
    gateway.query<{ Id: string; Name: string; NamespacePrefix: string | null }>(
      'SELECT Id, Name, NamespacePrefix FROM PermissionSet WHERE IsOwnedByProfile = false AND PermissionSetGroupId = null'
    ),
    gateway.query<{ Id: string; DeveloperName: string; NamespacePrefix: string | null }>('SELECT Id, DeveloperName, NamespacePrefix FROM PermissionSetGroup'),
  ]);
  return [
    ...sets.map((s) => ({ id: s.Id, kind: 'permissionSet' as const, name: qualifiedName(s.NamespacePrefix, s.Name) })),
    ...groups.map((g) => ({ id: g.Id, kind: 'permissionSetGroup' as const, name: qualifiedName(g.NamespacePrefix, g.DeveloperName) })),
  ];
}
