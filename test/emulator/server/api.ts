import { type IncomingHttpHeaders } from 'node:http';
import { type EmulatedOrg } from '../org/emulated-org.js';
import { type FaultInjector } from './faults.js';
import { type QueryCursors } from './handlers/query-cursors.js';

/** A parsed API request under /services/data/vXX.X. */
export type ApiRequest = {
  method: string;
  /** Path segments after the version: ['sobjects', 'User', '005…']. */
  segments: string[];
  /** "v62.0". */
  version: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
};

export type ApiResponse = { status: number; body?: unknown };

/** What handlers share: the org, the fault injector (per-record faults) and open query cursors. */
export type ServerEnv = {
  org: EmulatedOrg;
  faults: FaultInjector;
  cursors: QueryCursors;
  instanceUrl: string;
};

export type Handler = (env: ServerEnv, request: ApiRequest) => ApiResponse;
