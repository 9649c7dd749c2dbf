import { SalesforceError } from '../store/types.js';
import { type ApiRequest, type ApiResponse, type Handler, type ServerEnv } from './api.js';
import { handleCollections } from './handlers/collections.js';
import { handleCompositeBatch } from './handlers/composite-batch.js';
import { handleLimits, handleVersionRoot, isServedVersion, userInfo, versionList } from './handlers/meta.js';
import { handleQuery } from './handlers/query.js';
import { handleSObjects } from './handlers/sobjects.js';
import { notFound } from './respond.js';

const BY_FIRST_SEGMENT: Record<string, Handler> = {
  sobjects: handleSObjects,
  query: handleQuery,
  queryAll: handleQuery,
  composite: (env, request) => (request.segments[1] === 'batch' && request.segments.length === 2 ? handleCompositeBatch(env, request, routeApi) : handleCollections(env, request)),
  limits: (env) => handleLimits(env),
};

/** Requests under /services/data/vXX.X. */
export function routeApi(env: ServerEnv, request: ApiRequest): ApiResponse {
  if (!isServedVersion(request.version)) throw notFound();
  const first = request.segments[0];
  if (first === undefined) return handleVersionRoot(env, request);
  const handler = BY_FIRST_SEGMENT[first];
  if (!handler) throw notFound();
  return handler(env, request);
}

/** Everything else the CLI asks for: the version list, the user info and identity URLs. */
export function routeOther(env: ServerEnv, method: string, path: string): ApiResponse {
  if (path === '/services/data' || path === '/services/data/') return { status: 200, body: versionList() };
  if (path === '/services/oauth2/userinfo' || /^\/id\/00D\w+\/005\w+$/.test(path)) {
    if (method !== 'GET' && method !== 'POST') throw new SalesforceError('METHOD_NOT_ALLOWED', 'Method not allowed', [], 405);
    return { status: 200, body: userInfo(env.org, env.instanceUrl) };
  }
  throw notFound();
}
