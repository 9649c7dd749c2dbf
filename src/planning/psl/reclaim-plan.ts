import { type RemovalSnapshot, type RemovedAssignment, type RemovedLicenseAssignment } from '../removal/types.js';

/**
 * `psl reclaim` as pure planning: from what the org shows about each license (its seats, the seats of inactive
 * holders, the seats nothing needs, and the assignments that keep the inactive holders needing it) to the rows to
 * delete and the seats each license has before and after.
 *
 * Salesforce refuses to take a seat back while an assigned set needs it, so an inactive holder's assignments that
 * need the license go first (the delete executor runs assignments before seats). Only inactive holders'
 * assignments are ever planned: an assignment of anyone who is not an inactive holder of that license is
 * dropped here, whatever the reads returned, so an active user's access is never touched by a reclaim.
 */

export type ReclaimReason = 'INACTIVE' | 'UNNEEDED';

/** A seat (PermissionSetLicenseAssign) as read. */
export type SeatFact = { seatId: string; userId: string; username: string };

export type ReclaimLicenseFacts = {
  id: string;
  developerName: string;
  masterLabel: string;
  totalLicenses: number;
  usedLicenses: number;
  /** Seats held by inactive users (read with --inactive, else empty). */
  inactiveSeats: readonly SeatFact[];
  /** Seats of active users whose assigned sets and groups need no such license (read with --unneeded, else empty). */
  unneededSeats: readonly SeatFact[];
  /** Inactive holders' assignments to a set with this LicenseId, or to a group including one. */
  neededBy: readonly RemovedAssignment[];
};

export type LicensePlan = {
  id: string;
  developerName: string;
  masterLabel: string;
  totalLicenses: number;
  usedBefore: number;
  /** UsedLicenses once every planned seat of this license is gone. */
  usedAfter: number;
  seats: { inactive: number; unneeded: number };
  /** Assignments removed to free this license's seats (one may free seats of several licenses). */
  assignments: number;
};

/** One row to delete, with why and for which licenses (DeveloperNames). */
export type PlannedRow =
  | { kind: 'assignment'; reason: 'INACTIVE'; licenses: string[]; assignment: RemovedAssignment }
  | { kind: 'seat'; reason: ReclaimReason; licenses: string[]; seat: RemovedLicenseAssignment };

export type ReclaimPlan = {
  licenses: LicensePlan[];
  /** Assignments first, then seats, each in license order and by username. */
  rows: PlannedRow[];
  /** The same rows as the backup keeps them and the delete executor takes them. */
  removal: RemovalSnapshot;
  /** Every row to delete (assignments and seats). */
  deletes: number;
};

export function planReclaim(facts: readonly ReclaimLicenseFacts[]): ReclaimPlan {
  const assignments = new Map<string, Extract<PlannedRow, { kind: 'assignment' }>>();
  const seats = new Map<string, Extract<PlannedRow, { kind: 'seat' }>>();
  const licenses = facts.map((license): LicensePlan => {
    const taken = { inactive: 0, unneeded: 0 };
    const seat = (fact: SeatFact, reason: ReclaimReason): void => {
      if (seats.has(fact.seatId)) return;
      seats.set(fact.seatId, { kind: 'seat', reason, licenses: [license.developerName], seat: seatOf(fact, license) });
      taken[reason === 'INACTIVE' ? 'inactive' : 'unneeded']++;
    };
    license.inactiveSeats.forEach((fact) => seat(fact, 'INACTIVE'));
    license.unneededSeats.forEach((fact) => seat(fact, 'UNNEEDED'));
    const holders = new Set(license.inactiveSeats.map((s) => s.userId));
    const needed = uniqueById(license.neededBy.filter((a) => holders.has(a.assigneeId)));
    for (const assignment of needed) {
      const planned = assignments.get(assignment.id);
      if (planned) planned.licenses.push(license.developerName);
      else assignments.set(assignment.id, { kind: 'assignment', reason: 'INACTIVE', licenses: [license.developerName], assignment });
    }
    const freed = taken.inactive + taken.unneeded;
    return {
      id: license.id,
      developerName: license.developerName,
      masterLabel: license.masterLabel,
      totalLicenses: license.totalLicenses,
      usedBefore: license.usedLicenses,
      usedAfter: Math.max(0, license.usedLicenses - freed),
      seats: taken,
      assignments: needed.length,
    };
  });
  const rows: PlannedRow[] = [...byUser([...assignments.values()], (r) => r.assignment.username), ...byUser([...seats.values()], (r) => r.seat.username)];
  return {
    licenses,
    rows,
    removal: {
      assignments: rows.flatMap((r) => (r.kind === 'assignment' ? [r.assignment] : [])),
      licenseAssignments: rows.flatMap((r) => (r.kind === 'seat' ? [r.seat] : [])),
    },
    deletes: rows.length,
  };
}

function seatOf(fact: SeatFact, license: ReclaimLicenseFacts): RemovedLicenseAssignment {
  return { id: fact.seatId, assigneeId: fact.userId, username: fact.username, licenseId: license.id, licenseName: license.developerName };
}

function uniqueById<T extends { id: string }>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && Boolean(seen.add(row.id)));
}

/** Stable within a license: rows keep the license order, then go by username. */
function byUser<T extends { licenses: string[] }>(rows: T[], username: (row: T) => string): T[] {
  const order = new Map<string, number>();
  rows.forEach((row) => order.set(row.licenses[0], order.get(row.licenses[0]) ?? order.size));
  return rows.sort((a, b) => order.get(a.licenses[0])! - order.get(b.licenses[0])! || username(a).localeCompare(username(b)));
}
