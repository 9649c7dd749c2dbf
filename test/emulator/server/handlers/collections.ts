import { RULES } from '../../rules/catalogue.js';
import { createRecord, deleteRecord, updateRecord } from '../../rules/writes.js';
import { SalesforceError, type StoredRecord } from '../../store/types.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';
import { asSalesforceError } from '../respond.js';
import { toApiRecord } from './render.js';

const LIMIT = 200;

type SaveResult = { id?: string; success: boolean; errors: Array<{ statusCode: string; message: string; fields: string[] }> };
type Operation = { id?: string; apply: () => StoredRecord };

/** A record-level failure decided before the operation runs (an injected UNABLE_TO_LOCK_ROW). */
class RecordFailure extends Error {
  public constructor(public readonly index: number, public readonly error: SalesforceError) {
    super(error.message);
  }
}

function failed(error: SalesforceError, id?: string): SaveResult {
  return { ...(id ? { id } : {}), success: false, errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }] };
}

function tooMany(count: number): SalesforceError {
  return new SalesforceError(RULES.collectionSize.code, `record limit reached. cannot submit more than ${LIMIT} records into this call (got ${count})`, [], 400);
}

/** POST / PATCH / DELETE / GET /composite/sobjects: up to 200 records, allOrNone, results in request order. */
export function handleCollections(env: ServerEnv, request: ApiRequest): ApiResponse {
  if (request.segments[1] !== 'sobjects') throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
  if (request.method === 'GET') return retrieve(env, request);
  const { operations, allOrNone } = operationsFor(env, request);
  const results = allOrNone ? runAllOrNone(env, operations) : operations.map((op) => runOne(env, op));
  env.org.noteWrite();
  return { status: 200, body: results };
}

function operationsFor(env: ServerEnv, request: ApiRequest): { operations: Operation[]; allOrNone: boolean } {
  const { org } = env;
  if (request.method === 'DELETE') {
    const ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > LIMIT) throw tooMany(ids.length);
    return { allOrNone: request.query.get('allOrNone') === 'true', operations: ids.map((id) => ({ id, apply: () => deleteRecord(org.ctx, id) })) };
  }
  const body = (request.body ?? {}) as { allOrNone?: unknown; records?: unknown };
  if (!Array.isArray(body.records)) throw new SalesforceError('JSON_PARSER_ERROR', 'The request body must have a records array', [], 400);
  const records = body.records as Array<Record<string, unknown>>;
  if (records.length > LIMIT) throw tooMany(records.length);
  const types = records.map((record) => {
    const type = (record.attributes as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string') throw new SalesforceError('INVALID_TYPE', 'Must specify a type in attributes for each record', [], 400);
    return org.store.objectFor(type);
  });
  if (new Set(types.map((def) => def.isSetup)).size > 1) {
    throw new SalesforceError(RULES.mixedSetup.code, 'DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa)', [], 400);
  }
  const operations = records.map((record, i): Operation => {
    if (request.method === 'POST') return { apply: () => createRecord(org.ctx, types[i].name, record) };
    if (request.method !== 'PATCH') throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed`, [], 405);
    const id = typeof record.Id === 'string' ? record.Id : '';
    if (!id) throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id'], 400);
    return { id, apply: () => updateRecord(org.ctx, id, record) };
  });
  return { allOrNone: body.allOrNone === true, operations };
}

function lockedRow(): SalesforceError {
  return new SalesforceError('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records', [], 400);
}

function runOne(env: ServerEnv, op: Operation): SaveResult {
  if (env.faults.recordLocked()) return failed(lockedRow(), op.id);
  try {
    const record = env.org.store.transaction(op.apply);
    return { id: record.Id, success: true, errors: [] };
  } catch (error) {
    return failed(asSalesforceError(error), op.id);
  }
}

function runAllOrNone(env: ServerEnv, operations: Operation[]): SaveResult[] {
  try {
    const ids = env.org.store.transaction(() =>
      operations.map((op, index) => {
        if (env.faults.recordLocked()) throw new RecordFailure(index, lockedRow());
        try {
          return op.apply().Id;
        } catch (error) {
          throw new RecordFailure(index, asSalesforceError(error));
        }
      })
    );
    return ids.map((id) => ({ id, success: true, errors: [] }));
  } catch (error) {
    if (!(error instanceof RecordFailure)) throw error;
    const rolledBack = new SalesforceError(
      RULES.allOrNone.code,
      'Record rolled back because not all records were valid and the request was using AllOrNone header'
    );
    return operations.map((op, index) => failed(index === error.index ? error.error : rolledBack, op.id));
  }
}

/** GET /composite/sobjects/{type}?ids=…&fields=… */
function retrieve(env: ServerEnv, request: ApiRequest): ApiResponse {
  const def = env.org.store.objectFor(request.segments[2] ?? '');
  const ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length > 2000) throw tooMany(ids.length);
  const fields = (request.query.get('fields') ?? 'Id').split(',').map((f) => f.trim());
  const records = ids.map((id) => {
    const record = env.org.store.get(id);
    return record && env.org.store.typeOfId(record.Id) === def.name ? toApiRecord(def, record, request.version, fields) : null;
  });
  return { status: 200, body: records };
}
