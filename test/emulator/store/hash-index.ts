import { canonicalId, isCanonical18 } from './ids.js';

/** How values of a field are keyed: Ids by their canonical 18-character form, names case-insensitively. */
export type KeyKind = 'id' | 'text';

const NULL_KEY = '\u0000null';
/** Buckets stay arrays (cheap in memory) until they grow past this, then become Sets (cheap to delete from). */
const ARRAY_LIMIT = 16;

/** The index key of a value; SOQL compares strings case-insensitively and Ids in either length or case. */
export function keyOf(kind: KeyKind, value: unknown): string {
  if (value === null || value === undefined) return NULL_KEY;
  if (typeof value !== 'string') return JSON.stringify(value);
  if (kind === 'id') return isCanonical18(value) ? value : canonicalId(value);
  return value.toLowerCase();
}

/**
 * A hash index from a field's key to the Ids of the records holding it. Nulls are not indexed (most assignments have
 * no PermissionSetGroupId; a 300,000-entry null bucket would only cost insert time): looking up null answers
 * undefined, and the store scans instead.
 */
export class HashIndex {
  private readonly buckets = new Map<string, string[] | Set<string>>();

  public constructor(public readonly kind: KeyKind) {}

  public add(value: unknown, id: string): void {
    if (value === null || value === undefined) return;
    const key = keyOf(this.kind, value);
    const bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, [id]);
    else if (bucket instanceof Set) bucket.add(id);
    else if (bucket.length < ARRAY_LIMIT) {
      if (!bucket.includes(id)) bucket.push(id);
    } else this.buckets.set(key, new Set([...bucket, id]));
  }

  public remove(value: unknown, id: string): void {
    if (value === null || value === undefined) return;
    const key = keyOf(this.kind, value);
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    if (bucket instanceof Set) bucket.delete(id);
    else {
      const at = bucket.indexOf(id);
      if (at >= 0) bucket.splice(at, 1);
    }
    if ((bucket instanceof Set ? bucket.size : bucket.length) === 0) this.buckets.delete(key);
  }

  /** The Ids holding the value, in insertion order (a copy: callers may change the store while iterating). */
  public lookup(value: unknown): string[] | undefined {
    if (value === null || value === undefined) return undefined;
    const bucket = this.buckets.get(keyOf(this.kind, value));
    return bucket ? [...bucket] : [];
  }
}
