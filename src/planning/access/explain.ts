import { expandGrants, expandMutes, objectKey, parseKey } from './keys.js';
import { notAssigned } from './not-assigned.js';
import {
  type AccessInput,
  type AccessKey,
  type AccessSource,
  type AccessVerdict,
  type GroupAssignment,
  type PermissionSetModel,
  type ReasonCode,
  type SetAssignment,
} from './types.js';

const DAY_MS = 86_400_000;
const DEFAULT_EXPIRING_DAYS = 14;

/** The input with every set's grants expanded once (explaining 50 keys should not expand 40 sets 50 times). */
type Prepared = {
  input: AccessInput;
  grants: Map<PermissionSetModel, Set<AccessKey>>;
  mutes: Map<GroupAssignment, Set<AccessKey>>;
};

function prepare(input: AccessInput): Prepared {
  const grants = new Map<PermissionSetModel, Set<AccessKey>>();
  const add = (set: PermissionSetModel): void => {
    if (!grants.has(set)) grants.set(set, expandGrants(set.grants));
  };
  if (input.profile) add(input.profile.set);
  input.sets.forEach((a) => add(a.set));
  input.groups.forEach((a) => a.group.members.forEach(add));
  (input.candidates ?? []).forEach(add);
  const mutes = new Map(input.groups.map((a) => [a, expandMutes(a.group.mute?.mutes ?? [])]));
  return { input, grants, mutes };
}

/** An assignment's own reasons: expired, or (still applying) expiring soon. */
function expiryReason(expiration: string | null | undefined, input: AccessInput): Pick<AccessSource, 'applies' | 'reason' | 'expires'> | undefined {
  if (!expiration) return undefined;
  const when = Date.parse(expiration);
  if (Number.isNaN(when)) return undefined;
  const left = when - input.now.getTime();
  if (left <= 0) return { applies: false, reason: 'expired', expires: expiration };
  if (left <= (input.expiringWithinDays ?? DEFAULT_EXPIRING_DAYS) * DAY_MS) return { applies: true, reason: 'expires-soon', expires: expiration };
  return undefined;
}

function licenseMissing(set: PermissionSetModel, input: AccessInput): boolean {
  return set.licenseId !== undefined && !input.user.licenseIds.has(set.licenseId);
}

/** A reason with its detail (the mute, the date, the Status, the license). */
type Reasoned = Pick<AccessSource, 'mute' | 'expires' | 'status' | 'license'> & { reason: ReasonCode };
type Verdict = Pick<AccessSource, 'applies' | 'reason' | 'mute' | 'expires' | 'status' | 'license'>;

const stop = (reason: ReasonCode, detail: Omit<Reasoned, 'reason'> = {}): Reasoned => ({ reason, ...detail });

/** The first reason that stops a source (the checks come in REASONS order); expires-soon only when nothing stops it. */
function verdictOf(checks: Array<Reasoned | false | undefined>, soon?: Reasoned): Verdict {
  const first = checks.find((c): c is Reasoned => c !== false && c !== undefined);
  if (first) return { applies: false, ...first };
  return soon ? { applies: true, ...soon } : { applies: true };
}

function directSource(assignment: SetAssignment, p: Prepared): AccessSource {
  const { set } = assignment;
  const expiry = expiryReason(assignment.expiration, p.input);
  const verdict = verdictOf(
    [
      !p.input.user.isActive && stop('inactive-user'),
      expiry?.reason === 'expired' && stop('expired', { expires: expiry.expires }),
      licenseMissing(set, p.input) && stop('license-missing', { license: set.licenseName ?? set.licenseId }),
      set.activationRequired && stop('session-based'),
    ],
    expiry?.reason === 'expires-soon' ? stop('expires-soon', { expires: expiry.expires }) : undefined
  );
  return clean({ kind: 'permissionSet', name: set.name, ...verdict });
}

