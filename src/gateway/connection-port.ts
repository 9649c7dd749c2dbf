import { type Connection } from '@salesforce/core';
import { OrgRequestError, RequestLimitError, isTransientRequestCode } from './errors.js';
import { type HttpPort, type HttpRequest } from './http-port.js';

/** jsforce retries some requests on its own; the gateway owns retries (and counts them), so those are off. */
const NO_CLIENT_RETRIES = { retry: { maxRetries: 0 } };

type ErrorWithCode = Error & { errorCode?: unknown; code?: unknown; cause?: unknown };

function codeOf(error: ErrorWithCode): string {
  if (typeof error.errorCode === 'string') return error.errorCode;
  if (typeof error.code === 'string') return error.code;
  const cause = error.cause as ErrorWithCode | undefined;
  if (cause && typeof cause === 'object') return codeOf(cause);
  return error.name === 'TypeError' ? 'UND_ERR_SOCKET' : error.name;
}

export type ApiUsage = { used: number; limit: number };

/** Maps whatever jsforce or undici threw to the gateway's error type. */
export function toOrgRequestError(error: unknown, usage?: ApiUsage): OrgRequestError {
  if (error instanceof OrgRequestError) return error;
  const err = error instanceof Error ? (error as ErrorWithCode) : new Error(String(error));
  const code = codeOf(err);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new RequestLimitError(err.message, usage);
  return new OrgRequestError(code, err.message, isTransientRequestCode(code));
}

/** The HttpPort over the sf CLI's org connection (its auth, instance URL and API version). */
export function connectionPort(connection: Connection): HttpPort {
  return {
    apiVersion: connection.getApiVersion(),
    async send<T>(request: HttpRequest): Promise<T> {
      try {
        return await connection.request<T>(
          {
            method: request.method,
            url: request.path,
            body: request.body === undefined ? undefined : JSON.stringify(request.body),
            headers: { 'content-type': 'application/json', ...request.headers },
          },
          NO_CLIENT_RETRIES
        );
      } catch (error) {
        // jsforce keeps the Sforce-Limit-Info header of the last answer, the refusal's included.
        throw toOrgRequestError(error, connection.limitInfo?.apiUsage);
      }
    },
  };
}
