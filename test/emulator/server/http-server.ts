import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { type EmulatedOrg } from '../org/emulated-org.js';
import { RULES } from '../rules/catalogue.js';
import { SalesforceError } from '../store/types.js';
import { type ApiResponse, type ServerEnv } from './api.js';
import { handleControl } from './control.js';
import { FaultInjector, type RequestFault } from './faults.js';
import { QueryCursors } from './handlers/query-cursors.js';
import { asSalesforceError, sendError, sendJson } from './respond.js';
import { routeApi, routeOther } from './router.js';
import { endpointOf, RequestStats } from './stats.js';
import { WriteHold } from './write-hold.js';

/** Salesforce refuses request URIs longer than this (HTTP 414). */
const MAX_URI_BYTES = 16_384;
const API_PATH = /^\/services\/data\/(v\d+\.\d+)(?:\/(.*))?$/;

export type ServerOptions = {
  latencyMs?: number;
  faultRate?: number;
  faultSeed?: number;
  /** PEM certificate (chain) and key: serve https instead of http. */
  tls?: { cert: string; key: string };
};

type Parsed = { method: string; path: string; query: URLSearchParams; body: unknown };

/** The emulator's HTTP front: limits, auth, counting, latency and faults around the API routes. */
export class EmulatorServer {
  public readonly stats = new RequestStats();
  private readonly latency: { ms: number };
  private readonly hold = new WriteHold();
  private readonly env: ServerEnv;
  private readonly server: Server | TlsServer;
  private readonly scheme: 'http' | 'https';

  public constructor(private readonly org: EmulatedOrg, options: ServerOptions = {}) {
    this.latency = { ms: options.latencyMs ?? 0 };
    this.env = { org, faults: new FaultInjector(options.faultRate ?? 0, options.faultSeed ?? 1), cursors: new QueryCursors(), instanceUrl: '' };
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, asSalesforceError(error));
      });
    };
    // A larger header limit than Node's 16 KB default, so that a long URI reaches the 414 check below.
    // TLS is only the transport: past the handshake the same listener serves both.
    this.scheme = options.tls ? 'https' : 'http';
    this.server = options.tls
      ? createTlsServer({ maxHeaderSize: 65_536, cert: options.tls.cert, key: options.tls.key }, listener)
      : createServer({ maxHeaderSize: 65_536 }, listener);
    this.server.keepAliveTimeout = 5000;
  }

  public async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    // A port already taken fails the start instead of leaving it waiting.
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.env.instanceUrl = `${this.scheme}://${host}:${address.port}`;
    return this.env.instanceUrl;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const rawUrl = req.url ?? '/';
    if (Buffer.byteLength(rawUrl) > MAX_URI_BYTES) {
      this.stats.count(req.method ?? 'GET', '(URI too long)');
      sendError(res, new SalesforceError(RULES.uriTooLong.code, 'The request URI is too long', [], 414));
      return;
    }
    const parsed = parse(req, rawUrl, body);
    if (parsed instanceof SalesforceError) {
      sendError(res, parsed);
      return;
    }
    if (parsed.path.startsWith('/__emulator/')) {
      this.control(req, res, parsed);
      return;
    }
    if (parsed.method !== 'GET' && (await this.hold.park()) === 'drop') {
      // Never reached the org: as if the client died before its request left the machine.
      req.socket.destroy();
      return;
    }
    this.stats.count(parsed.method, endpointOf(parsed.path));
    await delay(this.latency.ms);
    const needsAuth = parsed.path !== '/services/data' && parsed.path !== '/services/data/';
    if (needsAuth && !this.authorized(req)) {
      sendError(res, new SalesforceError(RULES.invalidSession.code, 'Session expired or invalid', [], 401));
      return;
    }
    this.serveApi(req, res, parsed);
  }

  private serveApi(req: IncomingMessage, res: ServerResponse, parsed: Parsed): void {
    const { usage } = this.org;
    usage.used++;
    const headers = { 'Sforce-Limit-Info': usage.header() };
    if (usage.used > usage.max) {
      sendError(res, new SalesforceError(RULES.requestLimit.code, 'TotalRequests Limit exceeded.', [], 403), headers);
      return;
    }
    const fault = this.env.faults.requestFault();
    if (fault && fault !== 'drop-after') {
      injectFault(req, res, fault, headers);
      return;
    }
    let response: ApiResponse;
    try {
      this.org.tick();
      response = this.route(req, parsed);
    } catch (error) {
      sendError(res, asSalesforceError(error), headers);
      return;
    }
    if (fault === 'drop-after') {
      req.socket.destroy();
      return;
    }
    sendJson(res, response.status, response.body, headers);
  }

  private route(req: IncomingMessage, parsed: Parsed): ApiResponse {
    const match = API_PATH.exec(parsed.path);
    if (!match) return routeOther(this.env, parsed.method, parsed.path);
    const segments = (match[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    return routeApi(this.env, { method: parsed.method, segments, version: match[1], query: parsed.query, headers: req.headers, body: parsed.body });
  }

  private control(req: IncomingMessage, res: ServerResponse, parsed: Parsed): void {
    if (!this.authorized(req)) {
      sendError(res, new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', [], 401));
      return;
    }
    try {
      const action = parsed.path.slice('/__emulator/'.length);
      sendJson(res, 200, handleControl(this.env, { stats: this.stats, latency: this.latency, hold: this.hold }, parsed.method, action, parsed.body));
    } catch (error) {
      sendError(res, asSalesforceError(error));
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1];
    return token === this.org.identity.accessToken;
  }
}

function parse(req: IncomingMessage, rawUrl: string, body: string): Parsed | SalesforceError {
  // The sf CLI sends some paths with a doubled slash (`//services/data`); Salesforce treats them as one.
  const url = new URL(rawUrl.replace(/^\/{2,}/, '/').replace(/([^:])\/{2,}/g, '$1/'), 'http://emulator');
  let json: unknown;
  if (body.length > 0) {
    try {
      json = JSON.parse(body);
    } catch {
      return new SalesforceError('JSON_PARSER_ERROR', 'Unexpected character in the request body: it is not valid JSON', [], 400);
    }
  }
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, body: json };
}

function injectFault(req: IncomingMessage, res: ServerResponse, fault: RequestFault, headers: Record<string, string>): void {
  if (fault === 'drop-before') {
    req.socket.destroy();
    return;
  }
  const error =
    fault === 'unavailable'
      ? new SalesforceError('SERVER_UNAVAILABLE', 'Server temporarily unavailable (injected by the emulator)', [], 503)
      : new SalesforceError('UNKNOWN_EXCEPTION', 'An unexpected error occurred (injected by the emulator)', [], 500);
  sendError(res, error, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
