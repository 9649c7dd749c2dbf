import { HashIndex, keyOf } from './hash-index.js';
import { canonicalId, IdGenerator, to18 } from './ids.js';
import { SCHEMA } from './schema.js';
import { type ObjectDef, type RecordStore, SalesforceError, type StoredRecord } from './types.js';

type Value = string | number | boolean | null;
type Undo = { kind: 'insert'; id: string } | { kind: 'update'; id: string; before: StoredRecord } | { kind: 'delete'; record: StoredRecord };

/** Name-like fields looked up by value often enough to deserve an index (besides the reference fields). */
const INDEXED_NAMES = new Set(['Name', 'DeveloperName', 'Username']);
/** Audit references are never filtered on by this project; indexing them would only cost memory and insert time. */
const UNINDEXED_REFERENCES = new Set(['CreatedById', 'LastModifiedById']);

export type MemoryStoreOptions = {
  /** The clock that stamps CreatedDate, LastModifiedDate and SystemModstamp (the emulator's movable clock). */
  now?: () => Date;
};

/** Per object: a record with every field at its default, and which audit stamps insert and update set. */
type TypeInfo = { def: ObjectDef; template: Record<string, Value>; onInsert: string[]; onUpdate: string[] };

function typeInfo(def: ObjectDef): TypeInfo {
  const template: Record<string, Value> = {};
  for (const f of Object.values(def.fields)) template[f.name] = f.type === 'boolean' ? false : null;
  const onUpdate = ['LastModifiedDate', 'SystemModstamp'].filter((name) => name in def.fields);
  const onInsert = ['CreatedDate', ...onUpdate].filter((name) => name in def.fields);
  return { def, template, onInsert, onUpdate };
}

/**
 * The emulator's record store: one Map per object, a global Id map, hash indexes on reference fields and names,
 * and an undo log for transactions. It enforces no Salesforce rule; rules/ does.
 */
export class MemoryStore implements RecordStore {
  private readonly byId = new Map<string, StoredRecord>();
  private readonly tables = new Map<string, Map<string, StoredRecord>>();
  private readonly indexes = new Map<string, Map<string, HashIndex>>();
  private readonly typeByPrefix = new Map<string, string>();
  private readonly byLowerName = new Map<string, ObjectDef>();
  private readonly info = new Map<string, TypeInfo>();
  private readonly ids = new IdGenerator();
  private readonly now: () => Date;
  private lastStamp = { ms: Number.NaN, text: '' };
  private undoLog: Undo[] | undefined;

  /** `now` may be given as a function (older call sites) or inside an options object. */
  public constructor(public readonly schema: Readonly<Record<string, ObjectDef>> = SCHEMA, options: MemoryStoreOptions | (() => Date) = {}) {
    this.now = typeof options === 'function' ? options : options.now ?? ((): Date => new Date());
    for (const def of Object.values(schema)) {
      this.tables.set(def.name, new Map());
      this.typeByPrefix.set(def.keyPrefix, def.name);
      this.byLowerName.set(def.name.toLowerCase(), def);
      this.info.set(def.name, typeInfo(def));
      const indexed = Object.values(def.fields).filter((f) => (f.type === 'reference' && !UNINDEXED_REFERENCES.has(f.name)) || INDEXED_NAMES.has(f.name));
      this.indexes.set(def.name, new Map(indexed.map((f) => [f.name, new HashIndex(f.type === 'reference' ? 'id' : 'text')])));
    }
  }

