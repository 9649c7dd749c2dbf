/**
 * The contract between the emulator's parts: the schema (what objects and fields exist), the record store
 * (where records live), the SOQL engine (reads the store) and the HTTP server with its rules (writes the store).
 * Keep this file small and stable: every part of the emulator imports it.
 */

/** Field types as describe reports them (the subset the permissions data model uses). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'boolean'
  | 'int'
  | 'double'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'picklist';

export type FieldDef = {
  name: string;
  type: FieldType;
  label: string;
  /** For reference fields: the object types the Id may point to (PermissionSet.LicenseId: UserLicense, PermissionSetLicense). */
  referenceTo?: string[];
  /** For reference fields: the parent relationship name used in SOQL paths (AssigneeId -> Assignee). */
  relationshipName?: string;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Restricted picklist values, where the field is a picklist. */
  picklistValues?: string[];
  /** describe's `permissionable`: the field takes FieldPermissions rows (data objects only; required fields do not). */
  permissionable?: boolean;
  custom?: boolean;
};

export type ChildRelationshipDef = {
  /** The relationship name used in subqueries: User.PermissionSetLicenseAssignments. */
  relationshipName: string;
  childSObject: string;
  field: string;
};

export type ObjectDef = {
  name: string;
  label: string;
  labelPlural: string;
  /** The three-character Id prefix: 005 User, 0PS PermissionSet, … */
  keyPrefix: string;
  /** Setup objects cannot be mixed with non-setup objects in one collections call. */
  isSetup: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: Record<string, FieldDef>;
  childRelationships: ChildRelationshipDef[];
  custom?: boolean;
  /** A data object (Account, Invoice__c): what ObjectPermissions and FieldPermissions rows may name. */
  dataObject?: boolean;
};

/** A stored record: field API name -> value. `Id` is always present; values are JSON scalars or null. */
export type StoredRecord = Record<string, string | number | boolean | null> & { Id: string };

/** A thrown error that the server renders as a Salesforce error body. */
export class SalesforceError extends Error {
  public constructor(
    public readonly errorCode: string,
    message: string,
    public readonly fields: string[] = [],
    public readonly httpStatus = 400
  ) {
    super(message);
  }
}

/**
 * The record store: in-memory tables with indexes. It enforces no Salesforce rule (the server's rules do that);
 * it only keeps records, generates Ids and answers lookups fast enough for a 300,000-assignment org.
 */
export interface RecordStore {
  readonly schema: Readonly<Record<string, ObjectDef>>;
  /** The object definition by API name, case-insensitively; throws SalesforceError INVALID_TYPE when unknown. */
  objectFor(type: string): ObjectDef;
  /** The object type an Id belongs to, from its key prefix; undefined when no object has that prefix. */
  typeOfId(id: string): string | undefined;
  /** A fresh valid 18-character Id with the type's key prefix. */
  newId(type: string): string;
  /** By 15- or 18-character Id. */
  get(id: string): StoredRecord | undefined;
  all(type: string): Iterable<StoredRecord>;
  count(type: string): number;
  /** Records of `type` whose `field` equals `value` (indexed for Id/reference fields and Name-like fields). */
  findBy(type: string, field: string, value: string | number | boolean | null): StoredRecord[];
  /** Inserts as given (Id generated when absent); no rule checks. */
  insert(type: string, fields: Record<string, unknown>): StoredRecord;
  update(id: string, fields: Record<string, unknown>): StoredRecord;
  delete(id: string): void;
  /** Runs fn; if it throws, every insert, update and delete it made is undone, then the error is rethrown. */
  transaction<T>(fn: () => T): T;
}

/** What the SOQL engine returns for one query, before the server pages it. */
export type SoqlResult = {
  totalSize: number;
  /** Salesforce-shaped rows: `attributes: {type, url}`, parent paths as nested objects, subqueries as {totalSize, done, records}. */
  records: Array<Record<string, unknown>>;
  /** The SELECT list has a child subquery: the rows of its results count toward a page (the server's paging). */
  childSubqueries?: boolean;
};

/** executeSoql(store, soql, options) lives in soql/execute.ts; it throws SalesforceError (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE). */
export type SoqlOptions = {
  /** The emulator's clock, for date literals such as TODAY and LAST_N_DAYS:n. */
  now: Date;
  /** The API version of the request, for record urls in attributes ("v62.0"). */
  apiVersion: string;
  /** queryAll: include deleted rows (the emulator keeps none, so this only changes nothing but is accepted). */
  includeDeleted?: boolean;
};
