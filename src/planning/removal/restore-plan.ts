import { isBlocker } from '../assignment/names.js';
import { SeatLedger } from '../assignment/seat-ledger.js';
import { type Blocker, type GroupStatus } from '../assignment/types.js';
import { type RemovalSnapshot, type RemovedAssignment, type RemovedLicenseAssignment } from './types.js';

/**
 * Pure planning of `permset restore` for a removal backup (unassign, sync, reclaim): the backed-up rows and what
 * the org holds now -> for each row, create it or say why not. Seats come first (a group's assignee must already
 * hold the licenses its member sets need), then assignments; scarce seats go to rows in backup order. Whatever the
 * org already holds is `present`, so a rerun plans nothing.
 */

export type RestoreStepAction =
  | 'create'
  | 'present'
  | 'userMissing'
  | 'userInactive'
  | 'targetMissing'
  | 'expired'
  | 'seatsExhausted'
  | 'groupNotUpdated'
  | 'licenseMissing'
  | 'licenseNotHeld';

export type RestoreUser = { id: string; username: string; isActive: boolean };

/** A permission set or group as the org has it now; `pslIds`: the permission set licenses it needs. */
export type RestoreTarget = { id: string; name: string; pslIds: readonly string[] };

export type RestoreLicense = { id: string; name: string; total: number; used: number; active: boolean };

/** Found by Id (as the org returns it, either length), or by API name as the backup spells it (a name lookup's misses are Blockers). */
export type Lookup<T> = { byId: ReadonlyMap<string, T>; byName: ReadonlyMap<string, T | Blocker> };

export type RestoreOrgState = {
  /** By 18- and 15-character Id. */
  users: ReadonlyMap<string, RestoreUser>;
  permissionSets: Lookup<RestoreTarget>;
  groups: Lookup<RestoreTarget>;
  /** byName keyed by lower-cased DeveloperName. */
  licenses: Lookup<RestoreLicense>;
  /** Current group Id -> Status. */
  groupStatuses: ReadonlyMap<string, GroupStatus>;
  /** `${userId}:${targetId}` of the assignments the org holds now (the group's Id for a group assignment). */
  assignments: ReadonlySet<string>;
  /** `${userId}:${licenseId}` of the seats the org holds now. */
  seats: ReadonlySet<string>;
  /** Epoch milliseconds: an expiration at or before it has passed. */
  now: number;
};

/** One step of the plan; `tokens` are the values its message needs. */
export type SeatStep = { row: RemovedLicenseAssignment; action: RestoreStepAction; tokens: string[]; user?: RestoreUser; license?: RestoreLicense };
export type AssignmentStep = { row: RemovedAssignment; action: RestoreStepAction; tokens: string[]; user?: RestoreUser; target?: RestoreTarget };
export type RestorePlan = { seats: SeatStep[]; assignments: AssignmentStep[] };

/** By Id first, then by name: a set, group or license recreated since the backup has a new Id but the same name. */
export function resolve<T>(lookup: Lookup<T>, id: string, name: string): T | undefined {
  const found = lookup.byId.get(id) ?? lookup.byId.get(id.slice(0, 15));
  if (found) return found;
  const named = lookup.byName.get(name) ?? lookup.byName.get(name.toLowerCase());
  return named === undefined || isBlocker(named) ? undefined : named;
}

export function targetLookup(state: Pick<RestoreOrgState, 'permissionSets' | 'groups'>, row: RemovedAssignment): Lookup<RestoreTarget> {
  return row.kind === 'permissionSet' ? state.permissionSets : state.groups;
}

export function planRestore(removed: RemovalSnapshot, state: RestoreOrgState): RestorePlan {
  const ledger = new SeatLedger([...new Set(state.licenses.byId.values())].map((l) => ({ id: l.id, name: l.name, total: l.total, used: l.active ? l.used : l.total })));
  // Seats the users hold once the plan's seat creates are done: what an assignment may rely on.
  const held = new Set(state.seats);
  const seats = removed.licenseAssignments.map((row) => planSeat(row, state, ledger, held));
  const planned = new Set<string>();
  const assignments = removed.assignments.map((row) => planAssignment(row, state, ledger, held, planned));
  return { seats, assignments };
}

function userOf(state: RestoreOrgState, id: string): RestoreUser | undefined {
  return state.users.get(id) ?? state.users.get(id.slice(0, 15));
}

