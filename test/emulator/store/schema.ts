import { type ChildRelationshipDef, type FieldDef, type FieldType, type ObjectDef } from './types.js';

/**
 * The permissions data model as the Salesforce Object Reference describes it (API names, types, create/update
 * access, relationship names). Key prefixes are the real ones; 0PH (PermissionSetGroupComponent) and 0QM
 * (MutingPermissionSet) are unverified. Only the fields this project and the sf CLI touch are modelled.
 */

type Access = 'read' | 'create' | 'create-update';
type FieldOptions = { required?: boolean; referenceTo?: string[]; relationshipName?: string; picklistValues?: string[]; label?: string };

function field(name: string, type: FieldType, access: Access, options: FieldOptions = {}): FieldDef {
  return {
    name,
    type,
    label: options.label ?? name.replace(/Id$/, ' ID').replace(/([a-z])([A-Z])/g, '$1 $2'),
    referenceTo: options.referenceTo,
    relationshipName: options.relationshipName,
    picklistValues: options.picklistValues,
    createable: access !== 'read',
    updateable: access === 'create-update',
    nillable: !options.required && type !== 'boolean',
  };
}

const ref = (name: string, access: Access, referenceTo: string[], relationshipName: string, required = false): FieldDef =>
  field(name, 'reference', access, { referenceTo, relationshipName, required });

/**
 * Id and the audit fields. Most objects have all of them; PermissionSetAssignment has only SystemModstamp (labelled
 * "Date Assigned" in the Field Reference, which lists no CreatedDate or LastModified* for it). IsDeleted only where
 * the references list it (PermissionSetGroup, PermissionSetGroupComponent, PermissionSetLicenseAssign).
 */
function standardFields(audit: 'full' | 'modstamp', isDeleted: boolean): FieldDef[] {
  const fields = [field('Id', 'id', 'read', { required: true, label: 'Record ID' })];
  if (audit === 'full') {
    fields.push(
      field('CreatedDate', 'datetime', 'read'),
      ref('CreatedById', 'read', ['User'], 'CreatedBy'),
      field('LastModifiedDate', 'datetime', 'read'),
      ref('LastModifiedById', 'read', ['User'], 'LastModifiedBy')
    );
  }
  fields.push(field('SystemModstamp', 'datetime', 'read', audit === 'modstamp' ? { label: 'Date Assigned' } : {}));
  if (isDeleted) fields.push(field('IsDeleted', 'boolean', 'read', { label: 'Deleted' }));
  return fields;
}

/** The system permissions this emulated org has (a real org has hundreds, by edition and API version: discover them with describe). */
export const PERMISSION_FIELDS = [
  'PermissionsApiEnabled',
  'PermissionsViewSetup',
  'PermissionsViewAllData',
  'PermissionsModifyAllData',
  'PermissionsAssignPermissionSets',
  'PermissionsManageUsers',
  'PermissionsManageProfilesPermissionsets',
  'PermissionsRunReports',
].map((name) => field(name, 'boolean', 'create-update'));

type ObjectSpec = {
  name: string;
  label: string;
  labelPlural?: string;
  keyPrefix: string;
  access: { create: boolean; update: boolean; delete: boolean };
  fields: FieldDef[];
  children?: ChildRelationshipDef[];
  audit?: 'full' | 'modstamp';
  isDeleted?: boolean;
};

function object(spec: ObjectSpec): ObjectDef {
  const fields = Object.fromEntries([...standardFields(spec.audit ?? 'full', spec.isDeleted ?? false), ...spec.fields].map((f) => [f.name, f]));
  return {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural ?? `${spec.label}s`,
    keyPrefix: spec.keyPrefix,
    isSetup: true,
    createable: spec.access.create,
    updateable: spec.access.update,
    deletable: spec.access.delete,
    queryable: true,
    fields,
    childRelationships: spec.children ?? [],
  };
}

const child = (relationshipName: string, childSObject: string, fieldName: string): ChildRelationshipDef => ({ relationshipName, childSObject, field: fieldName });
const READ_ONLY = { create: false, update: false, delete: false };

