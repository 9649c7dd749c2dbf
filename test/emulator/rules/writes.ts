import { SalesforceError, type StoredRecord } from '../store/types.js';
import { assignmentRules } from './assignment-rules.js';
import { violation } from './catalogue.js';
import { type RuleContext } from './context.js';
import { checkRequired, coerceFields } from './field-rules.js';
import { componentRules, groupRules } from './group-rules.js';
import { licenseAssignmentRules, permissionSetLicenseRules, userLicenseRules, userRules } from './license-rules.js';
import { type ObjectRules } from './object-rules.js';
import { mutingPermissionSetRules, permissionRowRules, permissionSetRules, profileRules } from './permission-set-rules.js';
import { checkRunningUser } from './running-user-rules.js';

const RULES_BY_OBJECT: Record<string, ObjectRules> = {
  PermissionSetAssignment: assignmentRules,
  PermissionSetLicenseAssign: licenseAssignmentRules,
  PermissionSetLicense: permissionSetLicenseRules,
  UserLicense: userLicenseRules,
  User: userRules,
  Profile: profileRules,
  PermissionSet: permissionSetRules,
  MutingPermissionSet: mutingPermissionSetRules,
  PermissionSetGroup: groupRules,
  PermissionSetGroupComponent: componentRules,
  ObjectPermissions: permissionRowRules('ObjectPermissions'),
  FieldPermissions: permissionRowRules('FieldPermissions'),
  SetupEntityAccess: permissionRowRules('SetupEntityAccess'),
};

function rulesFor(type: string): ObjectRules {
  return RULES_BY_OBJECT[type] ?? {};
}

/** Creates one record the way Salesforce would: field checks, defaults, object rules, then derived changes. */
export function createRecord(ctx: RuleContext, type: string, input: Record<string, unknown>): StoredRecord {
  const def = ctx.store.objectFor(type);
  if (!def.createable && !ctx.seeding) {
    throw violation('operationNotAllowed', `entity type ${def.name} does not support insert`, [], 400);
  }
  checkRunningUser(ctx, def.name, 'create');
  const rules = rulesFor(def.name);
  const seededId = ctx.seeding && typeof input.Id === 'string' ? input.Id : undefined;
  const fields = coerceFields(ctx, def, seededId ? withoutId(input) : input, 'create');
  rules.defaults?.(ctx, fields);
  checkRequired(def, fields);
  rules.beforeCreate?.(ctx, fields);
  const record = ctx.store.insert(def.name, seededId ? { ...fields, Id: seededId } : fields);
  rules.afterCreate?.(ctx, record);
  return record;
}

export function updateRecord(ctx: RuleContext, id: string, input: Record<string, unknown>): StoredRecord {
  const existing = requireRecord(ctx, id);
  const def = ctx.store.objectFor(String(ctx.store.typeOfId(existing.Id)));
  if (!def.updateable) throw violation('operationNotAllowed', `entity type ${def.name} does not support update`);
  checkRunningUser(ctx, def.name, 'update');
  const rules = rulesFor(def.name);
  const fields = coerceFields(ctx, def, input, 'update');
  const before = { ...existing };
  rules.beforeUpdate?.(ctx, existing, fields);
  const record = ctx.store.update(existing.Id, fields);
  rules.afterUpdate?.(ctx, record, before);
  return record;
}

export function deleteRecord(ctx: RuleContext, id: string): StoredRecord {
  const existing = requireRecord(ctx, id);
  const def = ctx.store.objectFor(String(ctx.store.typeOfId(existing.Id)));
  if (!def.deletable && !ctx.seeding) throw violation('operationNotAllowed', `entity type ${def.name} does not support delete`);
  checkRunningUser(ctx, def.name, 'delete');
  const rules = rulesFor(def.name);
  rules.beforeDelete?.(ctx, existing);
  ctx.store.delete(existing.Id);
  rules.afterDelete?.(ctx, existing);
  return existing;
}

function withoutId(input: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...input };
  delete copy.Id;
  return copy;
}

/** The record, or the error Salesforce gives for an Id that names nothing (404 for single-record calls). */
export function requireRecord(ctx: RuleContext, id: string): StoredRecord {
  const record = ctx.store.get(id);
  if (record) return record;
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id) || !ctx.store.typeOfId(id)) {
    throw new SalesforceError('MALFORMED_ID', `malformed id ${id}`, [], 400);
  }
  throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
}
