import { type QueryPage, readChildRelationships } from './child-relationships.js';
import { OrgRequestError } from './errors.js';
import { type HttpPort, type HttpRequest } from './http-port.js';
import { chunkInListQueries, encodeSoql } from './in-list.js';
import { DEFAULT_RETRY, type RetryPolicy, type Sleep, realSleep, withRetry } from './retry.js';
import { CollectionWriter } from './collection-writer.js';
import { type WriteOptions, type WriteOutcome } from './collections.js';

/** REST API Developer Guide, Composite Batch: up to 25 subrequests. */
const BATCH_LIMIT = 25;
type BatchAnswer<T> = { hasErrors: boolean; results: Array<{ statusCode: number; result: T | Array<{ errorCode?: string; message?: string }> }> };

/** An unknown sObject: 404 NOT_FOUND, or INVALID_TYPE ("sObject type 'X' is not supported"). */
const MISSING_CODES = new Set(['NOT_FOUND', 'INVALID_TYPE']);

function describedOrMissing<T>(name: string, entry: BatchAnswer<T>['results'][number] | undefined): T | undefined {
  if (!entry) throw new OrgRequestError('UNKNOWN_EXCEPTION', `describe ${name}: no answer in the batch`, false);
  if (entry.statusCode < 300) return entry.result as T;
  const error = Array.isArray(entry.result) ? entry.result[0] : undefined;
  const code = error?.errorCode ?? 'UNKNOWN_EXCEPTION';
  if (entry.statusCode === 404 || MISSING_CODES.has(code)) return undefined;
  throw new OrgRequestError(code, `describe ${name}: ${error?.message ?? `HTTP ${entry.statusCode}`}`, false);
}

export type GatewayStats = { reads: number; writes: number; retries: number };

export type GatewayOptions = {
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** Called before every request; throwing from it stops the run between requests (used for SIGINT). */
  beforeRequest?: () => void;
  /** Told about each retry, e.g. to print a warning line. */
  onRetry?: (error: OrgRequestError, request: HttpRequest) => void;
  /** Chunks of one chunked query sent at once. */
  readConcurrency?: number;
};

/** Times a query whose locator was lost is read again from its first page before the error is passed on. */
const QUERY_RESTARTS = 3;
/** The org closed the query's locator (its last page was served, and the answer lost): read it again from the start. */
const locatorLost = (error: unknown): boolean => error instanceof OrgRequestError && error.errorCode === 'INVALID_QUERY_LOCATOR';

/**
 * The one door to the org: every SOQL query and every write of the plugin passes here. It escapes nothing
 * itself (callers build SOQL with soqlString / chunked IN lists), pages queries to the end, cuts IN lists by
 * URI length, writes through sObject Collections 200 at a time, retries transient failures with backoff and
 * counts every request it sends.
 */
export class OrgGateway {
  public readonly stats: GatewayStats = { reads: 0, writes: 0, retries: 0 };
  /** Records the org confirmed saved so far: what an interrupted run can say it did. */
  public recordsSaved = 0;
  private readonly writer: CollectionWriter;

  public constructor(private readonly port: HttpPort, private readonly options: GatewayOptions = {}) {
    this.writer = new CollectionWriter({
      sendOnce: <T>(request: HttpRequest, attempt: number) => this.sendOnce<T>(request, attempt),
      apiVersion: port.apiVersion,
      policy: options.retry ?? DEFAULT_RETRY,
      sleep: options.sleep ?? realSleep,
      onRetry: options.onRetry,
      onSaved: (count) => (this.recordsSaved += count),
    });
  }

  public get apiVersion(): string {
    return this.port.apiVersion;
  }

  /**
   * Every row of a query, following nextRecordsUrl to the last page (no 10,000-row cap). The org closes a query
   * locator once its last page is served: when that answer is lost on the way back, the retry meets
   * INVALID_QUERY_LOCATOR. The rows gathered so far are then dropped and the query is read again from its first
   * page, so a lost page never leaves a result short (or doubled).
   */
  public async query<T>(soql: string): Promise<T[]> {
    for (let restart = 0; ; restart++) {
      const rows: T[] = [];
      try {
        for await (const page of this.queryPages<T>(soql)) rows.push(...page);
        return rows;
      } catch (error) {
        if (!locatorLost(error) || restart >= QUERY_RESTARTS) throw error;
        this.stats.retries++;
      }
    }
  }

  /**
   * The rows page by page, for callers that stream large results. Child relationships (subqueries in the SELECT
   * list) come complete: those the org cut short are read through their own nextRecordsUrl before the next page.
   */
  public async *queryPages<T>(soql: string): AsyncGenerator<T[]> {
    let page = await this.readPage<T>(this.queryPath(soql));
    yield page.records;
    while (!page.done && page.nextRecordsUrl) {
      page = await this.readPage<T>(page.nextRecordsUrl);
      yield page.records;
    }
  }

