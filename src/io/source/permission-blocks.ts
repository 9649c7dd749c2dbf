import { type FieldPermission, type NamedPermission, type ObjectPermission, type Permissions } from '../../planning/audit/model.js';

export type XmlNode = Record<string, unknown>;
/** A parsed file: its root element's name and content. */
export type XmlRoot = { name: string; node: XmlNode };

/**
 * The permission blocks of a set or mute, merged over its files. A whole file keeps them as children of its root
 * (`<PermissionSet><objectPermissions>…`); so do a decomposed set's part files in source-deploy-retrieve's
 * decomposePermissionSetBeta2 layout (objectSettings, userPermissions…). Its older per-entry layout names the part
 * file's root after the entry's child type (ObjectPermission, FieldPermission, UserPermission, CustomPermissions,
 * the names in its registry) and holds one entry's fields: both are read.
 */
export function permissionsOf(roots: XmlRoot[]): Permissions {
  const out: Permissions = { objectPermissions: [], fieldPermissions: [], userPermissions: [], customPermissions: [] };
  for (const { name, node } of roots) {
    for (const o of entries(node, 'objectPermissions')) out.objectPermissions.push(objectPermission(o));
    for (const f of entries(node, 'fieldPermissions')) out.fieldPermissions.push(fieldPermission(f));
    for (const u of entries(node, 'userPermissions')) out.userPermissions.push(named(u));
    for (const c of entries(node, 'customPermissions')) out.customPermissions.push(named(c));
    const entry = ENTRY_ROOTS[name.toLowerCase()];
    if (entry === 'object') out.objectPermissions.push(objectPermission(node));
    else if (entry === 'field') out.fieldPermissions.push(fieldPermission(node));
    else if (entry === 'user') out.userPermissions.push(named(node));
    else if (entry === 'custom') out.customPermissions.push(named(node));
  }
  return out;
}

const ENTRY_ROOTS: Record<string, 'object' | 'field' | 'user' | 'custom' | undefined> = {
  objectpermission: 'object',
  objectpermissions: 'object',
  fieldpermission: 'field',
  fieldpermissions: 'field',
  userpermission: 'user',
  userpermissions: 'user',
  custompermission: 'custom',
  custompermissions: 'custom',
};

function entries(root: XmlNode, key: string): XmlNode[] {
  const value = root[key];
  return Array.isArray(value) ? value.filter((v): v is XmlNode => v !== null && typeof v === 'object') : [];
}

const str = (node: XmlNode, key: string): string => (typeof node[key] === 'string' ? node[key] : '').trim();
const yes = (node: XmlNode, key: string): boolean => str(node, key) === 'true';

function objectPermission(node: XmlNode): ObjectPermission {
  return {
    object: str(node, 'object'),
    allowRead: yes(node, 'allowRead'),
    allowCreate: yes(node, 'allowCreate'),
    allowEdit: yes(node, 'allowEdit'),
    allowDelete: yes(node, 'allowDelete'),
    viewAllRecords: yes(node, 'viewAllRecords'),
    modifyAllRecords: yes(node, 'modifyAllRecords'),
  };
}

function fieldPermission(node: XmlNode): FieldPermission {
  return { field: str(node, 'field'), readable: yes(node, 'readable'), editable: yes(node, 'editable') };
}

function named(node: XmlNode): NamedPermission {
  return { name: str(node, 'name'), enabled: yes(node, 'enabled') };
}
