import { SeedBuilder } from '../support/seed-builder.js';
import { type Dump } from '../support/org-harness.js';

/**
 * An org for reclaim under stress: `inactive` inactive holders of the Cpq seat, half needing it through a direct
 * assignment of Cpq_Set, half through the group G_Cpq (both also keep Plain_Set, which needs no license); `active`
 * active holders who need it (must stay untouched), and `idle` active holders who need it for nothing (--unneeded).
 */
export function reclaimOrg(counts: { inactive: number; active: number; idle: number }): SeedBuilder {
  const b = new SeedBuilder()
    .users('x', counts.inactive, { IsActive: false })
    .users('a', counts.active)
    .users('i', counts.idle)
    .psl('Cpq_PSL', counts.inactive + counts.active + counts.idle + 10)
    .permissionSet('Cpq_Set', { LicenseId: 'ref:Cpq_PSL' })
    .permissionSet('Plain_Set')
    .group('G_Cpq', ['Cpq_Set']);
  for (let n = 1; n <= counts.inactive; n++) {
    b.holdPsl(`x${n}`, 'Cpq_PSL').assign(`x${n}`, 'Plain_Set');
    if (n % 2 === 0) b.assign(`x${n}`, 'Cpq_Set');
    else b.assignGroup(`x${n}`, 'G_Cpq');
  }
  for (let n = 1; n <= counts.active; n++) b.holdPsl(`a${n}`, 'Cpq_PSL').assign(`a${n}`, 'Cpq_Set');
  for (let n = 1; n <= counts.idle; n++) b.holdPsl(`i${n}`, 'Cpq_PSL').assign(`i${n}`, 'Plain_Set');
  return b;
}

/** "user|target" of every non-profile assignment and "user|seat" of every PSL seat, by record Id. */
export function accessRows(dump: Dump): Map<string, string> {
  const byId = new Map(Object.values(dump.records).flat().map((r) => [String(r.Id), r]));
  const user = (id: unknown): string => String(byId.get(String(id))?.Username);
  const rows = new Map<string, string>();
  for (const a of dump.records.PermissionSetAssignment ?? []) {
    const set = byId.get(String(a.PermissionSetId));
    if (set?.IsOwnedByProfile === true) continue;
    const group = typeof a.PermissionSetGroupId === 'string' ? byId.get(a.PermissionSetGroupId) : undefined;
    rows.set(String(a.Id), `${user(a.AssigneeId)}|${group ? `group ${String(group.DeveloperName)}` : String(set?.Name)}`);
  }
  for (const s of dump.records.PermissionSetLicenseAssign ?? []) rows.set(String(s.Id), `${user(s.AssigneeId)}|seat`);
  return rows;
}

/** What reclaim --inactive --unneeded must remove from reclaimOrg: inactive users' seats and needing rows, idle seats. */
export function reclaimable(row: string): boolean {
  const [user, target] = row.split('|');
  if (user.startsWith('x')) return target === 'seat' || target === 'Cpq_Set' || target === 'group G_Cpq';
  return user.startsWith('i') && target === 'seat';
}
