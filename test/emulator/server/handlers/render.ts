import { type ObjectDef, type StoredRecord } from '../../store/types.js';

/** A stored record as the REST API returns it: `attributes` first, then every field (or the requested ones). */
export function toApiRecord(def: ObjectDef, record: StoredRecord, version: string, only?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/${version}/sobjects/${def.name}/${record.Id}` } };
  const names = only ?? Object.keys(def.fields);
  for (const name of names) {
    const field = Object.values(def.fields).find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (field) out[field.name] = record[field.name] ?? null;
  }
  return out;
}

/** describe's field entry. */
function describeField(field: ObjectDef['fields'][string]): Record<string, unknown> {
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: `xsd:${field.type === 'boolean' ? 'boolean' : field.type === 'int' ? 'int' : field.type === 'double' ? 'double' : field.type === 'date' ? 'date' : field.type === 'datetime' ? 'dateTime' : 'string'}`,
    length: field.type === 'string' || field.type === 'textarea' || field.type === 'picklist' ? 255 : field.type === 'id' || field.type === 'reference' ? 18 : 0,
    createable: field.createable,
    updateable: field.updateable,
    nillable: field.nillable,
    filterable: true,
    sortable: field.type !== 'textarea',
    groupable: field.type !== 'textarea' && field.type !== 'double' && field.type !== 'datetime',
    custom: field.custom ?? false,
    permissionable: field.permissionable ?? false,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    picklistValues: (field.picklistValues ?? []).map((value) => ({ value, label: value, active: true, defaultValue: false })),
    restrictedPicklist: field.picklistValues !== undefined,
    idLookup: field.name === 'Id',
    externalId: false,
    unique: false,
  };
}

export function objectUrls(def: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The summary global describe lists per object. */
export function describeSummary(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: def.custom ?? false,
    createable: def.createable,
    updateable: def.updateable,
    deletable: def.deletable,
    queryable: def.queryable,
    retrieveable: true,
    searchable: false,
    layoutable: false,
    urls: objectUrls(def, version),
  };
}

export function describeObject(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...describeSummary(def, version),
    fields: Object.values(def.fields).map(describeField),
    childRelationships: def.childRelationships.map((c) => ({ ...c, cascadeDelete: false, deprecatedAndHidden: false })),
  };
}
