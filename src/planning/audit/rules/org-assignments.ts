import { distinctNames } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type GroupDef, type SetDef } from '../model.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

/** Groups and sets the org gave holder counts for (an org model gives them to every one). */
const counted = <T extends GroupDef | SetDef>(defs: T[]): Array<T & { holders: NonNullable<T['holders']> }> =>
  defs.filter((d): d is T & { holders: NonNullable<T['holders']> } => d.holders !== undefined);

export const groupUnassigned: RuleCheck = ({ model }) => counted(model.groups).filter((g) => g.holders.active === 0).map((g) => at(g));

/** A set no active user holds: not directly, and not through any group that lists it. */
export const setUnassigned: RuleCheck = ({ model }) => {
  const heldThroughGroups = new Set(counted(model.groups).filter((g) => g.holders.active > 0).flatMap((g) => distinctNames(g.members)));
  return counted(model.sets)
    .filter((s) => s.holders.active === 0 && !heldThroughGroups.has(s.name))
    .map((s) => at(s));
};

export const assignedToInactive: RuleCheck = ({ model }) =>
  [...counted(model.groups), ...counted(model.sets)].filter((d) => d.holders.inactive > 0).map((d) => at(d, { tokens: [d.name, String(d.holders.inactive)] }));

export const expiringSoon: RuleCheck = ({ model }, settings) =>
  [...counted(model.groups), ...counted(model.sets)]
    .filter((d) => d.holders.expiringSoon > 0)
    .map((d) => at(d, { tokens: [d.name, String(d.holders.expiringSoon), String(settings.expiringWithinDays)] }));

/** Session-based sets (and groups) held by active users: their access needs a session activation first. */
export const sessionBasedAssigned: RuleCheck = ({ model }) =>
  [...counted(model.groups), ...counted(model.sets)]
    .filter((d) => d.hasActivationRequired === true && d.holders.active > 0)
    .map((d) => at(d, { tokens: [d.name, String(d.holders.active)] }));

export const redundantAssignment: RuleCheck = ({ model }) =>
  (model.org?.redundant ?? []).flatMap((r): Draft[] => {
    const group = model.groups.find((g) => g.name === r.group);
    return group ? [at(group, { tokens: [String(r.users), r.group, r.sets.join(', ')] })] : [];
  });

export const muteIneffective: RuleCheck = ({ model }) =>
  (model.org?.muteBypasses ?? []).flatMap((b): Draft[] => {
    const group = model.groups.find((g) => g.name === b.group);
    if (!group) return [];
    return [at(group, { tokens: [b.group, b.mute, String(b.users), b.accesses.join(', '), b.usernames.join(', ')], users: b.usernames, key: `${b.group}/${b.mute}` })];
  });
