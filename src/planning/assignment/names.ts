import { type Blocker } from './types.js';

/** `ns__Name` -> {namespace: 'ns', name: 'Name'}; API names cannot contain a double underscore otherwise. */
export function splitQualifiedName(qualified: string): { namespace: string | null; name: string } {
  const at = qualified.indexOf('__');
  return at > 0 ? { namespace: qualified.slice(0, at), name: qualified.slice(at + 2) } : { namespace: null, name: qualified };
}

export function qualifiedName(namespace: string | null | undefined, name: string): string {
  return namespace ? `${namespace}__${name}` : name;
}

/** A row of PermissionSet or PermissionSetGroup reduced to what name matching needs. */
export type NamedRow<T> = { name: string; namespace: string | null; value: T };

/**
 * Matches requested API names to org rows the way the platform reads them: a qualified name matches its
 * namespace exactly; an unqualified name prefers the un-namespaced record, and otherwise takes the one namespaced
 * record of that name. Several namespaced candidates and no un-namespaced one: ambiguous. Case-insensitive.
 */
export function matchNames<T>(
  requested: Iterable<string>,
  rows: ReadonlyArray<NamedRow<T>>,
  unknownReason: 'UNKNOWN_PERMISSION_SET' | 'UNKNOWN_GROUP'
): Map<string, T | Blocker> {
  const byName = new Map<string, Array<NamedRow<T>>>();
  for (const row of rows) {
    const key = row.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), row]);
  }
  const result = new Map<string, T | Blocker>();
  for (const wanted of requested) {
    const { namespace, name } = splitQualifiedName(wanted);
    const candidates = byName.get(name.toLowerCase()) ?? [];
    result.set(wanted, pick(wanted, namespace, candidates, unknownReason));
  }
  return result;
}

function pick<T>(
  wanted: string,
  namespace: string | null,
  candidates: ReadonlyArray<NamedRow<T>>,
  unknownReason: 'UNKNOWN_PERMISSION_SET' | 'UNKNOWN_GROUP'
): T | Blocker {
  if (namespace !== null) {
    const exact = candidates.find((c) => c.namespace?.toLowerCase() === namespace.toLowerCase());
    return exact ? exact.value : { reason: unknownReason, tokens: [wanted] };
  }
  const local = candidates.find((c) => !c.namespace);
  if (local) return local.value;
  if (candidates.length === 1) return candidates[0].value;
  if (candidates.length === 0) return { reason: unknownReason, tokens: [wanted] };
  const options = candidates.map((c) => qualifiedName(c.namespace, c.name)).sort().join(', ');
  return { reason: 'AMBIGUOUS_NAME', tokens: [wanted, options] };
}

export function isBlocker(value: unknown): value is Blocker {
  return typeof value === 'object' && value !== null && 'reason' in value && 'tokens' in value;
}
