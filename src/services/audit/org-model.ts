import { qualifiedName } from '../../planning/assignment/names.js';
import { type AccessKey } from '../../planning/access/index.js';
import { type GroupDef, type Holders, type LicenseNeed, type MuteDef, type SetDef } from '../../planning/audit/model.js';
import { id15 } from '../explain/build-input.js';
import { type AssignmentCounts, type AuditGroupRow, type AuditMuteRow, type AuditSetRow } from './org-reads.js';

/** What the org reads gave, keyed by 15-character Id where the rows cross-reference. */
export type OrgComponents = {
  groups: AuditGroupRow[];
  sets: AuditSetRow[];
  mutes: AuditMuteRow[];
  /** Each set's and mute's access keys (grantsByParent of the explain reads); empty when not read. */
  grants: Map<string, Set<AccessKey>>;
  /** License names and kinds by 15-character Id (UserLicense 100…, PermissionSetLicense 0PL…). */
  licenses: Map<string, LicenseNeed>;
  counts: AssignmentCounts;
};

const EMPTY_BLOCKS = { objectPermissions: [], fieldPermissions: [], userPermissions: [], customPermissions: [] };

/** The org's counts by 15-character Id (the aggregates answer 18). */
function holdersBy(counts: AssignmentCounts): (id: string) => Holders {
  const by = (map: Map<string, number>): Map<string, number> => new Map([...map].map(([id, n]) => [id15(id), n]));
  const [active, inactive, soon] = [by(counts.active), by(counts.inactive), by(counts.expiringSoon)];
  return (id) => ({ active: active.get(id15(id)) ?? 0, inactive: inactive.get(id15(id)) ?? 0, expiringSoon: soon.get(id15(id)) ?? 0 });
}

const text = (value: string | null | undefined): { value: string } | undefined => (value === null || value === undefined ? undefined : { value });

/** Sets, mutes and groups as the audit model holds them, the org's names (ns__Name) as the references. */
export function orgDefinitions(c: OrgComponents): { groups: GroupDef[]; sets: SetDef[]; mutes: MuteDef[] } {
  const holders = holdersBy(c.counts);
  const sets: SetDef[] = c.sets.map((row) => {
    const license = row.LicenseId ? c.licenses.get(id15(row.LicenseId)) : undefined;
    return {
      kind: 'PermissionSet',
      name: qualifiedName(row.NamespacePrefix, row.Name),
      label: text(row.Label),
      description: text(row.Description),
      fingerprint: row.Id,
      ...EMPTY_BLOCKS,
      grants: c.grants.get(id15(row.Id)) ?? new Set(),
      ...(license ? { license } : {}),
      hasActivationRequired: row.HasActivationRequired === true,
      holders: holders(row.Id),
    };
  });
  const mutes: MuteDef[] = c.mutes.map((row) => ({
    kind: 'MutingPermissionSet',
    name: qualifiedName(row.NamespacePrefix, row.DeveloperName),
    label: text(row.MasterLabel),
    description: text(row.Description),
    fingerprint: row.Id,
    ...EMPTY_BLOCKS,
    grants: c.grants.get(id15(row.Id)) ?? new Set(),
  }));
  const setName = new Map(c.sets.map((row, i) => [id15(row.Id), sets[i].name]));
  const muteName = new Map(c.mutes.map((row, i) => [id15(row.Id), mutes[i].name]));
  const groups: GroupDef[] = c.groups.map((row) => {
    const components = (row.PermissionSetGroupComponents?.records ?? []).map((r) => id15(r.PermissionSetId));
    return {
      kind: 'PermissionSetGroup',
      name: qualifiedName(row.NamespacePrefix, row.DeveloperName),
      label: text(row.MasterLabel),
      description: text(row.Description),
      fingerprint: row.Id,
      members: components.flatMap((id) => (setName.has(id) ? [{ name: setName.get(id)! }] : [])),
      mutes: components.flatMap((id) => (muteName.has(id) ? [{ name: muteName.get(id)! }] : [])),
      status: text(row.Status),
      hasActivationRequired: row.HasActivationRequired === true,
      lastModified: row.LastModifiedDate,
      holders: holders(row.Id),
    };
  });
  return { groups, sets, mutes };
}