  /** The totalSize of a COUNT() query. */
  public async count(soql: string): Promise<number> {
    const page = await this.send<QueryPage<unknown>>({ method: 'GET', path: this.queryPath(soql) });
    return page.totalSize;
  }

  /**
   * Runs `template` (with `{IN}` where the list goes) once per URI-sized chunk of `values` and returns all rows.
   * No values: no request.
   */
  public async queryIn<T>(template: string, values: readonly string[]): Promise<T[]> {
    if (values.length === 0) return [];
    const queries = chunkInListQueries({ template, values }, this.queryPathPrefix());
    const results: T[][] = new Array<T[]>(queries.length);
    const concurrency = Math.max(1, this.options.readConcurrency ?? 4);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queries.length) {
        const mine = next++;
        results[mine] = await this.query<T>(queries[mine]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queries.length) }, worker));
    return results.flat();
  }

  /**
   * queryIn for results too large to hold as raw rows: the same URI-sized chunks, read one after another and handed
   * over page by page. A chunk whose query locator was lost (see query) is read again from its first page, so a
   * caller may see some rows twice and must key what it keeps by Id; it never misses one.
   */
  public async *queryInPages<T>(template: string, values: readonly string[]): AsyncGenerator<T[]> {
    if (values.length === 0) return;
    for (const soql of chunkInListQueries({ template, values }, this.queryPathPrefix())) {
      for (let restart = 0; ; restart++) {
        try {
          yield* this.queryPages<T>(soql);
          break;
        } catch (error) {
          if (!locatorLost(error) || restart >= QUERY_RESTARTS) throw error;
          this.stats.retries++;
        }
      }
    }
  }

  public create(
    sobject: string,
    records: ReadonlyArray<Record<string, unknown>>,
    onProgress?: (done: number) => void,
    options?: WriteOptions
  ): Promise<WriteOutcome[]> {
    return this.writer.write('create', sobject, records, onProgress, options);
  }

  public update(
    sobject: string,
    records: ReadonlyArray<Record<string, unknown> & { Id: string }>,
    onProgress?: (done: number) => void,
    options?: WriteOptions
  ): Promise<WriteOutcome[]> {
    return this.writer.write('update', sobject, records, onProgress, options);
  }

  public delete(ids: readonly string[], onProgress?: (done: number) => void, options?: WriteOptions): Promise<WriteOutcome[]> {
    return this.writer.write('delete', '', ids.map((Id) => ({ Id })), onProgress, options);
  }

  /**
   * The describe of each named sObject, 25 to a request (REST composite batch of GETs, one API request each);
   * a name the org does not have maps to undefined.
   */
  public async describeMany<T>(names: readonly string[]): Promise<Map<string, T | undefined>> {
    const out = new Map<string, T | undefined>();
    for (let i = 0; i < names.length; i += BATCH_LIMIT) {
      const chunk = names.slice(i, i + BATCH_LIMIT);
      const version = `v${this.port.apiVersion}`;
      const answer = await this.send<BatchAnswer<T>>({
        method: 'POST',
        path: `/services/data/${version}/composite/batch`,
        body: { haltOnError: false, batchRequests: chunk.map((name) => ({ method: 'GET', url: `${version}/sobjects/${encodeURIComponent(name)}/describe` })) },
        readOnly: true,
      });
      chunk.forEach((name, index) => out.set(name, describedOrMissing<T>(name, answer.results[index])));
    }
    return out;
  }

  /** Sends one request with retries; every attempt is counted. */
  public async send<T>(request: HttpRequest): Promise<T> {
    return withRetry(
      (attempt) => this.sendOnce<T>(request, attempt),
      this.options.retry ?? DEFAULT_RETRY,
      this.options.sleep ?? realSleep,
      (error) => this.options.onRetry?.(error, request)
    );
  }

  private sendOnce<T>(request: HttpRequest, attempt: number): Promise<T> {
    this.options.beforeRequest?.();
    if (request.method === 'GET' || request.readOnly === true) this.stats.reads++;
    else this.stats.writes++;
    if (attempt > 1) this.stats.retries++;
    return this.port.send<T>(request);
  }

  /** One page of a query, its child relationships read to the end. */
  private async readPage<T>(path: string): Promise<QueryPage<T>> {
    const page = await this.send<QueryPage<T>>({ method: 'GET', path });
    const readMore = (url: string): Promise<QueryPage<Record<string, unknown>>> => this.send({ method: 'GET', path: url });
    await readChildRelationships(page.records as Array<Record<string, unknown>>, readMore);
    return page;
  }

  private queryPathPrefix(): string {
    return `/services/data/v${this.port.apiVersion}/query`;
  }

  private queryPath(soql: string): string {
    return `${this.queryPathPrefix()}?q=${encodeSoql(soql)}`;
  }
}
