import { type GatewayStats } from '../../gateway/index.js';
import { type PlannedRow, type ReclaimPlan, type ReclaimReason } from '../../planning/psl/reclaim-plan.js';
import { type DeleteOutcome } from '../removal/delete-removals.js';

/** What became of a row: `toDelete` in a dry run, else the delete executor's outcome. */
export type ReclaimRowStatus = 'toDelete' | 'deleted' | 'alreadyGone' | 'failed' | 'skipped';

/** One row `psl reclaim` deleted (or would delete, or could not). */
export type ReclaimRowResult = {
  kind: 'assignment' | 'seat';
  /** The PermissionSetAssignment (0Pa…) or PermissionSetLicenseAssign (2LA…) Id. */
  id: string;
  userId: string;
  username: string;
  /** INACTIVE: the user is inactive; UNNEEDED: an active user whose sets and groups need no such license. */
  reason: ReclaimReason;
  /** The licenses (DeveloperNames) this row is deleted for: a seat's own license; the licenses an assignment kept needed. */
  licenses: string[];
  permissionSet?: string;
  permissionSetGroup?: string;
  expirationDate?: string | null;
  status: ReclaimRowStatus;
  /** Failed rows: the org's error; skipped seats: ASSIGNMENT_NOT_DELETED (an assignment of the user that needs it stayed). */
  errorCode?: string;
  message?: string;
};

export type ReclaimLicenseResult = {
  id: string;
  developerName: string;
  masterLabel: string;
  totalLicenses: number;
  /** UsedLicenses when the run started. */
  usedBefore: number;
  /** UsedLicenses as the org counts them after the deletes (a dry run: once the planned seats are gone). */
  usedAfter: number;
  planned: { inactiveSeats: number; unneededSeats: number; assignments: number };
  deleted: { assignments: number; seats: number };
  /** Rows of this license that were gone before their delete came (an earlier, interrupted run). */
  alreadyGone: number;
  failed: number;
  skipped: number;
};

export type ReclaimTotals = {
  rows: number;
  toDelete: number;
  deleted: { assignments: number; seats: number };
  alreadyGone: number;
  failed: number;
  skipped: number;
};

export type PslReclaimResult = {
  dryRun: boolean;
  modes: { inactive: boolean; unneeded: boolean };
  /** The backup of every deleted row, written before the first delete; null when nothing was deleted (or a dry run). */
  backupFile: string | null;
  licenses: ReclaimLicenseResult[];
  rows: ReclaimRowResult[];
  totals: ReclaimTotals;
  requests: GatewayStats;
};

export type ResultInput = {
  plan: ReclaimPlan;
  modes: PslReclaimResult['modes'];
  dryRun: boolean;
  backupFile: string | null;
  /** Outcomes by row Id (a real run). */
  outcomes?: ReadonlyMap<string, DeleteOutcome>;
  /** UsedLicenses by license Id, read after the deletes (a real run). */
  usedAfter?: ReadonlyMap<string, number>;
  requests: GatewayStats;
};

/** The run's result: each planned row with its status, and per license the seats before and after and the row counts. */
export function reclaimResult(input: ResultInput): PslReclaimResult {
  const rows = input.plan.rows.map((row) => rowResult(row, input.dryRun ? 'toDelete' : input.outcomes?.get(idOf(row))));
  const licenses = input.plan.licenses.map((license): ReclaimLicenseResult => {
    const mine = rows.filter((r) => r.licenses.includes(license.developerName));
    const count = (kind: ReclaimRowResult['kind'], status: ReclaimRowStatus): number => mine.filter((r) => r.kind === kind && r.status === status).length;
    const statusCount = (status: ReclaimRowStatus): number => mine.filter((r) => r.status === status).length;
    return {
      id: license.id,
      developerName: license.developerName,
      masterLabel: license.masterLabel,
      totalLicenses: license.totalLicenses,
      usedBefore: license.usedBefore,
      usedAfter: input.usedAfter?.get(license.id) ?? license.usedAfter,
      planned: { inactiveSeats: license.seats.inactive, unneededSeats: license.seats.unneeded, assignments: license.assignments },
      deleted: { assignments: count('assignment', 'deleted'), seats: count('seat', 'deleted') },
      alreadyGone: statusCount('alreadyGone'),
      failed: statusCount('failed'),
      skipped: statusCount('skipped'),
    };
  });
  const statusCount = (status: ReclaimRowStatus): number => rows.filter((r) => r.status === status).length;
  const deleted = (kind: ReclaimRowResult['kind']): number => rows.filter((r) => r.kind === kind && r.status === 'deleted').length;
  return {
    dryRun: input.dryRun,
    modes: input.modes,
    backupFile: input.backupFile,
    licenses,
    rows,
    totals: {
      rows: rows.length,
      toDelete: statusCount('toDelete'),
      deleted: { assignments: deleted('assignment'), seats: deleted('seat') },
      alreadyGone: statusCount('alreadyGone'),
      failed: statusCount('failed'),
      skipped: statusCount('skipped'),
    },
    requests: { ...input.requests },
  };
}

/** A row holds when it is gone (deleted now or before) or, in a dry run, planned. */
export function rowHolds(row: ReclaimRowResult): boolean {
  return row.status !== 'failed' && row.status !== 'skipped';
}

const idOf = (row: PlannedRow): string => (row.kind === 'assignment' ? row.assignment.id : row.seat.id);

function rowResult(row: PlannedRow, outcome: DeleteOutcome | 'toDelete' | undefined): ReclaimRowResult {
  const base =
    row.kind === 'assignment'
      ? {
          kind: row.kind,
          id: row.assignment.id,
          userId: row.assignment.assigneeId,
          username: row.assignment.username,
          reason: row.reason,
          licenses: [...row.licenses],
          ...(row.assignment.kind === 'permissionSet' ? { permissionSet: row.assignment.targetName } : { permissionSetGroup: row.assignment.targetName }),
          expirationDate: row.assignment.expirationDate,
        }
      : { kind: row.kind, id: row.seat.id, userId: row.seat.assigneeId, username: row.seat.username, reason: row.reason, licenses: [...row.licenses] };
  if (outcome === 'toDelete') return { ...base, status: 'toDelete' };
  // A real run's row the executor gave no outcome for was not confirmed deleted: never report it as done.
  if (!outcome) return { ...base, status: 'failed', errorCode: 'NO_OUTCOME', message: 'the delete was not confirmed' };
  if (outcome.status === 'failed') return { ...base, status: 'failed', errorCode: outcome.errorCode, message: outcome.message };
  if (outcome.status === 'skipped') return { ...base, status: 'skipped', errorCode: outcome.reason };
  return { ...base, status: outcome.status };
}
