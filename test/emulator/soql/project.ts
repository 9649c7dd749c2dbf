import { type FieldSubquery, type Query } from '@jetstreamapp/soql-parser-js';
import { type ObjectDef, type RecordStore, type StoredRecord } from '../store/types.js';
import { malformedQuery, unknownChildRelationship } from './errors.js';
import { type FieldPath, follow, resolvePath } from './paths.js';

export type Projector = (record: StoredRecord) => Record<string, unknown>;

/** Selects child rows for a subquery: the executor's filter/order/limit applied to the given candidates. */
export type ChildSelector = (childDef: ObjectDef, subquery: Query, candidates: StoredRecord[]) => StoredRecord[];

export type ProjectContext = { store: RecordStore; soql: string; apiVersion: string; selectChildren: ChildSelector };

function attributes(ctx: ProjectContext, type: string, id: string): { type: string; url: string } {
  return { type, url: `/services/data/${ctx.apiVersion}/sobjects/${type}/${id}` };
}

/** Compiles the SELECT list into a function producing REST-shaped rows (nested parents, child subqueries). */
export function compileProjection(ctx: ProjectContext, def: ObjectDef, query: Query): Projector {
  const steps: Array<(record: StoredRecord, out: Record<string, unknown>) => void> = [];
  for (const field of query.fields ?? []) {
    if (field.type === 'Field' || field.type === 'FieldRelationship') {
      const raw = field.type === 'Field' ? field.field : field.rawValue ?? [...field.relationships, field.field].join('.');
      const path = resolvePath(ctx.store, ctx.soql, def, raw);
      steps.push(path.hops.length === 0 ? (r, out) => (out[path.field] = r[path.field] ?? null) : (r, out) => placeNested(ctx, r, path, out));
    } else if (field.type === 'FieldSubquery') {
      steps.push(compileSubquery(ctx, def, field));
    } else if (field.type === 'FieldFunctionExpression' && !field.isAggregateFn) {
      const param = (field.parameters ?? [])[0];
      if (typeof param !== 'string') throw malformedQuery(`unsupported function ${field.functionName}`);
      const path = resolvePath(ctx.store, ctx.soql, def, param);
      steps.push((r, out) => (out[field.alias ?? path.field] = follow(ctx.store, r, path)?.[path.field] ?? null));
    } else {
      throw malformedQuery(`unsupported field in SELECT: ${JSON.stringify(field).slice(0, 80)}`);
    }
  }
  return (record) => {
    const out: Record<string, unknown> = { attributes: attributes(ctx, def.name, record.Id) };
    for (const step of steps) step(record, out);
    return out;
  };
}

/** Writes `Assignee.Profile.UserLicenseId` as out.Assignee.Profile.UserLicenseId, or a null parent on the way. */
function placeNested(ctx: ProjectContext, record: StoredRecord, path: FieldPath, out: Record<string, unknown>): void {
  let container = out;
  let current: StoredRecord | undefined = record;
  for (const hop of path.hops) {
    const id: unknown = current?.[hop.referenceField];
    current = typeof id === 'string' ? ctx.store.get(id) : undefined;
    if (!current) {
      if (!(hop.relationshipName in container)) container[hop.relationshipName] = null;
      return;
    }
    const existing = container[hop.relationshipName] as Record<string, unknown> | null | undefined;
    const next = existing ?? { attributes: attributes(ctx, ctx.store.typeOfId(current.Id) ?? 'Name', current.Id) };
    container[hop.relationshipName] = next;
    container = next;
  }
  const key = path.def ? path.field : Object.keys(current ?? {}).find((k) => k.toLowerCase() === path.field.toLowerCase()) ?? path.field;
  container[key] = current?.[key] ?? null;
}

function compileSubquery(ctx: ProjectContext, def: ObjectDef, field: FieldSubquery): (r: StoredRecord, out: Record<string, unknown>) => void {
  const name = field.subquery.relationshipName;
  const relationship = def.childRelationships.find((c) => c.relationshipName.toLowerCase() === name.toLowerCase());
  if (!relationship) throw unknownChildRelationship(ctx.soql, name);
  const childDef = ctx.store.objectFor(relationship.childSObject);
  const subquery = field.subquery as Query;
  const project = compileProjection(ctx, childDef, subquery);
  return (record, out) => {
    const rows = ctx.selectChildren(childDef, subquery, ctx.store.findBy(childDef.name, relationship.field, record.Id));
    // Salesforce answers an empty child subquery with null, not an empty list.
    out[relationship.relationshipName] = rows.length === 0 ? null : { totalSize: rows.length, done: true, records: rows.map(project) };
  };
}
