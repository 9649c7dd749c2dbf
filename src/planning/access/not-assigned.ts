import { groupGrants } from './group-grants.js';
import { parseKey } from './keys.js';
import { type AccessInput, type AccessKey, type AccessSource, type PermissionSetModel } from './types.js';

const CAP = 10;

type Candidate = { source: AccessSource; size: number };

/**
 * The quickest fixes for an access nothing grants: sets the user holds neither directly nor through a group, and
 * Updated groups the user does not hold whose members grant it after the group's mute (for object and field
 * accesses; a group's system permissions are not read for candidates). Smallest first — fewest grants among
 * those loaded — then by name; at most 10.
 */
export function notAssigned(key: AccessKey, input: AccessInput, grantsOf: (set: PermissionSetModel) => ReadonlySet<AccessKey> | undefined): AccessSource[] {
  const heldSets = new Set<string>([...input.sets.map((a) => a.set.id), ...input.groups.flatMap((a) => a.group.members.map((m) => m.id))]);
  const heldGroups = new Set(input.groups.map((a) => a.group.id));
  const candidates: Candidate[] = [];
  for (const set of input.candidates ?? []) {
    const grants = grantsOf(set);
    if (!heldSets.has(set.id) && grants?.has(key)) candidates.push({ source: { kind: 'permissionSet', name: set.name, applies: false, reason: 'not-assigned' }, size: grants.size });
  }
  if (parseKey(key)?.kind !== 'system') {
    for (const group of input.candidateGroups ?? []) {
      if (heldGroups.has(group.id) || group.status !== 'Updated') continue;
      const { effective } = groupGrants(group.members, group.mute);
      const members = effective.get(key);
      if (members) candidates.push({ source: { kind: 'group', name: group.name, memberSet: members[0], applies: false, reason: 'not-assigned' }, size: effective.size });
    }
  }
  return candidates
    .sort((a, b) => a.size - b.size || a.source.name.localeCompare(b.source.name))
    .slice(0, CAP)
    .map((c) => c.source);
}
