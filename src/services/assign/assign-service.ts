import { type OrgGateway } from '../../gateway/index.js';
import { planBatch, type BatchPlan, type BatchState } from '../../planning/assignment/plan-batch.js';
import { SeatLedger } from '../../planning/assignment/seat-ledger.js';
import { isBlocker } from '../../planning/assignment/names.js';
import { type DesiredRow, type GroupInfo, type Blocker, type PermissionSetInfo } from '../../planning/assignment/types.js';
import { assignNeeds, type UserPermission } from '../../planning/preflight/permissions.js';
import { waitForGroups } from '../group-status-waiter.js';
import { requirePermissions } from '../preflight.js';
import { executePlan } from './execute-plan.js';
import { readExistingAssignments, readGroups, readPermissionSets, readPslHoldings, readPsls, readUsers } from './org-reads.js';
import { toResults, type Describe } from './to-results.js';
import { summarize, type AssignResult, type AssignSummary, type AssignmentResult } from './results.js';

/** Desired rows, readable in batches, with what a first pass over the input learnt. */
export type AssignmentSource = {
  permissionSets: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  /** Rows contradicting another row (two expirations for one pair): index -> other index. */
  conflicts: ReadonlyMap<number, number>;
  batches(): AsyncIterable<DesiredRow[]>;
};

export type AssignEvents = {
  /** Writes done so far in the current batch, and the batch's total. */
  onWrite?: (done: number, total: number) => void;
  onGroupStatus?: (group: string, status: string) => void;
  onBatch?: (rowsSoFar: number) => void;
};

export type AssignOptions = {
  dryRun: boolean;
  /** How long to wait, in all, for requested groups that are still recalculating. */
  waitMs: number;
  describe: Describe;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  events?: AssignEvents;
};

export type RunState = {
  permissionSets: Map<string, PermissionSetInfo | Blocker>;
  groups: Map<string, GroupInfo | Blocker>;
  seats: SeatLedger;
  held: Set<string>;
  waitDeadline: number;
  waited: Set<string>;
  seatsAssigned: number;
  /** What the running user must hold for this run's writes; emptied once the preflight has passed. */
  needs: UserPermission[];
};

/**
 * `permset assign` as a workflow: resolve every name once, then per batch of rows read the users, their
 * existing assignments and PSL seats, plan (pure), check the running user's permissions before the first write,
 * and write only the difference.
 */
export async function assignPermissions(gateway: OrgGateway, source: AssignmentSource, options: AssignOptions): Promise<AssignResult> {
  const now = options.now ?? Date.now;
  const run = await resolveTargets(gateway, source, now() + options.waitMs);
  const results: AssignmentResult[] = [];
  for await (const rows of source.batches()) {
    const state = await readBatchState(gateway, rows, run, source.conflicts, now());
    const plan = await planWithWaits(gateway, rows, state, run, options);
    if (!options.dryRun && writesIn(plan) > 0) await preflight(gateway, run);
    const written = options.dryRun
      ? { answers: new Map(), seatsAssigned: 0 }
      : await executePlan(gateway, plan, (done) => options.events?.onWrite?.(done, writesIn(plan)));
    run.seatsAssigned += written.seatsAssigned;
    results.push(...toResults(plan, written.answers, options));
    options.events?.onBatch?.(results.length);
  }
  return { summary: summaryOf(gateway, run, results, options.dryRun), assignments: results };
}

/** The run's summary: the rows' counts, the seats assigned and missing, and the requests sent. */
export function summaryOf(gateway: OrgGateway, run: RunState, results: readonly AssignmentResult[], dryRun: boolean): AssignSummary {
  const shortfalls = run.seats.shortfalls().map(({ psl, missing }) => ({ license: psl.name, free: Math.max(0, psl.total - psl.used), missing }));
  return summarize(results, { dryRun, licenseSeatsAssigned: run.seatsAssigned, licenseShortfalls: shortfalls, requests: { ...gateway.stats } });
}

