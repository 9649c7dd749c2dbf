/** Shapes of the sObject Collections API and the per-record outcome the gateway hands back. */

/** Salesforce accepts at most 200 records in one collections request (EXCEEDED_ID_LIMIT beyond). */
export const COLLECTION_LIMIT = 200;

export type RecordError = { statusCode: string; message: string; fields?: string[] };
export type SaveResult = { id?: string | null; success: boolean; errors: RecordError[] };

export type WriteOutcome = {
  /** Position of the record in the caller's array. */
  index: number;
  success: boolean;
  id?: string;
  errorCode?: string;
  message?: string;
  /**
   * The record turned out to be written already: a create answered DUPLICATE_VALUE (or a delete answered
   * "not found") on a retry after an attempt whose answer was lost. Counted as success.
   */
  alreadyDone?: boolean;
  /**
   * Only with `resendUncertain: false`: the request carrying this record failed in a way that leaves open whether
   * the org applied it (connection lost on the way back, server error), so it was not sent again blind. The caller
   * reads the org to learn whether the record exists before writing it again.
   */
  uncertain?: boolean;
};

export type WriteOptions = {
  /**
   * Send a request again after a failure that may have been applied (default true). Safe for records the org keeps
   * unique (a second create meets DUPLICATE_VALUE, a second delete "not found"); set false for records without such
   * a key, which a blind resend could duplicate.
   */
  resendUncertain?: boolean;
  /**
   * Requests in flight at once (default 1: one after another). Only for records whose order of landing does not
   * matter; a workflow whose steps must land in order (a retirement: detach, unassign, delete) keeps 1.
   */
  concurrency?: number;
};

export type WriteKind = 'create' | 'update' | 'delete';

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Codes that mean "this was already done" when met on a retry of the same write. */
const ALREADY_DONE: Record<WriteKind, ReadonlySet<string>> = {
  create: new Set(['DUPLICATE_VALUE']),
  update: new Set<string>(),
  delete: new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']),
};

export function isAlreadyDone(kind: WriteKind, code: string, message: string): boolean {
  // A duplicate PermissionSetLicenseAssign says "duplicate value found" without a DUPLICATE_VALUE code.
  return ALREADY_DONE[kind].has(code) || (kind === 'create' && /^duplicate value found/i.test(message));
}