function planSeat(row: RemovedLicenseAssignment, state: RestoreOrgState, ledger: SeatLedger, held: Set<string>): SeatStep {
  const user = userOf(state, row.assigneeId);
  if (!user) return { row, action: 'userMissing', tokens: [row.username, row.assigneeId] };
  const license = resolve(state.licenses, row.licenseId, row.licenseName);
  if (!license) return { row, action: 'licenseMissing', tokens: [row.licenseName], user };
  const known = { row, user, license };
  const key = `${user.id}:${license.id}`;
  // Held now, or given back by an earlier row of this backup (a file extended by a rerun lists a pair twice).
  if (held.has(key)) return { ...known, action: 'present', tokens: [] };
  if (!user.isActive) return { ...known, action: 'userInactive', tokens: [user.username] };
  if (ledger.take([license.id]).length > 0) return { ...known, action: 'seatsExhausted', tokens: seatTokens(license) };
  held.add(key);
  return { ...known, action: 'create', tokens: [] };
}

function planAssignment(row: RemovedAssignment, state: RestoreOrgState, ledger: SeatLedger, held: Set<string>, planned: Set<string>): AssignmentStep {
  const user = userOf(state, row.assigneeId);
  if (!user) return { row, action: 'userMissing', tokens: [row.username, row.assigneeId] };
  const target = resolve(targetLookup(state, row), row.targetId, row.targetName);
  if (!target) return { row, action: 'targetMissing', tokens: [row.targetName], user };
  const known = { row, user, target };
  const key = `${user.id}:${target.id}`;
  if (state.assignments.has(key) || planned.has(key)) return { ...known, action: 'present', tokens: [] };
  const blocked = blockerOf(row, user, target, state) ?? licenseBlocker(row, user, target, state, ledger, held);
  if (blocked) return { ...known, ...blocked };
  planned.add(key);
  return { ...known, action: 'create', tokens: [] };
}

type Refusal = { action: RestoreStepAction; tokens: string[] };

/** What Salesforce would refuse, or what would make the assignment pointless, checked before any write. */
function blockerOf(row: RemovedAssignment, user: RestoreUser, target: RestoreTarget, state: RestoreOrgState): Refusal | undefined {
  if (!user.isActive) return { action: 'userInactive', tokens: [user.username] };
  // It would have ended by now anyway, and Salesforce refuses an ExpirationDate in the past.
  if (row.expirationDate && Date.parse(row.expirationDate) <= state.now) return { action: 'expired', tokens: [row.expirationDate] };
  const status = row.kind === 'permissionSetGroup' ? state.groupStatuses.get(target.id) : undefined;
  if (status && status !== 'Updated') return { action: 'groupNotUpdated', tokens: [target.name, status] };
  return undefined;
}

/**
 * The licenses the target needs and the user will not hold. A permission set's license Salesforce assigns itself
 * with the assignment, so it takes a free seat (none left: seatsExhausted); a group's it does not, so its assignee
 * must hold them already (licenseNotHeld: this backup does not give them back, or could not).
 */
function licenseBlocker(row: RemovedAssignment, user: RestoreUser, target: RestoreTarget, state: RestoreOrgState, ledger: SeatLedger, held: Set<string>): Refusal | undefined {
  const missing = target.pslIds.filter((id) => !held.has(`${user.id}:${id}`));
  if (missing.length === 0) return undefined;
  const names = missing.map((id) => ledger.license(id)?.name ?? id).join(', ');
  if (row.kind === 'permissionSetGroup') return { action: 'licenseNotHeld', tokens: [names, target.name] };
  const short = ledger.take(missing);
  if (short.length > 0) {
    const license = resolve(state.licenses, short[0], '');
    return { action: 'seatsExhausted', tokens: license ? seatTokens(license) : [names, '0', '0', 'unknown'] };
  }
  for (const id of missing) held.add(`${user.id}:${id}`);
  return undefined;
}

/** Name, seats, seats in use before this restore, and Active or Disabled (a disabled license gives no seat at all). */
function seatTokens(license: RestoreLicense): string[] {
  return [license.name, String(license.total), String(license.used), license.active ? 'Active' : 'Disabled'];
}

/** A row ends well when it is (or would be) created, is there already, or had expired anyway (as `psg restore` counts it). */
export function restoreHolds(action: string): boolean {
  return ['create', 'created', 'toCreate', 'present', 'expired'].includes(action);
}
