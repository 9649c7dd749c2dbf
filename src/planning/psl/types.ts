/**
 * The permission set license budget: what the org says about each license (facts read by the service) and the
 * report rows computed from them. Pure data, no I/O.
 */

/** The states of a license row, worst first (the order the report sorts by). */
export const STATES = ['EXPIRED', 'DISABLED', 'EXHAUSTED', 'EXPIRING', 'NEAR', 'OK'] as const;
export type LicenseState = (typeof STATES)[number];

/** What the org says about one permission set license, plus the holder counts the service computed. */
export type PslFacts = {
  id: string;
  developerName: string;
  masterLabel: string;
  /** PermissionSetLicense.Status: Active or Disabled. */
  status: string;
  totalLicenses: number;
  usedLicenses: number;
  /** PermissionSetLicense.ExpirationDate (a date, YYYY-MM-DD), null when the license does not expire. */
  expirationDate: string | null;
  /** Permission sets whose LicenseId is this license (qualified names). */
  permissionSets: string[];
  /** Permission set groups with at least one of those permission sets as a component. */
  groups: string[];
  activeHolders: number;
  inactiveHolders: number;
  /** Active holders whom no assignment of theirs (direct or through a group) needs this license. */
  unusedHolders: number;
};

/** What the org says about one user license. */
export type UserLicenseFacts = {
  id: string;
  name: string;
  masterLabel: string;
  status: string;
  totalLicenses: number;
  usedLicenses: number;
};

/** The seat arithmetic and state every license row carries. */
export type Budget = {
  totalLicenses: number;
  usedLicenses: number;
  /** Seats free: TotalLicenses - UsedLicenses, never below 0. */
  available: number;
  /** UsedLicenses / TotalLicenses in percent (one decimal); null when the license has no seats at all. */
  percentUsed: number | null;
  /** The worst of `states`. */
  state: LicenseState;
  /** Every state that applies, worst first (OK alone when none does). */
  states: LicenseState[];
  /** True when the state is anything but OK. */
  flagged: boolean;
};

export type PslRow = Budget & {
  id: string;
  developerName: string;
  masterLabel: string;
  status: string;
  expirationDate: string | null;
  /** Whole days from today (UTC) to the expiration date; negative once expired; null without expiration. */
  daysLeft: number | null;
  permissionSets: string[];
  groups: string[];
  activeHolders: number;
  /** Seats held by inactive users: waste to reclaim. */
  inactiveHolders: number;
  /** Seats held by active users whom nothing they are assigned needs. */
  unusedHolders: number;
  /** inactiveHolders + unusedHolders. */
  wasted: number;
};

export type UserLicenseRow = Budget & { id: string; name: string; masterLabel: string; status: string };

export type BudgetTotals = {
  licenses: number;
  flagged: number;
  byState: Record<LicenseState, number>;
  totalLicenses: number;
  usedLicenses: number;
  available: number;
  inactiveHolders: number;
  unusedHolders: number;
  wasted: number;
};

export type BudgetOptions = {
  /** The current time (the report's clock; tests pass a fixed one). */
  now: Date;
  /** Percent used at or above which a license is NEAR. */
  threshold: number;
  /** Days before the expiration date from which a license is EXPIRING. */
  expiringDays?: number;
};
