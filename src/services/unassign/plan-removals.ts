import { type OrgGateway } from '../../gateway/index.js';
import { isBlocker } from '../../planning/assignment/names.js';
import { type Blocker, type PermissionSetInfo } from '../../planning/assignment/types.js';
import { type RemovedAssignment } from '../../planning/removal/types.js';
import {
  planUnassignBatch,
  refineUnknownSets,
  unknownSetNames,
  type UnassignRow,
  type UnassignState,
} from '../../planning/removal/unassign-plan.js';
import { readExistingAssignments, readGroupNames, readPermissionSets, readUsers } from '../assign/org-reads.js';
import { type AssignmentResult } from '../assign/results.js';
import { type Describe } from '../assign/to-results.js';
import { plannedResult } from './unassign-results.js';
import { readUnassignableSets } from './unassign-reads.js';
import { type UnassignSource } from './unassign-source.js';

/**
 * Every batch planned before anything is written, since the delete guard needs the run's total: each row's
 * result so far (toDelete for the rows to delete) and, compactly, each assignment to delete once.
 */
export type RemovalPlan = { results: AssignmentResult[]; removals: RemovedAssignment[] };

type Targets = { permissionSets: Map<string, PermissionSetInfo | Blocker>; groups: Map<string, { id: string; name: string } | Blocker> };

export async function planRemovals(
  gateway: OrgGateway,
  source: UnassignSource,
  options: { describe: Describe; onBatch?: (rowsSoFar: number) => void }
): Promise<RemovalPlan> {
  const targets = await resolveTargets(gateway, source);
  const results: AssignmentResult[] = [];
  const removals: RemovedAssignment[] = [];
  const planned = new Set<string>();
  for await (const rows of source.batches()) {
    const state = await readBatchState(gateway, rows, targets, source.repeats);
    for (const plan of planUnassignBatch(rows, state)) {
      results.push(plannedResult(plan, options.describe));
      if (plan.removal && !planned.has(plan.removal.id)) {
        planned.add(plan.removal.id);
        removals.push(plan.removal);
      }
    }
    options.onBatch?.(results.length);
  }
  return { results, removals };
}

/** Every name once for the run; the names not found get one more look, to tell a profile's set from a typo. */
async function resolveTargets(gateway: OrgGateway, source: UnassignSource): Promise<Targets> {
  const [found, groups] = await Promise.all([readPermissionSets(gateway, source.permissionSets), readGroupNames(gateway, source.groups)]);
  const unknown = unknownSetNames(found);
  const unassignable = unknown.length > 0 ? await readUnassignableSets(gateway, unknown) : new Map();
  return { permissionSets: refineUnknownSets(found, unassignable), groups };
}

async function readBatchState(
  gateway: OrgGateway,
  rows: readonly UnassignRow[],
  targets: Targets,
  repeats: ReadonlyMap<number, number>
): Promise<UnassignState> {
  const users = await readUsers(
    gateway,
    rows.filter((r) => !('invalid' in r)).map((r) => r.user)
  );
  const userIds = [...new Set([...users.values()].map((u) => u.id))];
  const idsOf = <T extends { id: string }>(values: Iterable<T | Blocker>): string[] => [...values].flatMap((v) => (isBlocker(v) ? [] : [v.id]));
  const existing = await readExistingAssignments(gateway, userIds, idsOf(targets.permissionSets.values()), idsOf(targets.groups.values()));
  return { users, permissionSets: targets.permissionSets, groups: targets.groups, existing, repeats };
}
