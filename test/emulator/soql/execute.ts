import { type FunctionExp, parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { type ObjectDef, type RecordStore, SalesforceError, type SoqlOptions, type SoqlResult, type StoredRecord } from '../store/types.js';
import { aggregate, aggregateKeyFor, isAggregateQuery, isCountOnly } from './aggregate.js';
import { malformedQuery, parseFailure, unknownType } from './errors.js';
import { resolvePath, valueAt } from './paths.js';
import { compileProjection } from './project.js';
import { comparable, compareScalars, type Scalar } from './values.js';
import { compileWhere, type IndexHint } from './where.js';

/** Runs one SOQL query against the store and returns REST-shaped rows (the server pages them). */
export function executeSoql(store: RecordStore, soql: string, options: SoqlOptions): SoqlResult {
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (error) {
    throw parseFailure(soql, error instanceof Error ? error.message : String(error));
  }
  return new Executor(store, soql, options).run(query);
}

class Executor {
  private readonly semiJoins = new WeakMap<Query, Set<Scalar>>();

  public constructor(private readonly store: RecordStore, private readonly soql: string, private readonly options: SoqlOptions) {}

  public run(query: Query): SoqlResult {
    const def = this.objectOf(query);
    if (isAggregateQuery(query)) {
      const rows = this.filter(def, query, undefined);
      if (isCountOnly(query)) return { totalSize: rows.length, records: [] };
      const groups = aggregate(this.store, this.soql, def, query, rows, this.options.now);
      const ordered = this.orderAggregates(def, query, groups);
      return { totalSize: ordered.length, records: this.window(query, ordered) };
    }
    const rows = this.window(query, this.order(def, query, this.filter(def, query, undefined)));
    const project = compileProjection(
      { store: this.store, soql: this.soql, apiVersion: this.options.apiVersion, selectChildren: (childDef, sub, candidates) => this.window(sub, this.order(childDef, sub, this.filter(childDef, sub, candidates))) },
      def,
      query
    );
    const result: SoqlResult = { totalSize: rows.length, records: rows.map(project) };
    if ((query.fields ?? []).some((field) => field.type === 'FieldSubquery')) result.childSubqueries = true;
    return result;
  }

  private objectOf(query: Query): ObjectDef {
    const name = query.sObject ?? '';
    try {
      return this.store.objectFor(name);
    } catch (error) {
      if (error instanceof SalesforceError) throw unknownType(this.soql, name);
      throw error;
    }
  }

  /** Rows of `def` matching WHERE: from the cheapest index hint when there is one, else a scan. */
  private filter(def: ObjectDef, query: Query, candidates: StoredRecord[] | undefined): StoredRecord[] {
    const where = compileWhere(query.where, { store: this.store, soql: this.soql, def, now: this.options.now, runSubquery: (q) => this.semiJoin(q) });
    const source = candidates ?? this.candidates(def, where.hints);
    const out: StoredRecord[] = [];
    for (const record of source) if (where.predicate(record)) out.push(record);
    return out;
  }

  private candidates(def: ObjectDef, hints: IndexHint[]): Iterable<StoredRecord> {
    const hint = [...hints].sort((a, b) => a.cost - b.cost)[0];
    if (!hint) return this.store.all(def.name);
    const seen = new Map<string, StoredRecord>();
    for (const value of hint.values()) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      const found = hint.field === 'Id' ? [this.store.get(String(value))].filter((r): r is StoredRecord => r !== undefined && this.store.typeOfId(r.Id) === def.name) : this.store.findBy(def.name, hint.field, value);
      for (const record of found) seen.set(record.Id, record);
    }
    // Index lookups lose table order; Salesforce's unordered results follow insertion order closely enough.
    return [...seen.values()];
  }

  /** The values of a semi-join subquery's single field, computed once per query. */
  private semiJoin(query: Query): Set<Scalar> {
    const cached = this.semiJoins.get(query);
    if (cached) return cached;
    const def = this.objectOf(query);
    const field = query.fields?.[0];
    if (query.fields?.length !== 1 || !field || field.type !== 'Field') throw malformedQuery('a semi-join subquery selects exactly one field');
    const path = resolvePath(this.store, this.soql, def, field.field);
    const rows = this.window(query, this.filter(def, query, undefined));
    const set = new Set(rows.map((r) => comparable(valueAt(this.store, r, path), path.def?.type)));
    this.semiJoins.set(query, set);
    return set;
  }

  private order(def: ObjectDef, query: Query, rows: StoredRecord[]): StoredRecord[] {
    const items = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
    if (items.length === 0) return rows;
    const keys = items.map((item) => {
      const raw = (item as { field?: string }).field;
      if (!raw) throw malformedQuery('ORDER BY supports fields only');
      const path = resolvePath(this.store, this.soql, def, raw);
      const desc = (item.order ?? 'ASC').toUpperCase() === 'DESC';
      const nullsFirst = item.nulls ? item.nulls.toUpperCase() === 'FIRST' : !desc;
      return { read: (r: StoredRecord) => comparable(valueAt(this.store, r, path), path.def?.type), desc, nullsFirst };
    });
    return sortBy(rows, keys);
  }

  private orderAggregates(def: ObjectDef, query: Query, rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
    const items = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
    const keys = items.map((item) => {
      const desc = (item.order ?? 'ASC').toUpperCase() === 'DESC';
      const key = this.aggregateOrderKey(def, query, item);
      return { read: (r: Record<string, unknown>) => (r[key] ?? null) as Scalar, desc, nullsFirst: item.nulls ? item.nulls.toUpperCase() === 'FIRST' : !desc };
    });
    return keys.length > 0 ? sortBy(rows, keys) : rows;
  }

  /** The result key an aggregate query's ORDER BY item sorts on: a grouped field, or a selected aggregate. */
  private aggregateOrderKey(def: ObjectDef, query: Query, item: { field?: string; fn?: FunctionExp }): string {
    if (item.field) return resolvePath(this.store, this.soql, def, item.field).field;
    const key = item.fn ? aggregateKeyFor(query, item.fn) : undefined;
    if (!key) throw malformedQuery('the emulator orders by an aggregate only when the query selects it');
    return key;
  }

  private window<T>(query: Query, rows: T[]): T[] {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    return offset > 0 || limit < rows.length ? rows.slice(offset, offset + limit) : rows;
  }
}

type SortKey<T> = { read: (row: T) => Scalar; desc: boolean; nullsFirst: boolean };

function sortBy<T>(rows: T[], keys: Array<SortKey<T>>): T[] {
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => k.read(row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === y) continue;
      if (x === null || y === null) return (x === null) === keys[i].nullsFirst ? -1 : 1;
      const c = compareScalars(x, y);
      if (c !== 0) return keys[i].desc ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}
