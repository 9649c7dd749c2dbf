import { createRecord, deleteRecord, requireRecord, updateRecord } from '../../rules/writes.js';
import { SalesforceError } from '../../store/types.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';
import { notFound } from '../respond.js';
import { describeObject, describeSummary, toApiRecord } from './render.js';

function bodyObject(request: ApiRequest): Record<string, unknown> {
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
    throw new SalesforceError('JSON_PARSER_ERROR', 'The request body must be a JSON object', [], 400);
  }
  return request.body as Record<string, unknown>;
}

function methodNotAllowed(method: string, allowed: string): SalesforceError {
  return new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, [], 405);
}

/** /sobjects, /sobjects/{type}, /sobjects/{type}/describe, /sobjects/{type}/{id}. */
export function handleSObjects(env: ServerEnv, request: ApiRequest): ApiResponse {
  const { org } = env;
  const [, typeName, third, ...more] = request.segments;
  if (more.length > 0) throw notFound();
  if (!typeName) {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, 'GET');
    const sobjects = Object.values(org.store.schema).map((def) => describeSummary(def, request.version));
    return { status: 200, body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects } };
  }
  const def = org.store.objectFor(typeName);
  if (third === 'describe') {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, 'GET');
    return { status: 200, body: describeObject(def, request.version) };
  }
  if (!third) {
    if (request.method === 'GET') return { status: 200, body: { objectDescribe: describeSummary(def, request.version), recentItems: [] } };
    if (request.method !== 'POST') throw methodNotAllowed(request.method, 'GET, POST');
    const record = org.store.transaction(() => createRecord(org.ctx, def.name, bodyObject(request)));
    org.noteWrite();
    return { status: 201, body: { id: record.Id, success: true, errors: [] } };
  }
  return handleRecord(env, request, def.name, third);
}

function handleRecord(env: ServerEnv, request: ApiRequest, type: string, id: string): ApiResponse {
  const { org } = env;
  const def = org.store.objectFor(type);
  const existing = singleRecord(env, id);
  if (org.store.typeOfId(existing.Id) !== def.name) throw notFound();
  switch (request.method) {
    case 'GET': {
      const fields = request.query.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
      return { status: 200, body: toApiRecord(def, existing, request.version, fields) };
    }
    case 'PATCH':
      org.store.transaction(() => updateRecord(org.ctx, existing.Id, bodyObject(request)));
      org.noteWrite();
      return { status: 204 };
    case 'DELETE':
      org.store.transaction(() => deleteRecord(org.ctx, existing.Id));
      org.noteWrite();
      return { status: 204 };
    default:
      throw methodNotAllowed(request.method, 'GET, PATCH, DELETE');
  }
}

/** A single-record call on an Id that names nothing is a 404 NOT_FOUND. */
function singleRecord(env: ServerEnv, id: string): ReturnType<typeof requireRecord> {
  try {
    return requireRecord(env.org.ctx, id);
  } catch (error) {
    if (error instanceof SalesforceError && error.errorCode === 'ENTITY_IS_DELETED') throw notFound();
    throw error;
  }
}
