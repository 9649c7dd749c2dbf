import { pslRow, userLicenseRow } from './budget.js';
import { type Budget, type BudgetOptions, type BudgetTotals, type LicenseState, type PslFacts, type PslRow, STATES, type UserLicenseFacts, type UserLicenseRow } from './types.js';

export { budgetOf, daysLeft, percentUsed, EXPIRING_DAYS } from './budget.js';

const severity = (state: LicenseState): number => STATES.indexOf(state);

/**
 * Worst first: by state (EXPIRED … OK), then fuller licenses first (a row without seats counts as full), then by
 * name so equal rows keep a stable order.
 */
export function compareRows(a: Budget & { name: string }, b: Budget & { name: string }): number {
  return (
    severity(a.state) - severity(b.state) ||
    (b.percentUsed ?? 100) - (a.percentUsed ?? 100) ||
    a.name.localeCompare(b.name)
  );
}

export function sortWorstFirst<T extends Budget>(rows: T[], nameOf: (row: T) => string): T[] {
  return [...rows].sort((a, b) => compareRows({ ...a, name: nameOf(a) }, { ...b, name: nameOf(b) }));
}

export function totalsOf(rows: readonly PslRow[]): BudgetTotals {
  const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<LicenseState, number>;
  const totals: BudgetTotals = { licenses: rows.length, flagged: 0, byState, totalLicenses: 0, usedLicenses: 0, available: 0, inactiveHolders: 0, unusedHolders: 0, wasted: 0 };
  for (const row of rows) {
    byState[row.state]++;
    if (row.flagged) totals.flagged++;
    totals.totalLicenses += row.totalLicenses;
    totals.usedLicenses += row.usedLicenses;
    totals.available += row.available;
    totals.inactiveHolders += row.inactiveHolders;
    totals.unusedHolders += row.unusedHolders;
    totals.wasted += row.wasted;
  }
  return totals;
}

/** Names of the licenses whose usage reached `failAt` percent (none when no gate is set). */
export function licensesAtOrAbove(rows: ReadonlyArray<{ name: string; percentUsed: number | null }>, failAt: number | undefined): string[] {
  if (failAt === undefined) return [];
  return rows.filter((r) => r.percentUsed !== null && r.percentUsed >= failAt).map((r) => r.name);
}

export type Budgets = { licenses: PslRow[]; totals: BudgetTotals; userLicenses?: UserLicenseRow[] };

/** The whole budget: rows computed, sorted worst first, totalled. User licenses only when facts are given. */
export function computeBudgets(psls: readonly PslFacts[], userLicenses: readonly UserLicenseFacts[] | undefined, options: BudgetOptions): Budgets {
  const licenses = sortWorstFirst(
    psls.map((p) => pslRow(p, options)),
    (r) => r.developerName
  );
  const budgets: Budgets = { licenses, totals: totalsOf(licenses) };
  if (userLicenses) {
    budgets.userLicenses = sortWorstFirst(
      userLicenses.map((u) => userLicenseRow(u, options)),
      (r) => r.name
    );
  }
  return budgets;
}
