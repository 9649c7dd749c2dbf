import { type OrgGateway } from '../../gateway/index.js';
import { type ReclaimLicenseFacts } from '../../planning/psl/reclaim-plan.js';
import { mapLimit } from '../../shared/map-limit.js';
import { selectLicenses } from './license-selection.js';
import { listInactiveHolderAssignments, listInactiveHolders, listUnusedHolders, readConsumers, readLicenses, type Holder } from './psl-reads.js';

export type ReclaimModes = { inactive: boolean; unneeded: boolean };

/** Per-license queries sent at once (as psl report does). */
const CONCURRENCY = 4;

/**
 * What `psl reclaim` plans from, through the same reads as `psl report` (src/services/psl/psl-reads.ts): the
 * licenses, their consumers (sets with the LicenseId, groups including one), then per license the inactive
 * holders' seats and the assignments that keep them needing it (--inactive), and the seats nothing needs
 * (--unneeded, the report's anti-joins, which count group membership). Every per-license query is filtered to the
 * affected users, so the requests follow the licenses and the rows to delete, never the other users:
 * 1 + 2 + (up to 4 per license) plus their extra pages.
 */
export async function readReclaimFacts(gateway: OrgGateway, names: readonly string[], modes: ReclaimModes): Promise<ReclaimLicenseFacts[]> {
  const selected = selectLicenses(await readLicenses(gateway), names);
  const consumers = await readConsumers(gateway, selected.map((l) => l.Id));
  return mapLimit(selected, CONCURRENCY, async (license): Promise<ReclaimLicenseFacts> => {
    const needs = consumers.get(license.Id)!;
    const none: Holder[] = [];
    const [inactiveSeats, unneededSeats] = await Promise.all([
      modes.inactive ? listInactiveHolders(gateway, license.Id) : none,
      modes.unneeded ? listUnusedHolders(gateway, license.Id, needs) : none,
    ]);
    // No inactive seat: no assignment of an inactive holder to look for.
    const neededBy = inactiveSeats.length > 0 ? await listInactiveHolderAssignments(gateway, license.Id, needs) : [];
    return {
      id: license.Id,
      developerName: license.DeveloperName,
      masterLabel: license.MasterLabel,
      totalLicenses: license.TotalLicenses,
      usedLicenses: license.UsedLicenses,
      inactiveSeats,
      unneededSeats,
      neededBy,
    };
  });
}

/** UsedLicenses of each license after the deletes, as the org counts them now (one request). */
export async function readUsedLicenses(gateway: OrgGateway): Promise<Map<string, number>> {
  return new Map((await readLicenses(gateway)).map((l) => [l.Id, l.UsedLicenses]));
}
