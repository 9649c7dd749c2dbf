import { type FieldDef, type FieldType, type ObjectDef } from './types.js';

/**
 * The org's data objects, for describe (GET /sobjects, /sobjects/<Object>/describe) and for the SobjectType / Field
 * of permission rows: a few standard objects with common fields, plus the custom objects a seed declares
 * (`"objects": [{"name": "Invoice__c", "label": "Invoice", "fields": ["Amount__c"]}]`). They hold no records the
 * emulator cares about. Key prefixes are the real ones for the standard objects; custom ones get a01, a02, ….
 * `permissionable` is describe's flag: required fields such as Name take no field permissions (readable with the object).
 */
export type SeedObject = { name: string; label?: string; fields?: string[] };

type Spec = { name: string; label: string; keyPrefix: string; required: string[]; fields: Array<[string, FieldType]> };

const STANDARD: Spec[] = [
  { name: 'Account', label: 'Account', keyPrefix: '001', required: ['Name'], fields: [['Industry', 'picklist'], ['Rating', 'picklist'], ['Type', 'picklist'], ['Phone', 'string'], ['Website', 'string'], ['AnnualRevenue', 'double'], ['NumberOfEmployees', 'int'], ['Description', 'textarea']] },
  { name: 'Contact', label: 'Contact', keyPrefix: '003', required: ['LastName'], fields: [['FirstName', 'string'], ['Email', 'string'], ['Phone', 'string'], ['Title', 'string'], ['AccountId', 'reference'], ['Birthdate', 'date']] },
  { name: 'Opportunity', label: 'Opportunity', keyPrefix: '006', required: ['Name', 'StageName', 'CloseDate'], fields: [['Amount', 'double'], ['Probability', 'double'], ['AccountId', 'reference'], ['NextStep', 'string'], ['Description', 'textarea']] },
  { name: 'Case', label: 'Case', keyPrefix: '500', required: [], fields: [['Subject', 'string'], ['Status', 'picklist'], ['Priority', 'picklist'], ['Origin', 'picklist'], ['AccountId', 'reference'], ['Description', 'textarea']] },
  { name: 'Lead', label: 'Lead', keyPrefix: '00Q', required: ['LastName', 'Company'], fields: [['Email', 'string'], ['Status', 'picklist'], ['Rating', 'picklist'], ['Industry', 'picklist'], ['Phone', 'string']] },
];

function dataField(name: string, type: FieldType, permissionable: boolean, required = false): FieldDef {
  return {
    name,
    type,
    label: name.replace(/__c$/, '').replace(/Id$/, ' ID').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'),
    createable: name !== 'Id',
    updateable: name !== 'Id',
    nillable: !required && type !== 'boolean',
    permissionable,
    custom: name.endsWith('__c'),
  };
}

function dataObject(spec: Spec, custom: boolean): ObjectDef {
  const fields = [
    dataField('Id', 'id', false, true),
    ...spec.required.map((name) => dataField(name, 'string', false, true)),
    ...(custom ? [dataField('Name', 'string', false, true)] : []),
    ...spec.fields.map(([name, type]) => dataField(name, type, true)),
  ];
  return {
    name: spec.name,
    label: spec.label,
    labelPlural: `${spec.label}s`,
    keyPrefix: spec.keyPrefix,
    isSetup: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    custom,
    dataObject: true,
    fields: Object.fromEntries(fields.map((f) => [f.name, f])),
    childRelationships: [],
  };
}

/** The setup schema plus the data objects (standard ones and the seed's custom ones). */
export function withDataObjects(schema: Readonly<Record<string, ObjectDef>>, seedObjects: readonly SeedObject[] = []): Record<string, ObjectDef> {
  const out: Record<string, ObjectDef> = { ...schema };
  for (const spec of STANDARD) out[spec.name] = dataObject(spec, false);
  seedObjects.forEach((object, index) => {
    if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(object.name)) throw new Error(`seed: objects[${index}]: "${object.name}" is not a custom object API name (Name__c)`);
    const prefix = `a${String(index + 1).padStart(2, '0')}`;
    const spec: Spec = { name: object.name, label: object.label ?? object.name.replace(/__c$/, '').replace(/_/g, ' '), keyPrefix: prefix, required: [], fields: (object.fields ?? []).map((f) => [f, 'string']) };
    out[object.name] = dataObject(spec, true);
  });
  return out;
}
