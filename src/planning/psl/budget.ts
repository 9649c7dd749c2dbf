import { type Budget, type BudgetOptions, type LicenseState, type PslFacts, type PslRow, STATES, type UserLicenseFacts, type UserLicenseRow } from './types.js';

const DAY_MS = 86_400_000;
/** A license expiring within this many days is EXPIRING (the 30 days). */
export const EXPIRING_DAYS = 30;

/** One decimal, so 8 of 9 seats reads 88.9 and a threshold of 88.9 compares as the user typed it. */
const roundPercent = (value: number): number => Math.round(value * 10) / 10;

export function percentUsed(total: number, used: number): number | null {
  return total > 0 ? roundPercent((used / total) * 100) : null;
}

/**
 * Whole days from today to `expirationDate` (YYYY-MM-DD, or a datetime whose date part is used), both in UTC. The
 * license is usable through its expiration date: 0 is the last day, -1 the first day after it.
 */
export function daysLeft(expirationDate: string | null, now: Date): number | null {
  if (!expirationDate) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(expirationDate);
  if (!match) return null;
  const expires = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((expires - today) / DAY_MS);
}

type BudgetInput = { totalLicenses: number; usedLicenses: number; status: string; daysLeft: number | null };

/** Seat arithmetic and every state that applies, worst first. */
export function budgetOf(input: BudgetInput, options: BudgetOptions): Budget {
  const { totalLicenses, usedLicenses } = input;
  const percent = percentUsed(totalLicenses, usedLicenses);
  const available = Math.max(0, totalLicenses - usedLicenses);
  const expiringDays = options.expiringDays ?? EXPIRING_DAYS;
  const applies: Record<LicenseState, boolean> = {
    EXPIRED: input.daysLeft !== null && input.daysLeft < 0,
    DISABLED: input.status.toLowerCase() === 'disabled',
    EXHAUSTED: available === 0,
    EXPIRING: input.daysLeft !== null && input.daysLeft >= 0 && input.daysLeft <= expiringDays,
    // NEAR says "about to run out"; once nothing is free, EXHAUSTED says it better.
    NEAR: available > 0 && percent !== null && percent >= options.threshold,
    OK: false,
  };
  const states = STATES.filter((s) => applies[s]);
  if (states.length === 0) states.push('OK');
  return { totalLicenses, usedLicenses, available, percentUsed: percent, state: states[0], states, flagged: states[0] !== 'OK' };
}

export function pslRow(facts: PslFacts, options: BudgetOptions): PslRow {
  const left = daysLeft(facts.expirationDate, options.now);
  const budget = budgetOf({ totalLicenses: facts.totalLicenses, usedLicenses: facts.usedLicenses, status: facts.status, daysLeft: left }, options);
  return {
    id: facts.id,
    developerName: facts.developerName,
    masterLabel: facts.masterLabel,
    status: facts.status,
    ...budget,
    expirationDate: facts.expirationDate,
    daysLeft: left,
    permissionSets: [...facts.permissionSets].sort(),
    groups: [...facts.groups].sort(),
    activeHolders: facts.activeHolders,
    inactiveHolders: facts.inactiveHolders,
    unusedHolders: facts.unusedHolders,
    wasted: facts.inactiveHolders + facts.unusedHolders,
  };
}

export function userLicenseRow(facts: UserLicenseFacts, options: BudgetOptions): UserLicenseRow {
  const budget = budgetOf({ totalLicenses: facts.totalLicenses, usedLicenses: facts.usedLicenses, status: facts.status, daysLeft: null }, options);
  return { id: facts.id, name: facts.name, masterLabel: facts.masterLabel, status: facts.status, ...budget };
}
