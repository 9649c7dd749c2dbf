import { splitQualifiedName } from '../assignment/names.js';
import { type TargetKind } from '../assignment/types.js';
import { type RemovedAssignment } from './types.js';

/**
 * `permset assign --sync`: which existing assignments a sync removes. The CSV is the desired state for the
 * permission sets and groups in scope; an assignment of one of them that no row of the file lists goes. Pure:
 * the service reads the targets and their assignments, this decides.
 *
 * - Scope `file`: the sets and groups the file names (and resolved). Scope `all`: every assignable set and group
 *   of the org as well (never a profile-owned set, never a group's aggregate set: the reads leave them out).
 * - A row "lists" its pair whenever both its user and its target are known, whatever became of the row (unchanged,
 *   created, or blocked by an inactive user, a license, a Failed group, an expiration...): such a row still says
 *   "keep this", so an existing assignment it names is never removed because its write was refused.
 * - A name of the file that matched no single set or group (unknown, or ambiguous between namespaces) keeps every
 *   set or group of that name out of scope `all`: the file meant one of them, and a guess must not delete.
 * - The running user's own assignments are never removed (a sync could otherwise cut off the access it runs on,
 *   mid-run); they are reported as kept.
 */
export type SyncScope = 'file' | 'all';

/** A permission set or group whose assignments a sync may remove. */
export type SyncTarget = {
  /** The set's 0PS Id, or the group's 0PG Id (never its aggregate set's). */
  id: string;
  kind: TargetKind;
  /** Qualified API name (`ns__Name`). */
  name: string;
};

/** An existing assignment of a target in scope, any user, as read. */
export type TargetAssignment = {
  id: string;
  assigneeId: string;
  username: string;
  /** The set, or for a group assignment the group. */
  targetId: string;
  expirationDate: string | null;
};

/** One name of the file, with what it resolved to (undefined: no single set or group has that name). */
export type FileTarget = { kind: TargetKind; name: string; target?: SyncTarget };

/** The key of a (user, target) pair; the same as the assign planner's `${assigneeId}:${targetId}`. */
export const pairKey = (assigneeId: string, targetId: string): string => `${assigneeId}:${targetId}`;

/** The pair a planned row lists: any row whose user and target are both known, whatever its action. */
export function listedPair(row: { user?: { id: string }; targetId?: string }): string | undefined {
  return row.user && row.targetId ? pairKey(row.user.id, row.targetId) : undefined;
}

/** The targets whose assignments this sync may remove, by Id. */
export function syncTargets(scope: SyncScope, fileTargets: readonly FileTarget[], orgTargets: readonly SyncTarget[]): Map<string, SyncTarget> {
  const targets = new Map<string, SyncTarget>();
  for (const f of fileTargets) if (f.target) targets.set(f.target.id, f.target);
  if (scope === 'file') return targets;
  const bare = (kind: TargetKind, name: string): string => `${kind}:${splitQualifiedName(name).name.toLowerCase()}`;
  const unresolved = new Set(fileTargets.filter((f) => !f.target).map((f) => bare(f.kind, f.name)));
  for (const t of orgTargets) if (!unresolved.has(bare(t.kind, t.name))) targets.set(t.id, t);
  return targets;
}

export type SyncDeleteInput = {
  targets: ReadonlyMap<string, SyncTarget>;
  /** Pairs the file lists (pairKey). */
  listed: ReadonlySet<string>;
  /** Lower-cased usernames whose assignments are never removed: the running user. */
  protectedUsernames: ReadonlySet<string>;
};

/** Among existing assignments (a page of them), those to delete and those kept only because they are protected. */
export function syncDeletes(
  existing: Iterable<TargetAssignment>,
  input: SyncDeleteInput
): { deletes: RemovedAssignment[]; kept: RemovedAssignment[] } {
  const deletes: RemovedAssignment[] = [];
  const kept: RemovedAssignment[] = [];
  for (const row of existing) {
    const target = input.targets.get(row.targetId);
    if (!target || input.listed.has(pairKey(row.assigneeId, row.targetId))) continue;
    const removed: RemovedAssignment = {
      id: row.id,
      assigneeId: row.assigneeId,
      username: row.username,
      kind: target.kind,
      targetId: target.id,
      targetName: target.name,
      expirationDate: row.expirationDate,
    };
    (input.protectedUsernames.has(row.username.toLowerCase()) ? kept : deletes).push(removed);
  }
  return { deletes, kept };
}

/** Rows in a stable order for the plan and the backup: by target (sets before groups), then by username. */
export function orderRemovals(rows: readonly RemovedAssignment[]): RemovedAssignment[] {
  const keyed = rows.map((r) => ({ r, key: `${r.kind === 'permissionSet' ? 0 : 1}\u0000${r.targetName.toLowerCase()}\u0000${r.username.toLowerCase()}\u0000${r.id}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ r }) => r);
}
