import { type OrgGateway } from '../../gateway/index.js';
import { qualifiedName } from '../../planning/assignment/names.js';
import { type AccessKey, mutedButGrantedElsewhere, parseKey } from '../../planning/access/index.js';
import { type MuteBypassFact } from '../../planning/audit/model.js';
import { buildInput, grantsByParent, id15, type OrgFacts } from '../explain/build-input.js';
import { type FieldRow, type GroupRow, type MuteRow, type ObjectRow, readFieldRows, readObjectRows, readSets, type SetRow } from '../explain/explain-reads.js';
import { type AuditUserRow, readUsersOfGroups } from './org-reads.js';

/** Users named per finding; the count covers them all. */
const NAMED_USERS = 10;

export type BypassInput = {
  groups: GroupRow[];
  sets: SetRow[];
  mutes: MuteRow[];
  /** The rows already read (members' and mutes'), merged with those of the muted objects read here. */
  objectRows: ObjectRow[];
  fieldRows: FieldRow[];
  permissionFields: string[];
  licenseNames: Map<string, string>;
  /** The groups to look at: those with a mute that mutes something a member grants, and active holders. */
  groupIds: string[];
  now: Date;
  expiringWithinDays: number;
};

function factsOf(input: BypassInput, extraSets: SetRow[], objectRows: ObjectRow[], fieldRows: FieldRow[]): OrgFacts {
  return {
    groups: new Map(input.groups.map((g) => [id15(g.Id), g])),
    candidateGroups: [],
    sets: new Map([...input.sets, ...extraSets].map((s) => [id15(s.Id), s])),
    mutes: new Map(input.mutes.map((m) => [id15(m.Id), m])),
    objectRows: [...input.objectRows, ...objectRows],
    fieldRows: [...input.fieldRows, ...fieldRows],
    permissionFields: input.permissionFields,
    licenseNames: input.licenseNames,
  };
}

/** The objects and fields whose rows every source of the users may carry for the muted keys. */
function mutedTargets(muted: Iterable<AccessKey>): { objects: string[]; fields: string[] } {
  const objects = new Set<string>();
  const fields = new Set<string>();
  for (const key of muted) {
    const parsed = parseKey(key);
    if (parsed?.kind === 'object') objects.add(parsed.object);
    if (parsed?.kind === 'field') fields.add(`${parsed.object}.${parsed.field}`);
  }
  return { objects: [...objects], fields: [...fields] };
}

/**
 * mute-ineffective: reads the active users of the muted groups (with their assignments and licenses), the sets they
 * hold that are not read yet (their profiles' sets), and every parent's rows on the muted objects and fields; then
 * asks the shared access model, user by user, what the mute silences that another source still grants.
 */
export async function readMuteBypasses(gateway: OrgGateway, input: BypassInput, muted: Map<string, Set<AccessKey>>): Promise<MuteBypassFact[]> {
  if (input.groupIds.length === 0) return [];
  const users = dedupe(await readUsersOfGroups(gateway, input.groupIds));
  const known = new Set(input.sets.map((s) => id15(s.Id)));
  const missing = [...new Set(users.flatMap((u) => (u.PermissionSetAssignments?.records ?? []).filter((a) => !a.PermissionSetGroupId && a.PermissionSetId).map((a) => a.PermissionSetId!)))].filter((id) => !known.has(id15(id)));
  const targets = mutedTargets([...muted.values()].flatMap((keys) => [...keys]));
  const [extraSets, objectRows, fieldRows] = await Promise.all([
    readSets(gateway, missing, input.permissionFields),
    readObjectRows(gateway, targets.objects),
    readFieldRows(gateway, targets.fields),
  ]);
  const facts = factsOf(input, extraSets, objectRows, fieldRows);
  const grants = grantsByParent(facts);
  const found = new Map<string, { users: string[]; accesses: Set<AccessKey> }>();
  for (const user of users) {
    const assignments = user.PermissionSetAssignments?.records ?? [];
    const access = buildInput(facts, { user, assignments }, { now: input.now, expiringWithinDays: input.expiringWithinDays, objectFields: [], candidates: false, grants });
    for (const groupId of input.groupIds.map(id15)) {
      const bypasses = mutedButGrantedElsewhere(access, groupId);
      if (bypasses.length === 0) continue;
      let entry = found.get(groupId);
      if (!entry) found.set(groupId, (entry = { users: [], accesses: new Set() }));
      entry.users.push(user.Username);
      for (const b of bypasses) entry.accesses.add(b.access);
    }
  }
  return [...found].map(([groupId, entry]) => {
    const group = facts.groups.get(groupId)!;
    const muteId = (group.PermissionSetGroupComponents?.records ?? []).map((c) => id15(c.PermissionSetId)).find((id) => facts.mutes.has(id));
    const mute = muteId ? facts.mutes.get(muteId) : undefined;
    return {
      group: qualifiedName(group.NamespacePrefix, group.DeveloperName),
      mute: mute ? qualifiedName(mute.NamespacePrefix, mute.DeveloperName) : '',
      users: entry.users.length,
      usernames: [...entry.users].sort().slice(0, NAMED_USERS),
      accesses: [...entry.accesses].sort(),
    };
  });
}

function dedupe(users: AuditUserRow[]): AuditUserRow[] {
  return [...new Map(users.map((u) => [u.Id, u])).values()];
}
