import { type FieldFunctionExpression, type HavingClause, type Query } from '@jetstreamapp/soql-parser-js';
import { type ObjectDef, type RecordStore, type StoredRecord } from '../store/types.js';
import { malformedQuery } from './errors.js';
import { type FieldPath, resolvePath, valueAt } from './paths.js';
import { comparable, compareScalars, equalsScalar, literalOf, type Scalar } from './values.js';

type AggregateColumn = { key: string; fn: string; path?: FieldPath; raw: string };
type GroupColumn = { key: string; path: FieldPath };

export type AggregateRow = Record<string, unknown>;

function groupByOf(query: Query): Array<Record<string, unknown>> {
  const groupBy = query.groupBy as unknown;
  if (!groupBy) return [];
  return (Array.isArray(groupBy) ? groupBy : [groupBy]) as Array<Record<string, unknown>>;
}

export function isAggregateQuery(query: Query): boolean {
  return groupByOf(query).length > 0 || (query.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn);
}

/**
 * The result key of a selected aggregate (its alias, else exprN counting unaliased aggregates in SELECT order), for
 * ORDER BY COUNT(Id) DESC; undefined when the query does not select that aggregate.
 */
export function aggregateKeyFor(query: Query, fn: { functionName?: string; parameters?: unknown[] }): string | undefined {
  const signature = (f: { functionName?: string; parameters?: unknown[] }): string => `${f.functionName ?? ''}(${(f.parameters ?? []).map(String).join(',')})`.toLowerCase();
  const wanted = signature(fn);
  let expr = 0;
  for (const field of query.fields ?? []) {
    if (field.type !== 'FieldFunctionExpression' || !field.isAggregateFn) continue;
    const key = field.alias ?? `expr${expr++}`;
    if (signature(field) === wanted) return key;
  }
  return undefined;
}

/** True for SELECT COUNT() (no field): Salesforce answers with totalSize only. */
export function isCountOnly(query: Query): boolean {
  const fields = query.fields ?? [];
  return fields.length === 1 && fields[0].type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && (fields[0].parameters ?? []).length === 0;
}

/** Groups matching rows and computes COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX per group; HAVING filters groups. */
export function aggregate(store: RecordStore, soql: string, def: ObjectDef, query: Query, rows: StoredRecord[], now: Date): AggregateRow[] {
  const groups: GroupColumn[] = groupByOf(query).map((g) => {
    const raw = (g as { field?: string }).field;
    if (!raw) throw malformedQuery('GROUP BY supports fields only');
    const path = resolvePath(store, soql, def, raw);
    return { key: path.field, path };
  });
  let expr = 0;
  const columns: AggregateColumn[] = [];
  for (const field of query.fields ?? []) {
    if (field.type === 'FieldFunctionExpression' && field.isAggregateFn) {
      const param = (field.parameters ?? [])[0];
      const path = typeof param === 'string' ? resolvePath(store, soql, def, param) : undefined;
      columns.push({ key: field.alias ?? `expr${expr++}`, fn: field.functionName.toUpperCase(), path, raw: field.rawValue ?? '' });
    } else if (field.type === 'Field' || field.type === 'FieldRelationship') {
      const raw = field.type === 'Field' ? field.field : field.rawValue ?? field.field;
      if (!groups.some((g) => g.path.raw.toLowerCase() === raw.toLowerCase())) {
        throw malformedQuery(`Field must be grouped or aggregated: ${raw}`);
      }
    }
  }
  const buckets = groups.length === 0 ? new Map([['[]', rows]]) : bucketsOf(store, groups, rows);
  const out: AggregateRow[] = [];
  for (const members of buckets.values()) {
    const result: AggregateRow = { attributes: { type: 'AggregateResult' } };
    for (const g of groups) result[g.key] = members.length > 0 ? valueAt(store, members[0], g.path) : null;
    for (const c of columns) result[c.key] = compute(store, c.fn, c.path, members);
    if (!query.having || havingHolds(store, soql, def, query.having, members, now)) out.push(result);
  }
  return out;
}

/** Rows by the JSON of their grouped values (a group key that keeps null apart from "null"). */
function bucketsOf(store: RecordStore, groups: GroupColumn[], rows: StoredRecord[]): Map<string, StoredRecord[]> {
  const buckets = new Map<string, StoredRecord[]>();
  for (const row of rows) {
    const key = JSON.stringify(groups.map((g) => valueAt(store, row, g.path)));
    const bucket = buckets.get(key);
    if (bucket) bucket.push(row);
    else buckets.set(key, [row]);
  }
  return buckets;
}

function compute(store: RecordStore, fn: string, path: FieldPath | undefined, rows: StoredRecord[]): Scalar {
  const values = path ? rows.map((r) => valueAt(store, r, path)).filter((v) => v !== null) : rows.map(() => 1);
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).size;
    case 'SUM':
      return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) : null;
    case 'AVG':
      return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) / values.length : null;
    case 'MIN':
      return values.length ? values.reduce((m, v) => (compareScalars(v, m) < 0 ? v : m)) : null;
    case 'MAX':
      return values.length ? values.reduce((m, v) => (compareScalars(v, m) > 0 ? v : m)) : null;
    default:
      throw malformedQuery(`unsupported aggregate function ${fn}`);
  }
}

/** HAVING: AND/OR chains of aggregate comparisons (parentheses are rare there; evaluated left to right by precedence). */
function havingHolds(store: RecordStore, soql: string, def: ObjectDef, having: HavingClause, rows: StoredRecord[], now: Date): boolean {
  const results: boolean[] = [];
  const operators: string[] = [];
  type Chain = { left?: unknown; operator?: string; right?: Chain };
  let node: Chain | undefined = having;
  while (node) {
    const left = node.left as { fn?: FieldFunctionExpression; field?: string; operator?: string; value?: string; literalType?: string } | null;
    if (left?.operator) {
      const fn = left.fn;
      const param = fn?.parameters?.[0];
      const path = typeof param === 'string' ? resolvePath(store, soql, def, param) : undefined;
      const actual = fn ? compute(store, fn.functionName.toUpperCase(), path, rows) : rows.length > 0 ? valueAt(store, rows[0], resolvePath(store, soql, def, left.field ?? '')) : null;
      const expected = literalOf(String(left.value ?? ''), String(left.literalType ?? 'INTEGER'), now);
      results.push(compareOp(left.operator, actual, comparable(expected as Scalar, undefined)));
    }
    if (node.operator) operators.push(node.operator);
    node = node.right;
  }
  let value = results[0] ?? true;
  for (let i = 1; i < results.length; i++) value = operators[i - 1] === 'OR' ? value || results[i] : value && results[i];
  return value;
}

function compareOp(operator: string, a: Scalar, b: Scalar): boolean {
  const c = compareScalars(a, b);
  switch (operator) {
    case '=':
      return equalsScalar(a, b);
    case '!=':
      return !equalsScalar(a, b);
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      throw malformedQuery(`unsupported operator ${operator} in HAVING`);
  }
}
