import { type FieldDef, type ObjectDef, type RecordStore, type StoredRecord } from '../store/types.js';
import { noSuchColumn, unknownRelationship } from './errors.js';

/** A validated field path: relationship hops (canonical names and the reference fields behind them), then the field. */
export type FieldPath = {
  /** As written in the query, for errors and aggregate keys. */
  raw: string;
  hops: Array<{ relationshipName: string; referenceField: string }>;
  /** Canonical field name on the last object; for polymorphic hops the field is looked up on the record's type. */
  field: string;
  /** The field's definition where the target object is known (not across a polymorphic hop). */
  def?: FieldDef;
};

function fieldOf(def: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return Object.values(def.fields).find((f) => f.name.toLowerCase() === lower);
}

/** Resolves `Assignee.Profile.UserLicenseId` from `def`, throwing Salesforce's INVALID_FIELD errors. */
export function resolvePath(store: RecordStore, soql: string, def: ObjectDef, raw: string): FieldPath {
  const parts = raw.split('.');
  // A path may start with the object's own name (SELECT PermissionSet.Name FROM PermissionSet).
  if (parts.length > 1 && parts[0].toLowerCase() === def.name.toLowerCase() && !relationshipOf(def, parts[0])) parts.shift();
  const hops: FieldPath['hops'] = [];
  let current: ObjectDef | undefined = def;
  for (const part of parts.slice(0, -1)) {
    const reference: FieldDef | undefined = current ? relationshipOf(current, part) : undefined;
    if (current && !reference) throw unknownRelationship(soql, part);
    hops.push({ relationshipName: reference?.relationshipName ?? part, referenceField: reference?.name ?? `${part}Id` });
    const targets: string[] = reference?.referenceTo?.filter((t) => t in store.schema) ?? [];
    current = targets.length === 1 ? store.schema[targets[0]] : undefined;
  }
  const last = parts[parts.length - 1];
  if (!current) return { raw, hops, field: last };
  const field = fieldOf(current, last);
  if (!field) throw noSuchColumn(soql, last, current.name);
  return { raw, hops, field: field.name, def: field };
}

function relationshipOf(def: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return Object.values(def.fields).find((f) => f.relationshipName?.toLowerCase() === lower);
}

/** The record at the end of the hops (undefined when a reference on the way is null). */
export function follow(store: RecordStore, record: StoredRecord, path: FieldPath): StoredRecord | undefined {
  let current: StoredRecord | undefined = record;
  for (const hop of path.hops) {
    const id: unknown = current?.[hop.referenceField];
    current = typeof id === 'string' ? store.get(id) : undefined;
    if (!current) return undefined;
  }
  return current;
}

export function valueAt(store: RecordStore, record: StoredRecord, path: FieldPath): string | number | boolean | null {
  const target = follow(store, record, path);
  if (!target) return null;
  if (path.def || path.hops.length === 0) return target[path.field] ?? null;
  const key = Object.keys(target).find((k) => k.toLowerCase() === path.field.toLowerCase());
  return key ? target[key] : null;
}
