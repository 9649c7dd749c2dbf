import { readsAccessViews, refreshAccessViews } from '../../access/access-views.js';
import { describeColumns } from '../../soql/columns.js';
import { executeSoql } from '../../soql/execute.js';
import { SalesforceError } from '../../store/types.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';
import { type UrlOf } from './query-cursors.js';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** `Sforce-Query-Options: batchSize=N` (200..2,000; Salesforce treats it as a hint and never exceeds 2,000). */
function batchSizeOf(request: ApiRequest): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : header ?? '');
  if (!match) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

/** GET /query?q= and /queryAll?q= (first page), GET /query/<locator>-<offset> (next pages, child relationships' too). */
export function handleQuery(env: ServerEnv, request: ApiRequest): ApiResponse {
  if (request.method !== 'GET') throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed. Allowed are GET`, [], 405);
  const [kind, locatorPart] = request.segments;
  const urlOf = (locator: string, offset: number): string => `/services/data/${request.version}/${kind}/${locator}-${offset}`;
  if (locatorPart) return nextPage(env, locatorPart, urlOf);
  const soql = request.query.get('q');
  if (!soql) throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified', [], 400);
  if (request.query.get('columns') === 'true') return { status: 200, body: describeColumns(env.org.store, soql) };
  if (readsAccessViews(soql)) refreshAccessViews(env.org);
  const result = executeSoql(env.org.store, soql, {
    now: env.org.clock.now(),
    apiVersion: request.version,
    includeDeleted: kind === 'queryAll',
  });
  return { status: 200, body: env.cursors.firstPage(result, batchSizeOf(request), urlOf) };
}

function nextPage(env: ServerEnv, locatorPart: string, urlOf: UrlOf): ApiResponse {
  const match = /^(01g[a-zA-Z0-9]+)-(\d+)$/.exec(locatorPart);
  const body = match ? env.cursors.nextPage(match[1], Number(match[2]), urlOf) : undefined;
  if (!body) throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator', [], 400);
  return { status: 200, body };
}
