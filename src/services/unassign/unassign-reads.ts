import { type OrgGateway } from '../../gateway/index.js';
import { isBlocker, matchNames, qualifiedName, splitQualifiedName } from '../../planning/assignment/names.js';
import { type Unassignable } from '../../planning/removal/unassign-plan.js';

type UnassignableRow = { Name: string; NamespacePrefix: string | null; IsOwnedByProfile: boolean; PermissionSetGroupId: string | null };

/**
 * The permission sets readPermissionSets leaves out on purpose (a profile's own set, a group's aggregate set),
 * looked up by the names it did not find, so such a name is refused for what it is instead of as unknown. One
 * query (a few for a very long list), sent only when some name was not found.
 */
export async function readUnassignableSets(gateway: OrgGateway, names: readonly string[]): Promise<Map<string, Unassignable>> {
  const rows = await gateway.queryIn<UnassignableRow>(
    'SELECT Name, NamespacePrefix, IsOwnedByProfile, PermissionSetGroupId FROM PermissionSet WHERE (IsOwnedByProfile = true OR PermissionSetGroupId != null) AND Name IN {IN}',
    [...new Set(names.map((n) => splitQualifiedName(n).name))]
  );
  const matched = matchNames(
    names,
    rows.map((r) => ({
      name: r.Name,
      namespace: r.NamespacePrefix,
      // An aggregate set carries its group's DeveloperName and namespace.
      value: r.IsOwnedByProfile ? ({ kind: 'profileOwned' } as const) : ({ kind: 'groupAggregate', group: qualifiedName(r.NamespacePrefix, r.Name) } as const),
    })),
    'UNKNOWN_PERMISSION_SET'
  );
  const found = new Map<string, Unassignable>();
  for (const [name, value] of matched) if (!isBlocker(value)) found.set(name, value);
  return found;
}
