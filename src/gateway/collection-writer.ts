import { OrgRequestError } from './errors.js';
import { type HttpRequest } from './http-port.js';
import { backoffDelay, type RetryPolicy, type Sleep } from './retry.js';
import {
  COLLECTION_LIMIT,
  chunk,
  isAlreadyDone,
  type SaveResult,
  type WriteKind,
  type WriteOutcome,
} from './collections.js';
import { isTransientRecordCode } from './errors.js';

export type WriterDeps = {
  /** Sends one request exactly once (counted by the gateway). */
  sendOnce: <T>(request: HttpRequest, attempt: number) => Promise<T>;
  apiVersion: string;
  policy: RetryPolicy;
  sleep: Sleep;
  onRetry?: (error: OrgRequestError, request: HttpRequest) => void;
};

type Pending = { index: number; record: Record<string, unknown>; lastError?: OrgRequestError };

/**
 * Writes records through sObject Collections, 200 a request, allOrNone false, in order. A request that fails as a
 * whole with a transient error is sent again; records that fail alone with a transient code (UNABLE_TO_LOCK_ROW)
 * are sent again in a smaller request. A create met by DUPLICATE_VALUE (a delete by "not found") is counted done:
 * the org already holds what the write asked for, which is what a retry after a lost answer looks like.
 */
export class CollectionWriter {
  public constructor(private readonly deps: WriterDeps) {}

  public async write(
    kind: WriteKind,
    sobject: string,
    records: ReadonlyArray<Record<string, unknown>>,
    onProgress?: (done: number) => void
  ): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(records.length);
    let done = 0;
    const indexed = records.map((record, index) => ({ index, record }));
    for (const part of chunk(indexed, COLLECTION_LIMIT)) {
      for (const outcome of await this.writeChunk(kind, sobject, part)) {
        outcomes[outcome.index] = outcome;
      }
      done += part.length;
      onProgress?.(done);
    }
    return outcomes;
  }

  private async writeChunk(kind: WriteKind, sobject: string, part: Pending[]): Promise<WriteOutcome[]> {
    const finished: WriteOutcome[] = [];
    let pending = part;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        await this.deps.sleep(backoffDelay(this.deps.policy, attempt - 2));
      }
      const request = this.requestFor(kind, sobject, pending);
      let results: SaveResult[];
      try {
        results = await this.deps.sendOnce<SaveResult[]>(request, attempt);
      } catch (error) {
        if (!(error instanceof OrgRequestError) || !error.transient || attempt >= this.deps.policy.attempts) throw error;
        this.deps.onRetry?.(error, request);
        continue;
      }
      pending = this.settle(kind, pending, results, attempt, finished);
      if (pending.length > 0 && attempt >= this.deps.policy.attempts) {
        finished.push(...pending.map((p) => failure(p.index, p.lastError)));
        pending = [];
      } else if (pending.length > 0) {
        this.deps.onRetry?.(pending[0].lastError!, request);
      }
    }
    return finished;
  }

  /** Sorts one response's results into finished outcomes; returns the records worth another attempt. */
  private settle(kind: WriteKind, pending: Pending[], results: SaveResult[], attempt: number, finished: WriteOutcome[]): Pending[] {
    const again: Pending[] = [];
    const canRetry = attempt < this.deps.policy.attempts;
    pending.forEach((p, i) => {
      const verdict = judge(kind, p, results[i], canRetry);
      if (verdict === 'again') {
        const first = results[i].errors[0];
        again.push({ ...p, lastError: new OrgRequestError(first.statusCode, first.message, true) });
      } else {
        finished.push(verdict);
      }
    });
    return again;
  }

  private requestFor(kind: WriteKind, sobject: string, pending: Pending[]): HttpRequest {
    const path = `/services/data/v${this.deps.apiVersion}/composite/sobjects`;
    if (kind === 'delete') {
      const ids = pending.map((p) => String(p.record.Id)).join(',');
      return { method: 'DELETE', path: `${path}?ids=${ids}&allOrNone=false` };
    }
    const body = {
      allOrNone: false,
      records: pending.map((p) => ({ attributes: { type: sobject }, ...p.record })),
    };
    return { method: kind === 'create' ? 'POST' : 'PATCH', path, body };
  }
}

/** One record's result: a finished outcome, or 'again' for a transient refusal worth another attempt. */
function judge(kind: WriteKind, p: Pending, result: SaveResult | undefined, canRetry: boolean): WriteOutcome | 'again' {
  if (result?.success) return { index: p.index, success: true, id: result.id ?? undefined };
  const first = result?.errors?.[0];
  if (!first) return failure(p.index);
  if (isAlreadyDone(kind, first.statusCode, first.message)) {
    return { index: p.index, success: true, alreadyDone: true, id: kind === 'delete' ? String(p.record.Id) : undefined };
  }
  if (isTransientRecordCode(first.statusCode) && canRetry) return 'again';
  return { index: p.index, success: false, errorCode: first.statusCode, message: first.message };
}

function failure(index: number, error?: OrgRequestError): WriteOutcome {
  return {
    index,
    success: false,
    errorCode: error?.errorCode ?? 'UNKNOWN_ERROR',
    message: error?.message ?? 'The write did not succeed after retries.',
  };
}