function groupSource(assignment: GroupAssignment, member: PermissionSetModel, key: AccessKey, p: Prepared): AccessSource {
  const { group } = assignment;
  const expiry = expiryReason(assignment.expiration, p.input);
  const verdict = verdictOf(
    [
      !p.input.user.isActive && stop('inactive-user'),
      expiry?.reason === 'expired' && stop('expired', { expires: expiry.expires }),
      licenseMissing(member, p.input) && stop('license-missing', { license: member.licenseName ?? member.licenseId }),
      // What a group's users hold while it is Outdated, Updating or Failed is not documented (Salesforce Help only says
      // the group is recalculated after a change and reaches Updated): unverified, so the model does not count it.
      group.status !== 'Updated' && stop('group-not-updated', { status: group.status }),
      // Inside a group only the group's own HasActivationRequired counts (Salesforce Help: Permission Set Group
      // Considerations: session-based sets in a group need no session activation for the group's users).
      group.activationRequired && stop('session-based'),
      p.mutes.get(assignment)?.has(key) === true && stop('muted', { mute: group.mute?.name }),
    ],
    expiry?.reason === 'expires-soon' ? stop('expires-soon', { expires: expiry.expires }) : undefined
  );
  return clean({ kind: 'group', name: group.name, memberSet: member.name, ...verdict });
}

/** Drops the keys left undefined, so that JSON and deep-equal comparisons see only what is said. */
function clean(source: AccessSource): AccessSource {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined)) as AccessSource;
}

/** Every held source (profile, direct sets, group members) that grants `key`, each with whether it applies. */
function heldSources(key: AccessKey, p: Prepared): AccessSource[] {
  const out: AccessSource[] = [];
  const { input } = p;
  if (input.profile && p.grants.get(input.profile.set)?.has(key)) {
    out.push(clean({ kind: 'profile', name: input.profile.name, ...verdictOf([!input.user.isActive && stop('inactive-user')]) }));
  }
  for (const assignment of input.sets) if (p.grants.get(assignment.set)?.has(key)) out.push(directSource(assignment, p));
  for (const assignment of input.groups) {
    for (const member of assignment.group.members) if (p.grants.get(member)?.has(key)) out.push(groupSource(assignment, member, key, p));
  }
  return out;
}

function explainOne(key: AccessKey, p: Prepared, objectRead: (object: string) => boolean): AccessVerdict {
  const parsed = parseKey(key);
  // A field without field permissions (Name) is readable and editable exactly when its object is.
  if (parsed?.kind === 'field' && p.input.objectFields?.has(`${parsed.object}.${parsed.field}`)) {
    return { ...explainOne(objectKey(parsed.object, parsed.access), p, objectRead), access: key };
  }
  let sources = heldSources(key, p);
  // Field access follows object access: a readable field on an object the user cannot read gives nothing.
  if (parsed?.kind === 'field' && !objectRead(parsed.object)) {
    sources = sources.map((s) => (s.applies ? { kind: s.kind, name: s.name, ...(s.memberSet ? { memberSet: s.memberSet } : {}), applies: false, reason: 'field-needs-object-read' } : s));
  }
  const granted = sources.some((s) => s.applies);
  const ordered = [...sources.filter((s) => s.applies), ...sources.filter((s) => !s.applies)];
  if (granted) return { access: key, granted, sources: ordered };
  // The quickest fix is only worth listing when nothing grants it; a field also needs its object's Read.
  const missing = notAssigned(key, p.input, (set) => p.grants.get(set));
  const verdict: AccessVerdict = { access: key, granted, sources: [...ordered, ...missing] };
  if (missing.length > 0) verdict.grantWith = missing[0].name;
  return verdict;
}

/**
 * For each asked key: granted or not, every held source that grants it (applying or not, with the reason), and
 * when nothing grants it, up to 10 sets or groups the user does not hold that would. Keys keep the asked order.
 */
export function explainAccess(input: AccessInput, keys: readonly AccessKey[]): AccessVerdict[] {
  const p = prepare(input);
  const readCache = new Map<string, boolean>();
  const objectRead = (object: string): boolean => {
    let read = readCache.get(object);
    if (read === undefined) readCache.set(object, (read = heldSources(objectKey(object, 'Read'), p).some((s) => s.applies)));
    return read;
  };
  return keys.map((key) => explainOne(key, p, objectRead));
}

/** Every key any held source grants (profile, direct sets, group members), sorted: the whole-user summary's rows. */
export function heldKeys(input: AccessInput): AccessKey[] {
  const p = prepare({ ...input, candidates: [] });
  const keys = new Set<AccessKey>();
  for (const grants of p.grants.values()) for (const key of grants) keys.add(key);
  return [...keys].sort();
}
