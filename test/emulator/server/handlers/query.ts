import { readsAccessViews, refreshAccessViews } from '../../access/access-views.js';
import { describeColumns } from '../../soql/columns.js';
import { executeSoql } from '../../soql/execute.js';
import { SalesforceError } from '../../store/types.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** `Sforce-Query-Options: batchSize=N` (200..2,000; Salesforce treats it as a hint and never exceeds 2,000). */
function batchSizeOf(request: ApiRequest): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : header ?? '');
  if (!match) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

/** GET /query?q= and /queryAll?q= (first page), GET /query/<locator>-<offset> (next pages). */
export function handleQuery(env: ServerEnv, request: ApiRequest): ApiResponse {
  if (request.method !== 'GET') throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed. Allowed are GET`, [], 405);
  const [kind, locatorPart] = request.segments;
  if (locatorPart) return nextPage(env, request, kind, locatorPart);
  const soql = request.query.get('q');
  if (!soql) throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified', [], 400);
  if (request.query.get('columns') === 'true') return { status: 200, body: describeColumns(env.org.store, soql) };
  if (readsAccessViews(soql)) refreshAccessViews(env.org);
  const result = executeSoql(env.org.store, soql, {
    now: env.org.clock.now(),
    apiVersion: request.version,
    includeDeleted: kind === 'queryAll',
  });
  const pageSize = batchSizeOf(request);
  if (result.records.length <= pageSize) return { status: 200, body: { totalSize: result.totalSize, done: true, records: result.records } };
  const locator = env.cursors.create(result.records, result.totalSize, pageSize);
  return page(request, kind, locator, result.records, result.totalSize, 0, pageSize, env);
}

function nextPage(env: ServerEnv, request: ApiRequest, kind: string, locatorPart: string): ApiResponse {
  const match = /^(01g[a-zA-Z0-9]+)-(\d+)$/.exec(locatorPart);
  const cursor = match ? env.cursors.get(match[1]) : undefined;
  if (!match || !cursor) throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator', [], 400);
  return page(request, kind, match[1], cursor.records, cursor.totalSize, Number(match[2]), cursor.pageSize, env);
}

function page(
  request: ApiRequest,
  kind: string,
  locator: string,
  records: Array<Record<string, unknown>>,
  totalSize: number,
  offset: number,
  pageSize: number,
  env: ServerEnv
): ApiResponse {
  const end = offset + pageSize;
  const done = end >= records.length;
  if (done) env.cursors.close(locator);
  const body: Record<string, unknown> = { totalSize, done, records: records.slice(offset, end) };
  if (!done) body.nextRecordsUrl = `/services/data/${request.version}/${kind}/${locator}-${end}`;
  return { status: 200, body };
}