const OBJECTS: ObjectDef[] = [
  object({
    name: 'Organization',
    label: 'Organization',
    keyPrefix: '00D',
    access: READ_ONLY,
    fields: [
      field('Name', 'string', 'read'),
      field('OrganizationType', 'string', 'read'),
      field('IsSandbox', 'boolean', 'read'),
      field('TrialExpirationDate', 'datetime', 'read'),
      field('InstanceName', 'string', 'read'),
      field('NamespacePrefix', 'string', 'read'),
    ],
  }),
  object({
    name: 'User',
    label: 'User',
    keyPrefix: '005',
    access: { create: true, update: true, delete: false },
    fields: [
      field('Username', 'string', 'create-update', { required: true }),
      field('FirstName', 'string', 'create-update'),
      field('LastName', 'string', 'create-update', { required: true }),
      field('Name', 'string', 'read', { label: 'Full Name' }),
      field('Email', 'string', 'create-update', { required: true }),
      field('Alias', 'string', 'create-update', { required: true }),
      field('IsActive', 'boolean', 'create-update', { label: 'Active' }),
      ref('ProfileId', 'create-update', ['Profile'], 'Profile', true),
      field('UserType', 'picklist', 'read', { picklistValues: ['Standard', 'PowerPartner', 'CspLitePortal', 'CustomerSuccess', 'PowerCustomerSuccess', 'CsnOnly', 'Guest'] }),
      field('TimeZoneSidKey', 'string', 'create-update'),
      field('LocaleSidKey', 'string', 'create-update'),
      field('LanguageLocaleKey', 'string', 'create-update'),
      field('EmailEncodingKey', 'string', 'create-update'),
      field('LastLoginDate', 'datetime', 'read'),
    ],
    children: [child('PermissionSetAssignments', 'PermissionSetAssignment', 'AssigneeId'), child('PermissionSetLicenseAssignments', 'PermissionSetLicenseAssign', 'AssigneeId')],
  }),
  object({
    name: 'Profile',
    label: 'Profile',
    keyPrefix: '00e',
    access: { create: false, update: true, delete: false },
    // A profile's system permissions are its Permissions* fields; its own permission set carries the same values.
    fields: [
      field('Name', 'string', 'create-update', { required: true }),
      ref('UserLicenseId', 'create', ['UserLicense'], 'UserLicense', true),
      field('Description', 'string', 'create-update'),
      ...PERMISSION_FIELDS,
    ],
    children: [child('Users', 'User', 'ProfileId')],
  }),
  object({
    name: 'UserLicense',
    label: 'User License',
    keyPrefix: '100',
    access: READ_ONLY,
    fields: [
      field('Name', 'string', 'read'),
      field('MasterLabel', 'string', 'read'),
      field('LicenseDefinitionKey', 'string', 'read'),
      field('Status', 'picklist', 'read', { picklistValues: ['Active', 'Disabled'] }),
      field('TotalLicenses', 'int', 'read'),
      field('UsedLicenses', 'int', 'read'),
    ],
  }),
  object({
    name: 'PermissionSet',
    label: 'Permission Set',
    keyPrefix: '0PS',
    access: { create: true, update: true, delete: true },
    fields: [
      field('Name', 'string', 'create-update', { required: true }),
      field('Label', 'string', 'create-update', { required: true }),
      field('Description', 'textarea', 'create-update'),
      ref('LicenseId', 'create', ['UserLicense', 'PermissionSetLicense'], 'License'),
      field('HasActivationRequired', 'boolean', 'create-update'),
      field('IsOwnedByProfile', 'boolean', 'read'),
      field('IsCustom', 'boolean', 'read'),
      field('NamespacePrefix', 'string', 'read'),
      ref('ProfileId', 'read', ['Profile'], 'Profile'),
      ref('PermissionSetGroupId', 'read', ['PermissionSetGroup'], 'PermissionSetGroup'),
      field('Type', 'picklist', 'read', { picklistValues: ['Regular', 'Group', 'Profile', 'Session', 'Standard'] }),
      ...PERMISSION_FIELDS,
    ],
    children: [
      child('Assignments', 'PermissionSetAssignment', 'PermissionSetId'),
      child('ObjectPerms', 'ObjectPermissions', 'ParentId'),
      child('FieldPerms', 'FieldPermissions', 'ParentId'),
      child('SetupEntityAccessItems', 'SetupEntityAccess', 'ParentId'),
      child('PermissionSetGroupComponents', 'PermissionSetGroupComponent', 'PermissionSetId'),
    ],
  }),
  object({
    name: 'PermissionSetGroup',
    label: 'Permission Set Group',
    keyPrefix: '0PG',
    access: { create: true, update: true, delete: true },
    isDeleted: true,
    fields: [
      field('DeveloperName', 'string', 'create-update', { required: true }),
      field('MasterLabel', 'string', 'create-update', { required: true }),
      field('Description', 'textarea', 'create-update'),
      field('HasActivationRequired', 'boolean', 'create-update'),
      field('NamespacePrefix', 'string', 'read'),
      field('Status', 'picklist', 'read', { picklistValues: ['Updated', 'Outdated', 'Updating', 'Failed'] }),
    ],
    children: [
      child('PermissionSetGroupComponents', 'PermissionSetGroupComponent', 'PermissionSetGroupId'),
      child('Assignments', 'PermissionSetAssignment', 'PermissionSetGroupId'),
    ],
  }),
  object({
    name: 'PermissionSetGroupComponent',
    label: 'Permission Set Group Component',
    keyPrefix: '0PH',
    access: { create: true, update: false, delete: true },
    isDeleted: true,
    fields: [
      ref('PermissionSetGroupId', 'create', ['PermissionSetGroup'], 'PermissionSetGroup', true),
      ref('PermissionSetId', 'create', ['PermissionSet', 'MutingPermissionSet'], 'PermissionSet', true),
    ],
  }),
  object({
    name: 'MutingPermissionSet',
    label: 'Muting Permission Set',
    keyPrefix: '0QM',
    access: { create: true, update: true, delete: true },
    fields: [
      field('DeveloperName', 'string', 'create-update', { required: true }),
      field('MasterLabel', 'string', 'create-update', { required: true }),
      field('Description', 'textarea', 'create-update'),
      field('NamespacePrefix', 'string', 'read'),
      ...PERMISSION_FIELDS,
    ],
  }),
  object({
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    keyPrefix: '0Pa',
    access: { create: true, update: true, delete: true },
    audit: 'modstamp',
    fields: [
      ref('AssigneeId', 'create', ['User'], 'Assignee', true),
      ref('PermissionSetId', 'create', ['PermissionSet'], 'PermissionSet'),
      ref('PermissionSetGroupId', 'create', ['PermissionSetGroup'], 'PermissionSetGroup'),
      field('ExpirationDate', 'datetime', 'create-update'),
      field('IsActive', 'boolean', 'read'),
      field('IsRevoked', 'boolean', 'read'),
    ],
  }),
  object({
    name: 'PermissionSetLicense',
    label: 'Permission Set License',
    keyPrefix: '0PL',
    access: READ_ONLY,
    fields: [
      field('DeveloperName', 'string', 'read'),
      field('MasterLabel', 'string', 'read'),
      field('PermissionSetLicenseKey', 'string', 'read'),
      field('TotalLicenses', 'int', 'read'),
      field('UsedLicenses', 'int', 'read'),
      field('Status', 'picklist', 'read', { picklistValues: ['Active', 'Disabled'] }),
      field('ExpirationDate', 'date', 'read'),
      field('IsAvailableForIntegrations', 'boolean', 'read'),
    ],
    children: [child('PermissionSetLicenseAssignments', 'PermissionSetLicenseAssign', 'PermissionSetLicenseId')],
  }),
  object({
    name: 'PermissionSetLicenseAssign',
    label: 'Permission Set License Assignment',
    keyPrefix: '2LA',
    access: { create: true, update: false, delete: true },
    isDeleted: true,
    fields: [ref('AssigneeId', 'create', ['User'], 'Assignee', true), ref('PermissionSetLicenseId', 'create', ['PermissionSetLicense'], 'PermissionSetLicense', true)],
  }),
  object({
    name: 'ObjectPermissions',
    label: 'Object Permissions',
    labelPlural: 'Object Permissions',
    keyPrefix: '110',
    access: { create: true, update: true, delete: true },
    fields: [
      // Polymorphic: a permission set's rows grant, a muting permission set's rows mute (Object Reference).
      ref('ParentId', 'create', ['PermissionSet', 'MutingPermissionSet'], 'Parent', true),
      field('SobjectType', 'string', 'create', { required: true }),
      ...['PermissionsRead', 'PermissionsCreate', 'PermissionsEdit', 'PermissionsDelete', 'PermissionsViewAllRecords', 'PermissionsModifyAllRecords'].map((n) =>
        field(n, 'boolean', 'create-update')
      ),
    ],
  }),
  object({
    name: 'FieldPermissions',
    label: 'Field Permissions',
    labelPlural: 'Field Permissions',
    keyPrefix: '01k',
    access: { create: true, update: true, delete: true },
    fields: [
      ref('ParentId', 'create', ['PermissionSet', 'MutingPermissionSet'], 'Parent', true),
      field('SobjectType', 'string', 'create', { required: true }),
      field('Field', 'string', 'create', { required: true }),
      field('PermissionsRead', 'boolean', 'create-update'),
      field('PermissionsEdit', 'boolean', 'create-update'),
    ],
  }),
  object({
    name: 'SetupEntityAccess',
    label: 'Setup Entity Access',
    labelPlural: 'Setup Entity Access',
    keyPrefix: '0J0',
    access: { create: true, update: false, delete: true },
    fields: [
      ref('ParentId', 'create', ['PermissionSet'], 'Parent', true),
      ref('SetupEntityId', 'create', ['ApexClass', 'ApexPage', 'CustomPermission', 'ConnectedApplication', 'TabSet'], 'SetupEntity', true),
      field('SetupEntityType', 'string', 'create'),
    ],
  }),
  // Salesforce's own verdicts for the running user (the emulator computes the rows when they are queried, from the
  // same rules: org/access-views.ts). Key prefixes unverified; only the fields this project reads are modelled.
  object({
    name: 'UserEntityAccess',
    label: 'User Entity Access',
    labelPlural: 'User Entity Access',
    keyPrefix: '0UA',
    access: READ_ONLY,
    audit: 'modstamp',
    fields: [
      field('DurableId', 'string', 'read'),
      ref('UserId', 'read', ['User'], 'User'),
      field('EntityDefinitionId', 'string', 'read'),
      ...['IsReadable', 'IsCreatable', 'IsEditable', 'IsUpdatable', 'IsDeletable'].map((n) => field(n, 'boolean', 'read')),
    ],
  }),
  object({
    name: 'UserFieldAccess',
    label: 'User Field Access',
    labelPlural: 'User Field Access',
    keyPrefix: '0UB',
    access: READ_ONLY,
    audit: 'modstamp',
    fields: [
      field('DurableId', 'string', 'read'),
      ref('UserId', 'read', ['User'], 'User'),
      field('EntityDefinitionId', 'string', 'read'),
      field('FieldDefinitionId', 'string', 'read'),
      ...['IsAccessible', 'IsCreatable', 'IsUpdatable'].map((n) => field(n, 'boolean', 'read')),
    ],
  }),
  object({
    name: 'UserPermissionAccess',
    label: 'User Permission Access',
    labelPlural: 'User Permission Access',
    keyPrefix: '0UC',
    access: READ_ONLY,
    audit: 'modstamp',
    fields: PERMISSION_FIELDS.map((f) => ({ ...f, createable: false, updateable: false })),
  }),
];

export const SCHEMA: Readonly<Record<string, ObjectDef>> = Object.fromEntries(OBJECTS.map((o) => [o.name, o]));
