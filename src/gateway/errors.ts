/**
 * Errors as the gateway sees them, independent of the HTTP client: an error code (Salesforce's own, or a
 * network code) and whether retrying the same request may succeed.
 */
export class OrgRequestError extends Error {
  public constructor(
    public readonly errorCode: string,
    message: string,
    public readonly transient: boolean
  ) {
    super(message);
    this.name = 'OrgRequestError';
  }
}

/** Salesforce answers REQUEST_LIMIT_EXCEEDED once the org's daily API budget is spent: retrying only burns more. */
export class RequestLimitError extends OrgRequestError {
  public constructor(
    message: string,
    /** The org's usage from the Sforce-Limit-Info header of the refusal (api-usage=used/limit), when it came. */
    public readonly usage?: { used: number; limit: number }
  ) {
    super('REQUEST_LIMIT_EXCEEDED', message, false);
    this.name = 'RequestLimitError';
  }
}

/** Codes on whole requests that a later identical request may not meet. */
const TRANSIENT_REQUEST_CODES = new Set([
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_RUNNING_TOO_LONG',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** Codes on single records inside a collection result that are worth another try. */
const TRANSIENT_RECORD_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'UNKNOWN_EXCEPTION']);

/**
 * Failures of a whole request that leave open whether the org applied it: the connection died after the request
 * went out (the answer was lost), or the server failed while or after working on it.
 */
const MAYBE_APPLIED_CODES = new Set([
  'UNKNOWN_EXCEPTION',
  'REQUEST_RUNNING_TOO_LONG',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_504',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
]);

export function mayHaveBeenApplied(code: string): boolean {
  return MAYBE_APPLIED_CODES.has(code);
}

export function isTransientRequestCode(code: string): boolean {
  return TRANSIENT_REQUEST_CODES.has(code);
}

export function isTransientRecordCode(code: string): boolean {
  return TRANSIENT_RECORD_CODES.has(code);
}
