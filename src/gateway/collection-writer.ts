import { OrgRequestError } from './errors.js';
import { type HttpRequest } from './http-port.js';
import { backoffDelay, type RetryPolicy, type Sleep } from './retry.js';
import {
  COLLECTION_LIMIT,
  isAlreadyDone,
  type SaveResult,
  type WriteKind,
  type WriteOptions,
  type WriteOutcome,
} from './collections.js';
import { isTransientRecordCode, mayHaveBeenApplied } from './errors.js';

export type WriterDeps = {
  /** Sends one request exactly once (counted by the gateway). */
  sendOnce: <T>(request: HttpRequest, attempt: number) => Promise<T>;
  apiVersion: string;
  policy: RetryPolicy;
  sleep: Sleep;
  onRetry?: (error: OrgRequestError, request: HttpRequest) => void;
  /** Records the org confirmed saved (created, updated, deleted), as each request's answer comes in. */
  onSaved?: (count: number) => void;
};

type Pending = { index: number; record: Record<string, unknown>; tries: number };

/** One write() call's shared state, worked through by one or more lanes. */
type WriteRun = {
  kind: WriteKind;
  sobject: string;
  resendUncertain: boolean;
  outcomes: WriteOutcome[];
  fresh: Pending[];
  /** Position of the first fresh record not yet taken. */
  next: number;
  retries: Pending[];
  done: number;
  /** A lane failed: the others finish the request they have in flight and take no more. */
  stopped: boolean;
  onProgress?: (done: number) => void;
};

/**
 * Writes records through sObject Collections, 200 a request, allOrNone false. A request that fails as a whole with
 * a transient error is sent again after a backoff. Records refused alone with a transient code (UNABLE_TO_LOCK_ROW)
 * go back in the queue and ride along in the next request instead of holding the run up with a wait of their own:
 * a run with 10 % locked rows costs about 10 % more requests and no extra waiting until only retries are left. A
 * create met by DUPLICATE_VALUE (a delete by "not found") is counted done: the org already holds what the write
 * asked for, which is what a retry after a lost answer looks like. With `resendUncertain: false` a request that
 * may have been applied is not sent again: its records come back `uncertain` for the caller to check by reading.
 * With `concurrency` above 1, that many requests are in flight at once (for writes whose order does not matter).
 * Outcomes come back in input order.
 */
export class CollectionWriter {
  public constructor(private readonly deps: WriterDeps) {}

  public async write(
    kind: WriteKind,
    sobject: string,
    records: ReadonlyArray<Record<string, unknown>>,
    onProgress?: (done: number) => void,
    options: WriteOptions = {}
  ): Promise<WriteOutcome[]> {
    const run: WriteRun = {
      kind,
      sobject,
      resendUncertain: options.resendUncertain ?? true,
      outcomes: new Array<WriteOutcome>(records.length),
      fresh: records.map((record, index) => ({ index, record, tries: 0 })),
      next: 0,
      retries: [],
      done: 0,
      stopped: false,
      onProgress,
    };
    const lanes = Math.max(1, Math.min(options.concurrency ?? 1, Math.ceil(records.length / COLLECTION_LIMIT)));
    const settled = await Promise.allSettled(Array.from({ length: lanes }, () => this.lane(run)));
    // Every lane has finished its request in flight before an error goes up: what the org saved is all counted.
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return run.outcomes;
  }

  /**
   * One lane: takes the next batch (records to retry first, then fresh ones), sends it, files its outcomes, until
   * nothing is left or another lane failed. Lanes share the queues, so a record refused in one lane rides along in
   * whichever batch goes next.
   */
  private async lane(run: WriteRun): Promise<void> {
    while (!run.stopped && (run.next < run.fresh.length || run.retries.length > 0)) {
      const batch = run.retries.splice(0, COLLECTION_LIMIT);
      if (batch.length > 0 && run.next >= run.fresh.length) {
        // Only retried records are left: give the lock holder a moment before asking again.
        await this.deps.sleep(backoffDelay(this.deps.policy, Math.max(...batch.map((p) => p.tries)) - 1));
      }
      const room = COLLECTION_LIMIT - batch.length;
      batch.push(...run.fresh.slice(run.next, run.next + room));
      run.next += Math.min(room, run.fresh.length - run.next);
      try {
        const { finished, again } = await this.writeBatch(run.kind, run.sobject, batch, run.resendUncertain);
        for (const outcome of finished) run.outcomes[outcome.index] = outcome;
        this.deps.onSaved?.(finished.filter((o) => o.success).length);
        run.retries.push(...again);
        run.done += finished.length;
        if (finished.length > 0) run.onProgress?.(run.done);
      } catch (error) {
        run.stopped = true;
        throw error;
      }
    }
  }

  /** Sends one batch (again after a backoff while the whole request fails transiently) and sorts its results. */
  private async writeBatch(kind: WriteKind, sobject: string, batch: Pending[], resendUncertain: boolean): Promise<{ finished: WriteOutcome[]; again: Pending[] }> {
    const request = this.requestFor(kind, sobject, batch);
    // A batch carrying records that were refused before counts as a retry in the statistics.
    const carriesRetries = batch.some((p) => p.tries > 0);
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.deps.sendOnce<SaveResult[]>(request, carriesRetries ? attempt + 1 : attempt);
        return this.settle(kind, batch, results);
      } catch (error) {
        if (!(error instanceof OrgRequestError) || !error.transient) throw error;
        if (!resendUncertain && mayHaveBeenApplied(error.errorCode)) return { finished: batch.map((p) => ({ ...failure(p.index, error), uncertain: true })), again: [] };
        if (attempt >= this.deps.policy.attempts) return { finished: batch.map((p) => failure(p.index, error)), again: [] };
        this.deps.onRetry?.(error, request);
        await this.deps.sleep(backoffDelay(this.deps.policy, attempt - 1));
      }
    }
  }

  /** Sorts one response's results into finished outcomes and the records worth another try. */
  private settle(kind: WriteKind, batch: Pending[], results: SaveResult[]): { finished: WriteOutcome[]; again: Pending[] } {
    const finished: WriteOutcome[] = [];
    const again: Pending[] = [];
    batch.forEach((p, i) => {
      const tries = p.tries + 1;
      const verdict = judge(kind, p, results[i], tries < this.deps.policy.attempts);
      if (verdict === 'again') {
        again.push({ ...p, tries });
      } else {
        finished.push(verdict);
      }
    });
    return { finished, again };
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
