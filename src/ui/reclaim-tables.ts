import { type PslReclaimResult, type ReclaimRowResult } from '../services/psl/reclaim-result.js';

type Cell = string | number;

/** One row per license: seats used before → after, what was (or would be) deleted, and what was not. */
export function licenseRows(result: PslReclaimResult): Array<Record<string, Cell>> {
  return result.licenses.map((l) => {
    const row: Record<string, Cell> = {
      License: l.developerName,
      Total: l.totalLicenses,
      'Used before': l.usedBefore,
      'Used after': l.usedAfter,
      'Inactive seats': l.planned.inactiveSeats,
      'Unneeded seats': l.planned.unneededSeats,
      Assignments: l.planned.assignments,
    };
    if (!result.dryRun) {
      row['Deleted assignments'] = l.deleted.assignments;
      row['Deleted seats'] = l.deleted.seats;
      row['Not deleted'] = l.failed + l.skipped;
    }
    return row;
  });
}

/** The rows of a dry run's plan, assignments first (they go before the seats). */
export function planRows(result: PslReclaimResult): Array<Record<string, Cell>> {
  return result.rows.map(describe);
}

/** Rows that failed or were skipped, with the org's error. */
export function problemRows(result: PslReclaimResult): Array<Record<string, Cell>> {
  return result.rows
    .filter((r) => r.status === 'failed' || r.status === 'skipped')
    .map((r) => ({ ...describe(r), Status: r.status, Error: [r.errorCode, r.message].filter(Boolean).join(': ') }));
}

function describe(row: ReclaimRowResult): Record<string, Cell> {
  const target = row.permissionSet ? `permission set ${row.permissionSet}` : row.permissionSetGroup ? `group ${row.permissionSetGroup}` : 'license seat';
  return {
    Delete: target,
    User: row.username,
    Reason: row.reason === 'INACTIVE' ? 'inactive user' : 'not needed',
    License: row.licenses.join(', '),
  };
}

/** Seats in use over the reclaimed licenses, before and after. */
export function usedTotals(result: PslReclaimResult): { before: number; after: number } {
  return result.licenses.reduce((t, l) => ({ before: t.before + l.usedBefore, after: t.after + l.usedAfter }), { before: 0, after: 0 });
}
