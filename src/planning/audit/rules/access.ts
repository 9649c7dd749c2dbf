import { groupGrants, systemKey } from '../../access/index.js';
import { type Catalog, definitionOf, memberSetsOf, mutesOf } from '../catalog.js';
import { type Draft } from '../findings.js';
import { grantsOf } from '../grants.js';
import { type GroupDef, type MuteDef } from '../model.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

/** The system permissions that let a user change everyone's access or the org itself (the list). */
export const HIGH_RISK_PERMISSIONS = ['ModifyAllData', 'ViewAllData', 'ManageUsers', 'AssignPermissionSets', 'CustomizeApplication', 'AuthorApex'];

/** A group's members and mute as the access model takes them (one mute: a second one is mute-limit's error). */
function grantsInput(catalog: Catalog, group: GroupDef, mute?: MuteDef): ReturnType<typeof groupGrants> {
  const members = memberSetsOf(catalog, group).map((s) => ({ name: s.name, grants: grantsOf(s) }));
  return groupGrants(members, mute ? { name: mute.name, mutes: grantsOf(mute) } : undefined);
}

/** The line where the group lists `name` (its first listing), else the group's own line. */
function lineOf(group: GroupDef, refs: GroupDef['members'], name: string): number | undefined {
  return refs.find((r) => r.name === name)?.line ?? group.line;
}

/**
 * A mute's keys that no member grants. Only judged when every member is defined in the model: a set that lives
 * elsewhere (another package, an unresolved name) may grant what the mute mutes.
 */
export const muteMutesNothing: RuleCheck = (catalog) =>
  catalog.model.groups.flatMap((group) => {
    const allDefined = group.members.every((ref) => definitionOf(catalog, catalog.setsByName, ref.name) !== undefined);
    if (!allDefined) return [];
    return mutesOf(catalog, group).flatMap((mute): Draft[] => {
      const { mutesNothing } = grantsInput(catalog, group, mute);
      if (mutesNothing.length === 0) return [];
      const keys = [...mutesNothing].sort();
      return [at(group, { line: lineOf(group, group.mutes, mute.name), tokens: [group.name, mute.name, keys.join(', ')], key: `${group.name}/${mute.name}` })];
    });
  });

/** A high-risk system permission the group still grants after its mute, naming the member sets that grant it. */
export const highRiskPermission: RuleCheck = (catalog) =>
  catalog.model.groups.flatMap((group) => {
    const mutes = mutesOf(catalog, group);
    // Were there two mutes (mute-limit), each silences its keys: subtract them together.
    const mute = mutes.length > 1 ? { ...mutes[0], grants: new Set(mutes.flatMap((m) => [...grantsOf(m)])) } : mutes[0];
    const { effective } = grantsInput(catalog, group, mute);
    return HIGH_RISK_PERMISSIONS.flatMap((permission): Draft[] => {
      const members = effective.get(systemKey(permission));
      if (!members) return [];
      return [at(group, { line: lineOf(group, group.members, members[0]), tokens: [group.name, permission, members.join(', ')], key: `${group.name}/${permission}` })];
    });
  });
