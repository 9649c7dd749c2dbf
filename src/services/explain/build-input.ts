import { qualifiedName } from '../../planning/assignment/names.js';
import {
  type AccessInput,
  type AccessKey,
  fieldRowKeys,
  type GroupModel,
  type MuteModel,
  objectRowKeys,
  type PermissionSetModel,
  permissionOfField,
  systemKey,
} from '../../planning/access/index.js';
import { type AssignmentRow, type FieldRow, type GroupRow, type MuteRow, type ObjectRow, type SetRow, type UserRow } from './explain-reads.js';

/** Ids compared by their first 15 characters: the org answers 18, references and inputs may carry 15. */
export const id15 = (id: string): string => id.slice(0, 15);

/** What was read from the org, shared by both users of a --compare-user run. */
export type OrgFacts = {
  groups: Map<string, GroupRow>;
  /** Groups the users may not hold that contain a set granting an asked object or field access. */
  candidateGroups: GroupRow[];
  sets: Map<string, SetRow>;
  mutes: Map<string, MuteRow>;
  objectRows: ObjectRow[];
  fieldRows: FieldRow[];
  permissionFields: string[];
  licenseNames: Map<string, string>;
};

export type UserFacts = { user: UserRow; assignments: AssignmentRow[] };

/** Each parent's (set's or mute's) access keys, from its rows and its Permissions* fields. */
export function grantsByParent(facts: OrgFacts): Map<string, Set<AccessKey>> {
  const grants = new Map<string, Set<AccessKey>>();
  const add = (parentId: string, keys: AccessKey[]): void => {
    const id = id15(parentId);
    let set = grants.get(id);
    if (!set) grants.set(id, (set = new Set()));
    for (const key of keys) set.add(key);
  };
  for (const row of facts.objectRows) add(row.ParentId, objectRowKeys(row.SobjectType, row));
  for (const row of facts.fieldRows) add(row.ParentId, fieldRowKeys(row.Field, row));
  for (const record of [...facts.sets.values(), ...facts.mutes.values()]) {
    add(record.Id, facts.permissionFields.filter((f) => record[f] === true).map((f) => systemKey(permissionOfField(f) ?? f)));
  }
  return grants;
}

function setModel(row: SetRow, grants: Map<string, Set<AccessKey>>, licenseNames: Map<string, string>): PermissionSetModel {
  const license = row.LicenseId ? id15(row.LicenseId) : undefined;
  return {
    id: id15(row.Id),
    name: qualifiedName(row.NamespacePrefix, row.Name),
    activationRequired: row.HasActivationRequired === true,
    ...(license ? { licenseId: license, licenseName: licenseNames.get(license) ?? row.LicenseId ?? license } : {}),
    grants: grants.get(id15(row.Id)) ?? new Set(),
  };
}

function groupModel(row: GroupRow, facts: OrgFacts, grants: Map<string, Set<AccessKey>>): GroupModel {
  const members: PermissionSetModel[] = [];
  let mute: MuteModel | undefined;
  for (const { PermissionSetId } of row.PermissionSetGroupComponents?.records ?? []) {
    const set = facts.sets.get(id15(PermissionSetId));
    const muteRow = facts.mutes.get(id15(PermissionSetId));
    if (set) members.push(setModel(set, grants, facts.licenseNames));
    else if (muteRow) mute = { id: id15(muteRow.Id), name: qualifiedName(muteRow.NamespacePrefix, muteRow.DeveloperName), mutes: grants.get(id15(muteRow.Id)) ?? new Set() };
    // A candidate group's mute is not read by name, but its rows on the asked objects are among those read.
    else if (PermissionSetId.startsWith('0QM')) mute = { id: id15(PermissionSetId), name: PermissionSetId, mutes: grants.get(id15(PermissionSetId)) ?? new Set() };
  }
  return {
    id: id15(row.Id),
    name: qualifiedName(row.NamespacePrefix, row.DeveloperName),
    status: row.Status,
    activationRequired: row.HasActivationRequired === true,
    members,
    ...(mute ? { mute } : {}),
  };
}

/** The access model's input for one user; `candidates` are the assignable sets whose rows were read. */
export function buildInput(
  facts: OrgFacts,
  userFacts: UserFacts,
  options: { now: Date; expiringWithinDays: number; objectFields: string[]; candidates: boolean; grants?: Map<string, Set<AccessKey>> }
): AccessInput {
  // The audit builds inputs for many users over the same facts: it passes the grants computed once.
  const grants = options.grants ?? grantsByParent(facts);
  const { user, assignments } = userFacts;
  const input: AccessInput = {
    user: {
      id: user.Id,
      username: user.Username,
      isActive: user.IsActive,
      licenseIds: new Set([...(user.Profile ? [id15(user.Profile.UserLicenseId)] : []), ...(user.PermissionSetLicenseAssignments?.records ?? []).map((r) => id15(r.PermissionSetLicenseId))]),
    },
    sets: [],
    groups: [],
    objectFields: new Set(options.objectFields),
    now: options.now,
    expiringWithinDays: options.expiringWithinDays,
  };
  for (const assignment of assignments) {
    if (assignment.PermissionSetGroupId) {
      const group = facts.groups.get(id15(assignment.PermissionSetGroupId));
      if (group) input.groups.push({ group: groupModel(group, facts, grants), expiration: assignment.ExpirationDate });
      continue;
    }
    const set = assignment.PermissionSetId ? facts.sets.get(id15(assignment.PermissionSetId)) : undefined;
    if (!set) continue;
    if (set.IsOwnedByProfile) input.profile = { name: user.Profile?.Name ?? set.Name, set: setModel(set, grants, facts.licenseNames) };
    else input.sets.push({ set: setModel(set, grants, facts.licenseNames), expiration: assignment.ExpirationDate });
  }
  if (options.candidates) {
    input.candidates = [...facts.sets.values()].filter((s) => !s.IsOwnedByProfile && !s.PermissionSetGroupId).map((s) => setModel(s, grants, facts.licenseNames));
    input.candidateGroups = facts.candidateGroups.map((g) => groupModel(g, facts, grants));
  }
  return input;
}
