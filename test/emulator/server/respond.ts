import { type ServerResponse } from 'node:http';
import { SalesforceError } from '../store/types.js';

/** Extra headers every API response carries (Sforce-Limit-Info). */
export type ResponseHeaders = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: ResponseHeaders = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Salesforce's single-resource error body: `[{message, errorCode, fields}]`. */
export function sendError(res: ServerResponse, error: SalesforceError, headers: ResponseHeaders = {}): void {
  const body: Array<Record<string, unknown>> = [{ message: error.message, errorCode: error.errorCode }];
  if (error.fields.length > 0) body[0].fields = error.fields;
  sendJson(res, error.httpStatus, body, headers);
}

/** The 404 Salesforce answers for a path it does not know. */
export function notFound(): SalesforceError {
  return new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
}

/** Turns anything thrown into a Salesforce-shaped error (an unexpected bug shows as UNKNOWN_EXCEPTION, 500). */
export function asSalesforceError(error: unknown): SalesforceError {
  if (error instanceof SalesforceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SalesforceError('UNKNOWN_EXCEPTION', `An unexpected error occurred in the emulator: ${message}`, [], 500);
}