export async function resolveTargets(gateway: OrgGateway, source: AssignmentSource, waitDeadline: number): Promise<RunState> {
  const [permissionSets, groups] = await Promise.all([
    readPermissionSets(gateway, source.permissionSets),
    readGroups(gateway, source.groups),
  ]);
  const pslIds = new Set<string>();
  for (const ps of permissionSets.values()) if (!isBlocker(ps) && ps.licenseId?.startsWith('0PL')) pslIds.add(ps.licenseId);
  for (const g of groups.values()) if (!isBlocker(g)) g.requiredPslIds.forEach((id) => pslIds.add(id));
  const seats = new SeatLedger(await readPsls(gateway, [...pslIds]));
  const needs = assignNeeds({ pslSeatsPossible: [...groups.values()].some((g) => !isBlocker(g) && g.requiredPslIds.length > 0) });
  return { permissionSets, groups, seats, held: new Set(), waitDeadline, waited: new Set(), seatsAssigned: 0, needs };
}

/**
 * Before the run's first write (and only if it has one: a rerun with nothing to do sends no extra request), the
 * running user's own permissions are read once; a missing one stops the run with nothing written. What the run
 * needs is fixed by its targets, so later batches cannot need more.
 */
export async function preflight(gateway: OrgGateway, run: RunState): Promise<void> {
  if (run.needs.length === 0) return;
  await requirePermissions(gateway, run.needs);
  run.needs = [];
}

export async function readBatchState(
  gateway: OrgGateway,
  rows: readonly DesiredRow[],
  run: RunState,
  conflicts: ReadonlyMap<number, number>,
  now: number
): Promise<BatchState> {
  const users = await readUsers(gateway, rows.map((r) => r.user));
  const userIds = [...new Set([...users.values()].map((u) => u.id))];
  const psIds = [...run.permissionSets.values()].flatMap((p) => (isBlocker(p) ? [] : [p.id]));
  const groupIds = [...run.groups.values()].flatMap((g) => (isBlocker(g) ? [] : [g.id]));
  const [existing, pslHoldings] = await Promise.all([
    readExistingAssignments(gateway, userIds, psIds, groupIds),
    readPslHoldings(gateway, userIds, [...new Set(pslIdsOf(run))]),
  ]);
  return { users, permissionSets: run.permissionSets, groups: run.groups, existing, pslHoldings, conflicts, now };
}

function pslIdsOf(run: RunState): string[] {
  const ids: string[] = [];
  for (const ps of run.permissionSets.values()) if (!isBlocker(ps) && ps.licenseId?.startsWith('0PL')) ids.push(ps.licenseId);
  for (const g of run.groups.values()) if (!isBlocker(g)) ids.push(...g.requiredPslIds);
  return ids;
}

/**
 * Plans tentatively; when rows need a group that is still recalculating, waits for those groups (once, within
 * the run's wait budget) and plans again with their new status.
 */
export async function planWithWaits(
  gateway: OrgGateway,
  rows: readonly DesiredRow[],
  state: BatchState,
  run: RunState,
  options: AssignOptions
): Promise<BatchPlan> {
  let seats = run.seats.clone();
  let held = new Set(run.held);
  let plan = planBatch(rows, state, seats, held);
  const pending = new Set(
    plan.rows.filter((r) => r.blocker?.reason === 'GROUP_NOT_UPDATED' && !run.waited.has(r.targetId!)).map((r) => r.targetId!)
  );
  const now = options.now ?? Date.now;
  if (pending.size > 0) {
    const byId = new Map([...run.groups.entries()].flatMap(([key, g]) => (isBlocker(g) ? [] : [[g.id, { key, g }] as const])));
    const result = await waitForGroups(gateway, [...pending], {
      timeoutMs: Math.max(0, run.waitDeadline - now()),
      sleep: options.sleep,
      now,
      onStatus: (id, status) => options.events?.onGroupStatus?.(byId.get(id)?.g.name ?? id, status),
    });
    for (const [id, status] of result.statuses) {
      const entry = byId.get(id);
      if (entry) run.groups.set(entry.key, { ...entry.g, status });
    }
    pending.forEach((id) => run.waited.add(id));
    seats = run.seats.clone();
    held = new Set(run.held);
    plan = planBatch(rows, { ...state, groups: run.groups }, seats, held);
  }
  run.seats = seats;
  run.held = held;
  return plan;
}

export function writesIn(plan: BatchPlan): number {
  return plan.pslAssignments.length + plan.rows.filter((r) => r.action === 'create' || r.action === 'update').length;
}
