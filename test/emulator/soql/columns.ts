import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { type ObjectDef, type RecordStore } from '../store/types.js';
import { isAggregateQuery } from './aggregate.js';
import { malformedQuery, unknownChildRelationship, unknownType } from './errors.js';
import { resolvePath } from './paths.js';

/** One entry of the `columns=true` answer (what `sf data query` reads to lay out its table). */
type Column = {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: Column[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
};

function column(columnName: string, displayName: string, extra: Partial<Column> = {}): Column {
  return { aggregate: false, apexType: null, booleanType: false, columnName, custom: false, displayName, foreignKeyName: null, insertable: false, joinColumns: [], numberType: false, textType: false, updatable: false, ...extra };
}

/**
 * GET /query?q=…&columns=true: the query's column layout instead of its rows. Salesforce does not document this
 * parameter, but the sf CLI's `data query` relies on it; the shape here is what that command reads (unverified).
 */
export function describeColumns(store: RecordStore, soql: string): Record<string, unknown> {
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (error) {
    throw malformedQuery(`\n${soql}\nERROR at Row:1:Column:1\nunexpected token: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  let def: ObjectDef;
  try {
    def = store.objectFor(query.sObject ?? '');
  } catch {
    throw unknownType(soql, query.sObject ?? '');
  }
  const aggregate = isAggregateQuery(query);
  return {
    columnMetadata: columnsOf(store, soql, def, query, aggregate),
    entityName: def.name,
    groupBy: aggregate,
    idSelected: (query.fields ?? []).some((f) => f.type === 'Field' && f.field.toLowerCase() === 'id'),
    keyPrefix: def.keyPrefix,
  };
}

function columnsOf(store: RecordStore, soql: string, def: ObjectDef, query: Query, aggregate: boolean): Column[] {
  const columns: Column[] = [];
  let expr = 0;
  for (const field of query.fields ?? []) {
    if (field.type === 'Field') {
      const path = resolvePath(store, soql, def, field.field);
      columns.push(column(path.field, path.field, { textType: path.def?.type === 'string', booleanType: path.def?.type === 'boolean' }));
    } else if (field.type === 'FieldRelationship') {
      const path = resolvePath(store, soql, def, field.rawValue ?? [...field.relationships, field.field].join('.'));
      if (aggregate) {
        columns.push(column(path.field, path.raw));
        continue;
      }
      mergeJoin(columns, path.hops.map((h) => h.relationshipName), path.field, path.hops[0].referenceField);
    } else if (field.type === 'FieldSubquery') {
      const name = field.subquery.relationshipName;
      const relationship = def.childRelationships.find((c) => c.relationshipName.toLowerCase() === name.toLowerCase());
      if (!relationship) throw unknownChildRelationship(soql, name);
      const childDef = store.objectFor(relationship.childSObject);
      columns.push(column(relationship.relationshipName, relationship.relationshipName, { aggregate: true, joinColumns: columnsOf(store, soql, childDef, field.subquery, false) }));
    } else if (field.type === 'FieldFunctionExpression') {
      const name = field.alias ?? (field.isAggregateFn ? `expr${expr++}` : field.functionName);
      columns.push(column(name, field.alias ?? field.rawValue ?? name, { aggregate: field.isAggregateFn === true, numberType: true }));
    }
  }
  return columns;
}

/** Adds `Assignee.Profile.Name` under one Assignee column (with a Profile join inside), as Salesforce groups them. */
function mergeJoin(columns: Column[], hops: string[], fieldName: string, foreignKey: string): void {
  let level = columns;
  let display = '';
  hops.forEach((hop, index) => {
    display = display ? `${display}.${hop}` : hop;
    let existing = level.find((c) => c.columnName === hop && c.joinColumns.length > 0);
    if (!existing) {
      existing = column(hop, display, { foreignKeyName: index === 0 ? foreignKey : null });
      level.push(existing);
    }
    level = existing.joinColumns;
  });
  level.push(column(fieldName, `${display}.${fieldName}`));
}
