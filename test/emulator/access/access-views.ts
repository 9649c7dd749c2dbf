import { type EmulatedOrg } from '../org/emulated-org.js';
import { PERMISSION_FIELDS } from '../store/schema.js';
import { type ObjectDef } from '../store/types.js';
import { effectiveAccessOf } from './effective-access.js';

const VIEWS = ['UserEntityAccess', 'UserFieldAccess', 'UserPermissionAccess'];
const MENTIONS_VIEW = /\bUser(?:Entity|Field|Permission)Access\b/i;

/** Whether a SOQL text reads one of the running user's access views (then they are computed before it runs). */
export const readsAccessViews = (soql: string): boolean => MENTIONS_VIEW.test(soql);

function entityRow(def: ObjectDef, userId: string, columns: Set<string> | undefined): Record<string, unknown> {
  const has = (c: string): boolean => columns?.has(c) === true;
  return {
    DurableId: `${def.name}.${userId}`,
    UserId: userId,
    EntityDefinitionId: def.name,
    IsReadable: has('PermissionsRead'),
    IsCreatable: has('PermissionsCreate'),
    IsEditable: has('PermissionsEdit'),
    IsUpdatable: has('PermissionsEdit'),
    IsDeletable: has('PermissionsDelete'),
  };
}

/**
 * Rebuilds UserEntityAccess / UserFieldAccess / UserPermissionAccess for the org's own user (the running user:
 * Salesforce answers these for the current user only) from the org's records as they are now.
 */
export function refreshAccessViews(org: EmulatedOrg): void {
  const { store } = org;
  for (const view of VIEWS) for (const row of [...store.all(view)]) store.delete(row.Id);
  const userId = org.identity.userId;
  const access = effectiveAccessOf(store, userId, org.clock.now());
  for (const def of Object.values(store.schema).filter((d) => d.dataObject === true)) {
    const objectColumns = access.objects.get(def.name);
    store.insert('UserEntityAccess', entityRow(def, userId, objectColumns));
    const objectRead = objectColumns?.has('PermissionsRead') === true;
    for (const field of Object.values(def.fields)) {
      if (field.name === 'Id') continue;
      const qualified = `${def.name}.${field.name}`;
      // Field access needs object Read; a field without field permissions (Name) follows the object itself.
      const columns = field.permissionable ? access.fields.get(qualified) : objectColumns;
      const readable = objectRead && columns?.has('PermissionsRead') === true;
      const editable = readable && columns?.has('PermissionsEdit') === true && field.updateable;
      store.insert('UserFieldAccess', {
        DurableId: `${qualified}.${userId}`,
        UserId: userId,
        EntityDefinitionId: def.name,
        FieldDefinitionId: qualified,
        IsAccessible: readable,
        IsCreatable: editable && field.createable,
        IsUpdatable: editable,
      });
    }
  }
  store.insert('UserPermissionAccess', Object.fromEntries(PERMISSION_FIELDS.map((f) => [f.name, access.permissions.has(f.name)])));
}
