import { type OrgGateway } from '../../gateway/index.js';
import { mapLimit } from '../../shared/map-limit.js';
import { computeBudgets, licensesAtOrAbove } from '../../planning/psl/report.js';
import { type BudgetTotals, type PslFacts, type PslRow, type UserLicenseRow } from '../../planning/psl/types.js';
import {
  type Consumers,
  type Holder,
  type LicenseRecord,
  countUnusedHolders,
  listInactiveHolders,
  listUnusedHolders,
  readConsumers,
  readHolderCounts,
  readLicenses,
  readUserLicenses,
} from './psl-reads.js';
import { selectLicenses } from './license-selection.js';

export type HolderReason = 'INACTIVE' | 'UNUSED';
/** A seat behind the waste figures (--details). */
export type HolderDetail = { license: string; userId: string; username: string; reason: HolderReason };

export type PslReportRequest = {
  /** DeveloperNames to narrow the report to (case-insensitive); all licenses when empty. */
  licenses?: readonly string[];
  threshold: number;
  failAt?: number;
  includeUserLicenses: boolean;
  details: boolean;
  now: Date;
};

export type PslReportResult = {
  generatedAt: string;
  threshold: number;
  /** The --fail-at gate: the percent given (null without one) and the licenses whose usage reached it. */
  gate: { failAt: number | null; reached: string[] };
  licenses: PslRow[];
  totals: BudgetTotals;
  userLicenses?: UserLicenseRow[];
  holders?: HolderDetail[];
  /** Requests this report sent to the org. */
  requests: number;
};

/** Per-license queries sent at once (the org handles a few in parallel well; more only queue). */
const CONCURRENCY = 4;

/**
 * The permission set license budget: licenses, their consumers, holder counts and the waste figures, read with
 * 4 + (licenses) requests (+1 with user licenses; +2 per license and their pages with details), then computed by
 * the pure planning code.
 */
export async function reportPsls(gateway: OrgGateway, request: PslReportRequest): Promise<PslReportResult> {
  const [all, userLicenses] = await Promise.all([readLicenses(gateway), request.includeUserLicenses ? readUserLicenses(gateway) : undefined]);
  const selected = selectLicenses(all, request.licenses ?? []);
  const ids = selected.map((l) => l.Id);
  const [consumers, counts] = await Promise.all([readConsumers(gateway, ids), readHolderCounts(gateway, ids)]);
  const waste = await mapLimit(selected, CONCURRENCY, (license) => readWaste(gateway, license, consumers.get(license.Id)!, request.details));
  const facts: PslFacts[] = selected.map((license, i) => {
    const c = consumers.get(license.Id)!;
    const held = counts.get(license.Id) ?? { active: 0, inactive: 0 };
    return {
      id: license.Id,
      developerName: license.DeveloperName,
      masterLabel: license.MasterLabel,
      status: license.Status,
      totalLicenses: license.TotalLicenses,
      usedLicenses: license.UsedLicenses,
      expirationDate: license.ExpirationDate,
      permissionSets: c.setNames,
      groups: c.groupNames,
      activeHolders: held.active,
      inactiveHolders: waste[i].inactive?.length ?? held.inactive,
      unusedHolders: waste[i].unused,
    };
  });
  const budgets = computeBudgets(facts, userLicenses, { now: request.now, threshold: request.threshold });
  const gated = [...budgets.licenses.map((r) => ({ name: r.developerName, percentUsed: r.percentUsed })), ...(budgets.userLicenses ?? []).map((r) => ({ name: r.name, percentUsed: r.percentUsed }))];
  const result: PslReportResult = {
    generatedAt: request.now.toISOString(),
    threshold: request.threshold,
    gate: { failAt: request.failAt ?? null, reached: licensesAtOrAbove(gated, request.failAt) },
    licenses: budgets.licenses,
    totals: budgets.totals,
    requests: 0,
  };
  if (budgets.userLicenses) result.userLicenses = budgets.userLicenses;
  if (request.details) result.holders = holderDetails(budgets.licenses, selected, waste);
  result.requests = gateway.stats.reads + gateway.stats.writes;
  return result;
}

type Waste = { unused: number; unusedHolders?: Holder[]; inactive?: Holder[] };

async function readWaste(gateway: OrgGateway, license: LicenseRecord, consumers: Consumers, details: boolean): Promise<Waste> {
  if (!details) return { unused: await countUnusedHolders(gateway, license.Id, consumers) };
  const [unusedHolders, inactive] = await Promise.all([listUnusedHolders(gateway, license.Id, consumers), listInactiveHolders(gateway, license.Id)]);
  return { unused: unusedHolders.length, unusedHolders, inactive };
}

/** Holders in the report's row order (worst license first), inactive before unused within a license. */
function holderDetails(rows: PslRow[], selected: LicenseRecord[], waste: Waste[]): HolderDetail[] {
  const byId = new Map(selected.map((l, i) => [l.Id, waste[i]]));
  return rows.flatMap((row) => {
    const w = byId.get(row.id);
    const as = (reason: HolderReason) => (h: Holder): HolderDetail => ({ license: row.developerName, userId: h.userId, username: h.username, reason });
    return [...(w?.inactive ?? []).map(as('INACTIVE')), ...(w?.unusedHolders ?? []).map(as('UNUSED'))];
  });
}
