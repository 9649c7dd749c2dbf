import { type Action, type ReasonCode, type RowWarning, type TargetKind } from '../../planning/assignment/types.js';

/** One row of `permset assign`'s outcome, as --json shows it. */
export type AssignmentResult = {
  /** The user as given (username or Id), or the resolved username. */
  username: string;
  userId?: string;
  permissionSet?: string;
  permissionSetGroup?: string;
  action: Action;
  reason?: ReasonCode;
  message?: string;
  /** The PermissionSetAssignment Id, where one exists. */
  id?: string;
  expirationDate?: string | null;
  /** On rows that hold: SESSION_BASED when the set or group has HasActivationRequired (access needs session activation). */
  warnings?: RowWarning[];
};

export type TargetSummary = {
  name: string;
  kind: TargetKind;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  blocked: number;
  failed: number;
};

export type AssignSummary = {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  /** Assignments removed (`permset unassign`, `permset assign --sync`). */
  deleted: number;
  unchanged: number;
  blocked: number;
  failed: number;
  /** Dry runs: what a real run would write. */
  toCreate: number;
  toUpdate: number;
  toDelete: number;
  /** PermissionSetLicenseAssign rows created for group assignments. */
  licenseSeatsAssigned: number;
  /** Permission set licenses without enough free seats for this run. */
  licenseShortfalls: Array<{ license: string; free: number; missing: number }>;
  byTarget: TargetSummary[];
  requests: { reads: number; writes: number; retries: number };
};

export type AssignResult = { summary: AssignSummary; assignments: AssignmentResult[] };

/** An assignment holds at the end when it was created, updated, left unchanged, or (dry run) would be written. */
export function holds(action: Action): boolean {
  return action !== 'blocked' && action !== 'failed';
}

export function summarize(
  assignments: readonly AssignmentResult[],
  extra: Pick<AssignSummary, 'dryRun' | 'licenseSeatsAssigned' | 'licenseShortfalls' | 'requests'>
): AssignSummary {
  const zero = { created: 0, updated: 0, deleted: 0, unchanged: 0, blocked: 0, failed: 0, toCreate: 0, toUpdate: 0, toDelete: 0 };
  const totals = { ...zero };
  const byTarget = new Map<string, TargetSummary>();
  for (const a of assignments) {
    totals[a.action]++;
    const kind: TargetKind = a.permissionSetGroup !== undefined ? 'permissionSetGroup' : 'permissionSet';
    const name = a.permissionSetGroup ?? a.permissionSet ?? '';
    const key = `${kind}:${name}`;
    const entry = byTarget.get(key) ?? { name, kind, created: 0, updated: 0, deleted: 0, unchanged: 0, blocked: 0, failed: 0 };
    // A dry run's target rows count what it would do under the same columns.
    const column = a.action === 'toCreate' ? 'created' : a.action === 'toUpdate' ? 'updated' : a.action === 'toDelete' ? 'deleted' : a.action;
    entry[column]++;
    byTarget.set(key, entry);
  }
  return { ...extra, total: assignments.length, ...totals, byTarget: [...byTarget.values()] };
}
