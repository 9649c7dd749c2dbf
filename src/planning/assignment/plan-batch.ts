import { expirationDecision, expirationNotAllowed } from './expiration.js';
import { isBlocker } from './names.js';
import { type SeatLedger } from './seat-ledger.js';
import {
  type Blocker,
  type DesiredRow,
  type ExistingAssignment,
  type GroupInfo,
  type NoExpiryGrant,
  type PermissionSetInfo,
  type RowWarning,
  type UserInfo,
} from './types.js';

/** Everything the org said about one batch of rows, keyed for lookups. */
export type BatchState = {
  /** By lower-cased username and by 15- and 18-character Id. */
  users: ReadonlyMap<string, UserInfo>;
  /** By requested name as given. */
  permissionSets: ReadonlyMap<string, PermissionSetInfo | Blocker>;
  groups: ReadonlyMap<string, GroupInfo | Blocker>;
  /** By `${assigneeId}:${targetId}`. */
  existing: ReadonlyMap<string, ExistingAssignment>;
  /** `${assigneeId}:${pslId}` for every PSL the batch's users hold. */
  pslHoldings: ReadonlySet<string>;
  /** Rows that contradict another row of the input (index -> the other row's index). */
  conflicts: ReadonlyMap<number, number>;
  /** Now, in epoch milliseconds: expirations must lie after it. */
  now: number;
};

export type RowPlan = {
  row: DesiredRow;
  user?: UserInfo;
  targetId?: string;
  targetName: string;
  action: 'create' | 'update' | 'unchanged' | 'blocked';
  blocker?: Blocker;
  /** The existing assignment, for update and unchanged. */
  assignmentId?: string;
  /** ExpirationDate to write (create/update); null clears it. */
  expiration?: string | null;
  /** PSL seats this row's group assignment needs created first (`${assigneeId}:${pslId}`). */
  pslPrerequisites: string[];
  /** For rows that hold (or would): what the user must know, e.g. SESSION_BASED. */
  warnings?: RowWarning[];
};

export type BatchPlan = {
  rows: RowPlan[];
  /** PermissionSetLicenseAssign rows to create before the assignments, deduplicated. */
  pslAssignments: Array<{ assigneeId: string; pslId: string }>;
};

type Target = {
  id: string;
  name: string;
  licenseIds: string[];
  pslIds: string[];
  autoPsl: boolean;
  group?: GroupInfo;
  noExpiry?: NoExpiryGrant;
  sessionBased: boolean;
};

/**
 * Plans one batch: for each desired row, create, update (expiration), leave unchanged, or block with a reason.
 * Rows are decided in input order so that scarce PSL seats go to the earliest rows. `seats` and `held` carry over
 * between batches of the same run.
 */
export function planBatch(rows: readonly DesiredRow[], state: BatchState, seats: SeatLedger, held: Set<string>): BatchPlan {
  const plans: RowPlan[] = [];
  const pslAssignments: Array<{ assigneeId: string; pslId: string }> = [];
  const plannedPairs = new Map<string, RowPlan>();
  for (const row of rows) {
    const plan = planRow(row, state, seats, held, plannedPairs);
    plans.push(plan);
    for (const key of plan.pslPrerequisites) {
      const [assigneeId, pslId] = key.split(':');
      pslAssignments.push({ assigneeId, pslId });
    }
  }
  return { rows: plans, pslAssignments };
}

function planRow(
  row: DesiredRow,
  state: BatchState,
  seats: SeatLedger,
  held: Set<string>,
  plannedPairs: Map<string, RowPlan>
): RowPlan {
  const base = { row, targetName: row.target, pslPrerequisites: [] as string[] };
  const block = (blocker: Blocker, extra: Partial<RowPlan> = {}): RowPlan => ({ ...base, ...extra, action: 'blocked', blocker });
  const user = state.users.get(row.user.toLowerCase()) ?? state.users.get(row.user);
  if (!user) return block({ reason: 'UNKNOWN_USER', tokens: [row.user] });
  const target = targetOf(row, state);
  if (isBlocker(target)) return block(target, { user });
  const known = { user, targetId: target.id, targetName: target.name, ...warningsOf(target) };
  const conflictWith = state.conflicts.get(row.index);
  if (conflictWith !== undefined) return block({ reason: 'CONFLICTING_ROWS', tokens: [String(conflictWith)] }, known);

  const pairKey = `${user.id}:${target.id}`;
  const earlier = plannedPairs.get(pairKey);
  if (earlier) return { ...base, ...known, action: earlier.action === 'blocked' ? 'blocked' : 'unchanged', blocker: earlier.blocker };

  const existing = state.existing.get(pairKey);
  const expiry = expirationDecision(row.expiration, existing?.expirationDate ?? null, state.now);
  if (expiry.blocker) return block(expiry.blocker, known);
  if (existing && !expiry.change) {
    return remember(plannedPairs, pairKey, { ...base, ...known, action: 'unchanged', assignmentId: existing.id });
  }
  const writeBlocker = checkWritable(user, target, !existing, expiry.value);
  if (writeBlocker) return remember(plannedPairs, pairKey, block(writeBlocker, known));
  if (existing) {
    return remember(plannedPairs, pairKey, { ...base, ...known, action: 'update', assignmentId: existing.id, expiration: expiry.value });
  }
  const seatBlocker = takeSeats(user, target, seats, state.pslHoldings, held);
  if (seatBlocker.blocker) return remember(plannedPairs, pairKey, block(seatBlocker.blocker, known));
  return remember(plannedPairs, pairKey, {
    ...base,
    ...known,
    action: 'create',
    expiration: expiry.value,
    pslPrerequisites: seatBlocker.prerequisites,
  });
}

