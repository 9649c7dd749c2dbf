import { FIELD_ACCESSES, type AccessKey, type FieldAccess, OBJECT_ACCESSES, type ObjectAccess, type ParsedKey } from './types.js';

export const objectKey = (object: string, access: ObjectAccess): AccessKey => `${object}.${access}`;
export const fieldKey = (object: string, field: string, access: FieldAccess): AccessKey => `${object}.${field}.${access}`;
export const systemKey = (permission: string): AccessKey => permission;
/**
 * A custom permission (metadata `customPermissions`, SetupEntityAccess in the org). The prefix keeps it apart from a
 * system permission of the same name; like a system permission it implies nothing else.
 */
export const customPermissionKey = (name: string): AccessKey => `CustomPermission:${name}`;

/** Reads a key back; undefined when it is not one of the three shapes. */
export function parseKey(key: AccessKey): ParsedKey | undefined {
  const parts = key.split('.');
  if (parts.some((part) => part.length === 0)) return undefined;
  if (parts.length === 1) return { kind: 'system', permission: parts[0] };
  if (parts.length === 2 && (OBJECT_ACCESSES as readonly string[]).includes(parts[1])) {
    return { kind: 'object', object: parts[0], access: parts[1] as ObjectAccess };
  }
  if (parts.length === 3 && (FIELD_ACCESSES as readonly string[]).includes(parts[2])) {
    return { kind: 'field', object: parts[0], field: parts[1], access: parts[2] as FieldAccess };
  }
  return undefined;
}

/**
 * What each object access requires on the same object, as the Object Reference documents for ObjectPermissions:
 * Create and Edit require Read; Delete requires Read and Edit; View All requires Read; Modify All requires Read,
 * Edit, Delete and View All. Salesforce refuses to save a row that breaks these, so a grant implies its requirements.
 */
const OBJECT_REQUIRES: Record<ObjectAccess, readonly ObjectAccess[]> = {
  Read: [],
  Create: ['Read'],
  Edit: ['Read'],
  Delete: ['Read', 'Edit'],
  ViewAll: ['Read'],
  ModifyAll: ['Read', 'Edit', 'Delete', 'ViewAll'],
};
/** FieldPermissions (Object Reference): "PermissionsEdit … Requires PermissionsRead for the same field to be true". */
const FIELD_REQUIRES: Record<FieldAccess, readonly FieldAccess[]> = { Read: [], Edit: ['Read'] };

/** The keys a grant of `key` implies (its requirements), itself included. */
export function impliedBy(key: AccessKey): AccessKey[] {
  const parsed = parseKey(key);
  if (parsed?.kind === 'object') return [key, ...OBJECT_REQUIRES[parsed.access].map((a) => objectKey(parsed.object, a))];
  if (parsed?.kind === 'field') return [key, ...FIELD_REQUIRES[parsed.access].map((a) => fieldKey(parsed.object, parsed.field, a))];
  return [key];
}

/**
 * The keys a mute of `key` silences: itself and every access that requires it (muting Read leaves no Edit standing,
 * muting Delete no Modify All). Derived from the documented requirements above; how Salesforce shows a partial
 * mute is unverified.
 */
export function silencedBy(key: AccessKey): AccessKey[] {
  const parsed = parseKey(key);
  if (parsed?.kind === 'object') {
    const dependents = OBJECT_ACCESSES.filter((a) => OBJECT_REQUIRES[a].includes(parsed.access));
    return [key, ...dependents.map((a) => objectKey(parsed.object, a))];
  }
  if (parsed?.kind === 'field') {
    const dependents = FIELD_ACCESSES.filter((a) => FIELD_REQUIRES[a].includes(parsed.access));
    return [key, ...dependents.map((a) => fieldKey(parsed.object, parsed.field, a))];
  }
  return [key];
}

/** A set's grants with their implications. */
export function expandGrants(grants: Iterable<AccessKey>): Set<AccessKey> {
  const out = new Set<AccessKey>();
  for (const key of grants) for (const implied of impliedBy(key)) out.add(implied);
  return out;
}

/** A mute's keys with everything they silence. */
export function expandMutes(mutes: Iterable<AccessKey>): Set<AccessKey> {
  const out = new Set<AccessKey>();
  for (const key of mutes) for (const silenced of silencedBy(key)) out.add(silenced);
  return out;
}

/** The `PermissionsXxx` field of a system permission key, and back (case kept as given). */
export const permissionField = (permission: string): string => `Permissions${permission}`;
export const permissionOfField = (field: string): string | undefined => (/^Permissions(.+)$/.exec(field)?.[1] ?? undefined);

/** Keys from one ObjectPermissions row (`PermissionsRead`… booleans); on a mute's row `true` means muted. */
export function objectRowKeys(object: string, row: Readonly<Record<string, unknown>>): AccessKey[] {
  const columns: Record<ObjectAccess, string> = {
    Read: 'PermissionsRead',
    Create: 'PermissionsCreate',
    Edit: 'PermissionsEdit',
    Delete: 'PermissionsDelete',
    ViewAll: 'PermissionsViewAllRecords',
    ModifyAll: 'PermissionsModifyAllRecords',
  };
  return OBJECT_ACCESSES.filter((a) => row[columns[a]] === true).map((a) => objectKey(object, a));
}

/** Keys from one FieldPermissions row (`Field` is `Object.Field`). */
export function fieldRowKeys(qualifiedField: string, row: Readonly<Record<string, unknown>>): AccessKey[] {
  const [object, field] = qualifiedField.split('.');
  if (!object || !field) return [];
  const keys: AccessKey[] = [];
  if (row.PermissionsRead === true) keys.push(fieldKey(object, field, 'Read'));
  if (row.PermissionsEdit === true) keys.push(fieldKey(object, field, 'Edit'));
  return keys;
}

/**
 * Keys from a metadata-format `objectPermissions` block (PermissionSet / MutingPermissionSet XML: `allowRead`,
 * `allowCreate`, `allowEdit`, `allowDelete`, `viewAllRecords`, `modifyAllRecords`), for the source audit.
 */
export function metadataObjectKeys(object: string, block: Readonly<Record<string, unknown>>): AccessKey[] {
  const tags: Record<ObjectAccess, string> = { Read: 'allowRead', Create: 'allowCreate', Edit: 'allowEdit', Delete: 'allowDelete', ViewAll: 'viewAllRecords', ModifyAll: 'modifyAllRecords' };
  const on = (value: unknown): boolean => value === true || value === 'true';
  return OBJECT_ACCESSES.filter((a) => on(block[tags[a]])).map((a) => objectKey(object, a));
}

/** Keys from a metadata-format `fieldPermissions` block (`field` is `Object.Field`; `readable`, `editable`). */
export function metadataFieldKeys(qualifiedField: string, block: Readonly<Record<string, unknown>>): AccessKey[] {
  const on = (value: unknown): boolean => value === true || value === 'true';
  return fieldRowKeys(qualifiedField, { PermissionsRead: on(block.readable), PermissionsEdit: on(block.editable) });
}
