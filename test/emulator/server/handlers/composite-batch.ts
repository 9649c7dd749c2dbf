import { violation } from '../../rules/catalogue.js';
import { SalesforceError } from '../../store/types.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';

const MAX_SUBREQUESTS = 25;

type SubRequest = { method?: unknown; url?: unknown; richInput?: unknown };

/** `v62.0/sobjects/Account/describe` or `/services/data/v62.0/…` → the parts a handler reads. */
function parseSubUrl(url: string): { version: string; segments: string[]; query: URLSearchParams } | undefined {
  const match = /^\/?(?:services\/data\/)?(v\d+\.\d)\/([^?]*)(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  return { version: match[1], segments: match[2].split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(match[3] ?? '') };
}

/**
 * POST /composite/batch: up to 25 independent subrequests answered in order, the whole batch one API request
 * (REST API Developer Guide: Composite Batch). Each result is `{statusCode, result}`; `hasErrors` when any failed;
 * with haltOnError the rest are not run (BATCH_PROCESSING_HALTED).
 */
export function handleCompositeBatch(env: ServerEnv, request: ApiRequest, route: (env: ServerEnv, request: ApiRequest) => ApiResponse): ApiResponse {
  if (request.method !== 'POST') throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed. Allowed are POST`, [], 405);
  const body = (request.body ?? {}) as { batchRequests?: unknown; haltOnError?: unknown };
  if (!Array.isArray(body.batchRequests) || body.batchRequests.length === 0) throw violation('compositeBatch', 'batchRequests is required and must hold at least one subrequest');
  if (body.batchRequests.length > MAX_SUBREQUESTS) throw violation('compositeBatch', `A batch can contain a maximum of ${MAX_SUBREQUESTS} requests`);
  let halted = false;
  let hasErrors = false;
  const results = (body.batchRequests as SubRequest[]).map((sub) => {
    if (halted) return { statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] };
    const answer = runOne(env, request, sub, route);
    if (answer.statusCode >= 400) {
      hasErrors = true;
      halted = body.haltOnError === true;
    }
    return answer;
  });
  return { status: 200, body: { hasErrors, results } };
}

function runOne(env: ServerEnv, request: ApiRequest, sub: SubRequest, route: (env: ServerEnv, request: ApiRequest) => ApiResponse): { statusCode: number; result: unknown } {
  const parsed = typeof sub.url === 'string' ? parseSubUrl(sub.url) : undefined;
  if (!parsed || typeof sub.method !== 'string') return { statusCode: 400, result: [{ errorCode: 'INVALID_BATCH_REQUEST', message: 'Each subrequest needs a method and a url (vXX.X/…)' }] };
  try {
    const response = route(env, { method: sub.method.toUpperCase(), version: parsed.version, segments: parsed.segments, query: parsed.query, headers: request.headers, body: sub.richInput });
    return { statusCode: response.status, result: response.body ?? null };
  } catch (error) {
    if (!(error instanceof SalesforceError)) throw error;
    return { statusCode: error.httpStatus, result: [{ errorCode: error.errorCode, message: error.message, fields: error.fields }] };
  }
}
