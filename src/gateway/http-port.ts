/**
 * The only way the gateway talks to an org. Implemented over the sf CLI's Connection in production
 * (connection-port.ts) and by recording fakes in unit tests.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type HttpRequest = {
  method: HttpMethod;
  /** A path below the instance URL, starting with /services/data/vXX.X. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A POST that only reads (composite batch of GETs): counted with the reads. */
  readOnly?: boolean;
};

export type HttpPort = {
  /** The API version the org connection uses, e.g. "62.0". */
  readonly apiVersion: string;
  /**
   * Sends one request (no retries of its own) and resolves to the parsed JSON body.
   * Rejects with an OrgRequestError carrying Salesforce's error code or the network error code.
   */
  send<T>(request: HttpRequest): Promise<T>;
};
