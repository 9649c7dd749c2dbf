import { expandGrants, expandMutes } from './keys.js';
import { type AccessKey, type Grants } from './types.js';

type Member = { name: string; grants: Grants };
type Mute = { name: string; mutes: Grants };

export type GroupGrants = {
  /** What the group gives its users: each key with the member sets that grant it (after the mute). */
  effective: Map<AccessKey, string[]>;
  /** What the mute removed: each key with the member sets whose grant it silences. */
  muted: Map<AccessKey, string[]>;
  /** The mute's own keys (as written) that no member grants: it mutes nothing there. */
  mutesNothing: AccessKey[];
};

/**
 * A group's grants = the union of its member sets' grants minus its mute (Salesforce Help: Permission Set Groups,
 * "Muting Permission Sets": a mute disables the permission in that group only). Computed from the members, never
 * from the group's aggregate set, whose rows are not documented to reflect the mute.
 */
export function groupGrants(members: readonly Member[], mute?: Mute): GroupGrants {
  const silenced = mute ? expandMutes(mute.mutes) : new Set<AccessKey>();
  const effective = new Map<AccessKey, string[]>();
  const muted = new Map<AccessKey, string[]>();
  const granted = new Set<AccessKey>();
  for (const member of members) {
    for (const key of expandGrants(member.grants)) {
      granted.add(key);
      const target = silenced.has(key) ? muted : effective;
      const names = target.get(key);
      if (names) names.push(member.name);
      else target.set(key, [member.name]);
    }
  }
  const mutesNothing = mute ? [...mute.mutes].filter((key) => !granted.has(key)) : [];
  return { effective, muted, mutesNothing };
}
