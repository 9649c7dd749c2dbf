import { explainAccess } from './explain.js';
import { groupGrants } from './group-grants.js';
import { type AccessInput, type AccessKey, type AccessSource } from './types.js';

export type MuteBypass = { access: AccessKey; grantedBy: AccessSource[] };

/**
 * For the audit's `mute-ineffective`: the accesses the group's mute silences for this user that the user still
 * gets from another applying source (profile, a direct set, another group), with those sources. Empty when the
 * user does not hold the group or the mute silences nothing the group's members grant.
 */
export function mutedButGrantedElsewhere(input: AccessInput, groupId: string): MuteBypass[] {
  const held = input.groups.find((a) => a.group.id === groupId);
  if (!held?.group.mute) return [];
  const muted = [...groupGrants(held.group.members, held.group.mute).muted.keys()];
  const otherwise = explainAccess({ ...input, candidates: [] }, muted);
  return otherwise
    .map((verdict) => ({ access: verdict.access, grantedBy: verdict.sources.filter((s) => s.applies && !(s.kind === 'group' && s.name === held.group.name)) }))
    .filter((bypass) => bypass.grantedBy.length > 0);
}