  public objectFor(type: string): ObjectDef {
    const def = this.info.get(type)?.def ?? this.byLowerName.get(type.toLowerCase());
    if (!def) {
      throw new SalesforceError(
        'INVALID_TYPE',
        `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    }
    return def;
  }

  public typeOfId(id: string): string | undefined {
    return this.typeByPrefix.get(id.slice(0, 3));
  }

  public newId(type: string): string {
    const prefix = this.objectFor(type).keyPrefix;
    let id = this.ids.next(prefix);
    while (this.byId.has(id)) id = this.ids.next(prefix);
    return id;
  }

  public get(id: string): StoredRecord | undefined {
    if (id.length === 15) return this.byId.get(to18(id));
    if (id.length === 18) return this.byId.get(id) ?? this.byId.get(canonicalId(id));
    return undefined;
  }

  public all(type: string): Iterable<StoredRecord> {
    return this.tables.get(this.objectFor(type).name)?.values() ?? [];
  }

  public count(type: string): number {
    return this.tables.get(this.objectFor(type).name)?.size ?? 0;
  }

  public isIndexed(type: string, field: string): boolean {
    return this.indexes.get(this.objectFor(type).name)?.has(field) ?? false;
  }

  public findBy(type: string, field: string, value: Value): StoredRecord[] {
    const def = this.objectFor(type);
    const index = this.indexes.get(def.name)?.get(field);
    const ids = index?.lookup(value);
    if (ids) return ids.map((id) => this.byId.get(id)!);
    const fieldType = def.fields[field]?.type;
    const kind = fieldType === 'id' || fieldType === 'reference' ? 'id' : 'text';
    const wanted = keyOf(kind, value);
    return [...this.all(def.name)].filter((r) => keyOf(kind, r[field]) === wanted);
  }

  public insert(type: string, fields: Record<string, unknown>): StoredRecord {
    const def = this.objectFor(type);
    const info = this.info.get(def.name)!;
    const given = fields.Id;
    const id = typeof given === 'string' ? canonicalId(given) : this.newId(def.name);
    // A generated Id is new by construction (newId skips taken ones); only a given one can collide.
    if (typeof given === 'string' && this.byId.has(id)) throw new SalesforceError('DUPLICATE_VALUE', `duplicate value found: Id duplicates value on record with id: ${id}`);
    const record = { ...info.template, ...fields } as StoredRecord;
    record.Id = id;
    const stamp = this.stamp();
    for (const name of info.onInsert) record[name] = stamp;
    if (def.name === 'User') record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
    this.byId.set(id, record);
    this.tables.get(def.name)!.set(id, record);
    this.addToIndexes(def.name, record);
    this.undoLog?.push({ kind: 'insert', id });
    return record;
  }

  public update(id: string, fields: Record<string, unknown>): StoredRecord {
    const record = this.get(id);
    if (!record) throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    const type = this.typeOfId(record.Id)!;
    this.undoLog?.push({ kind: 'update', id: record.Id, before: { ...record } });
    this.removeFromIndexes(type, record);
    Object.assign(record, fields, { Id: record.Id });
    const stamp = this.stamp();
    for (const name of this.info.get(type)!.onUpdate) record[name] = stamp;
    if (type === 'User') record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
    this.addToIndexes(type, record);
    return record;
  }

  public delete(id: string): void {
    const record = this.get(id);
    if (!record) return;
    const type = this.typeOfId(record.Id)!;
    this.removeFromIndexes(type, record);
    this.byId.delete(record.Id);
    this.tables.get(type)!.delete(record.Id);
    this.undoLog?.push({ kind: 'delete', record: { ...record } });
  }

  public transaction<T>(fn: () => T): T {
    const outer = this.undoLog;
    const log: Undo[] = [];
    this.undoLog = log;
    try {
      const result = fn();
      outer?.push(...log);
      return result;
    } catch (error) {
      this.undoLog = undefined;
      for (const entry of log.reverse()) this.undo(entry);
      throw error;
    } finally {
      this.undoLog = outer;
    }
  }

  private undo(entry: Undo): void {
    if (entry.kind === 'insert') {
      this.delete(entry.id);
    } else if (entry.kind === 'delete') {
      const type = this.typeOfId(entry.record.Id)!;
      this.byId.set(entry.record.Id, entry.record);
      this.tables.get(type)!.set(entry.record.Id, entry.record);
      this.addToIndexes(type, entry.record);
    } else {
      const record = this.byId.get(entry.id);
      if (!record) return;
      const type = this.typeOfId(record.Id)!;
      this.removeFromIndexes(type, record);
      for (const key of Object.keys(record)) delete record[key];
      Object.assign(record, entry.before);
      this.addToIndexes(type, record);
    }
  }

  /** Salesforce's datetime form (2026-01-01T00:00:00.000+0000), formatted once per clock tick. */
  private stamp(): string {
    const date = this.now();
    const ms = date.getTime();
    if (ms !== this.lastStamp.ms) this.lastStamp = { ms, text: date.toISOString().replace('Z', '+0000') };
    return this.lastStamp.text;
  }

  private addToIndexes(type: string, record: StoredRecord): void {
    for (const [field, index] of this.indexes.get(type) ?? []) index.add(record[field], record.Id);
  }

  private removeFromIndexes(type: string, record: StoredRecord): void {
    for (const [field, index] of this.indexes.get(type) ?? []) index.remove(record[field], record.Id);
  }
}