function remember(planned: Map<string, RowPlan>, key: string, plan: RowPlan): RowPlan {
  planned.set(key, plan);
  return plan;
}

function targetOf(row: DesiredRow, state: BatchState): Target | Blocker {
  if (row.kind === 'permissionSet') {
    const ps = state.permissionSets.get(row.target) ?? { reason: 'UNKNOWN_PERMISSION_SET' as const, tokens: [row.target] };
    if (isBlocker(ps)) return ps;
    const licenseIds = ps.licenseId?.startsWith('100') ? [ps.licenseId] : [];
    const pslIds = ps.licenseId?.startsWith('0PL') ? [ps.licenseId] : [];
    return { id: ps.id, name: ps.name, licenseIds, pslIds, autoPsl: true, noExpiry: ps.noExpiry, sessionBased: ps.sessionBased === true };
  }
  const group = state.groups.get(row.target) ?? { reason: 'UNKNOWN_GROUP' as const, tokens: [row.target] };
  if (isBlocker(group)) return group;
  return {
    id: group.id,
    name: group.name,
    licenseIds: group.requiredUserLicenseIds,
    pslIds: group.requiredPslIds,
    autoPsl: false,
    group,
    noExpiry: group.noExpiry,
    sessionBased: group.sessionBased === true,
  };
}

/** A session-based target's rows say so (they hold, but their access needs activation in a session). */
function warningsOf(target: Target): Pick<RowPlan, 'warnings'> {
  return target.sessionBased ? { warnings: ['SESSION_BASED'] } : {};
}

/** Checks that Salesforce would refuse a write for, made before writing (`expiration`: the value to write). */
function checkWritable(user: UserInfo, target: Target, creating: boolean, expiration: string | null): Blocker | undefined {
  if (expiration !== null && target.noExpiry) return expirationNotAllowed({ name: target.name, group: target.group !== undefined }, target.noExpiry);
  if (!user.isActive) return { reason: 'INACTIVE_USER', tokens: [user.username] };
  const mismatch = target.licenseIds.find((id) => id !== user.userLicenseId);
  if (mismatch) return { reason: 'LICENSE_MISMATCH', tokens: [user.username, target.name] };
  if (creating && target.group?.status === 'Failed') return { reason: 'GROUP_FAILED', tokens: [target.name] };
  if (creating && target.group && target.group.status !== 'Updated') {
    return { reason: 'GROUP_NOT_UPDATED', tokens: [target.name, target.group.status] };
  }
  return undefined;
}

/**
 * Seats for the PSLs the target needs and the user does not hold yet. A permission set's PSL is assigned by
 * Salesforce itself with the assignment; a group's are not, so they become prerequisites the run creates first.
 */
function takeSeats(
  user: UserInfo,
  target: Target,
  seats: SeatLedger,
  holdings: ReadonlySet<string>,
  held: Set<string>
): { blocker?: Blocker; prerequisites: string[] } {
  const missing = target.pslIds.filter((pslId) => {
    const key = `${user.id}:${pslId}`;
    return !holdings.has(key) && !held.has(key);
  });
  const short = seats.take(missing);
  if (short.length > 0) {
    const names = short.map((id) => seats.license(id)?.name ?? id).join(', ');
    return { blocker: { reason: 'PSL_SEATS_EXHAUSTED', tokens: [names, target.name] }, prerequisites: [] };
  }
  const keys = missing.map((pslId) => `${user.id}:${pslId}`);
  for (const key of keys) held.add(key);
  return { prerequisites: target.autoPsl ? [] : keys };
}
