import { closestNames } from '../names/closest.js';
import { fieldKey, objectKey, systemKey } from './keys.js';
import { type AccessKey, OBJECT_ACCESSES, FIELD_ACCESSES } from './types.js';

export { closestNames };

/** What describe says of one object, as far as the asked accesses need it. */
export type ObjectDescribe = { name: string; fields: Array<{ name: string; permissionable: boolean }> };

export type Asked = { objects: readonly string[]; fields: readonly string[]; permissions: readonly string[] };

export type AskedAccess = {
  keys: AccessKey[];
  /** Canonical object names whose ObjectPermissions rows are needed (the asked ones and the objects of asked fields). */
  objects: string[];
  /** Canonical `Object.Field` names of asked fields that take field permissions. */
  fields: string[];
  /** Asked fields that take none (Name): their access follows the object's. */
  objectFields: string[];
  /** Canonical system permission names (without the Permissions prefix). */
  permissions: string[];
};

/** A refusal: the message key of permset.explain.md and its tokens. */
export type AskProblem = { key: string; tokens: string[] };

/** A field must be given as Object.Field; checked before anything is read. */
export function fieldFormProblem(fields: readonly string[]): AskProblem | undefined {
  const bad = fields.find((f) => !/^[^.\s]+\.[^.\s]+$/.test(f));
  return bad === undefined ? undefined : { key: 'error.FieldWithoutObject', tokens: [bad] };
}

/** The objects whose describe the asked accesses need (asked objects and the objects of asked fields), first spelling kept. */
export function objectsToDescribe(asked: Asked): string[] {
  const names = new Map<string, string>();
  for (const name of [...asked.objects, ...asked.fields.map((f) => f.split('.')[0])]) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  return [...names.values()];
}

const orNone = (names: string[]): string => (names.length > 0 ? names.join(', ') : '(none close)');

/**
 * The asked accesses as keys in the org's spelling, or the first problem: an object describe did not find, a field
 * the object lacks, a permission that is not a Permissions* field of PermissionSet. Unknown objects name the
 * closest objects of `globalNames` when given (the service reads describeGlobal only then).
 */
export function resolveAsked(asked: Asked, describes: ReadonlyMap<string, ObjectDescribe | undefined>, permissionNames: readonly string[], globalNames: readonly string[] = []): AskedAccess | AskProblem {
  const described = (name: string): ObjectDescribe | undefined => [...describes].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  for (const name of objectsToDescribe(asked)) {
    if (!described(name)) return { key: 'error.UnknownObject', tokens: [name, orNone(closestNames(name, globalNames))] };
  }
  const out: AskedAccess = { keys: [], objects: [], fields: [], objectFields: [], permissions: [] };
  for (const name of asked.objects) {
    const object = described(name)!.name;
    if (!out.objects.includes(object)) out.objects.push(object);
    out.keys.push(...OBJECT_ACCESSES.map((a) => objectKey(object, a)));
  }
  for (const qualified of asked.fields) {
    const [objectName, fieldName] = qualified.split('.');
    const object = described(objectName)!;
    const field = object.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
    if (!field) return { key: 'error.UnknownField', tokens: [qualified, object.name, orNone(closestNames(fieldName, object.fields.map((f) => f.name)).map((f) => `${object.name}.${f}`))] };
    if (!out.objects.includes(object.name)) out.objects.push(object.name);
    (field.permissionable ? out.fields : out.objectFields).push(`${object.name}.${field.name}`);
    out.keys.push(...FIELD_ACCESSES.map((a) => fieldKey(object.name, field.name, a)));
  }
  for (const wanted of asked.permissions) {
    const bare = wanted.replace(/^permissions/i, '');
    const found = permissionNames.find((p) => p.toLowerCase() === bare.toLowerCase());
    if (!found) return { key: 'error.UnknownPermission', tokens: [wanted, orNone(closestNames(bare, permissionNames))] };
    if (!out.permissions.includes(found)) out.permissions.push(found);
    out.keys.push(systemKey(found));
  }
  return { ...out, keys: [...new Set(out.keys)] };
}

export const isProblem = (value: AskedAccess | AskProblem): value is AskProblem => 'key' in value;
