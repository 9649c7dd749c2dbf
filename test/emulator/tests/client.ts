import { start, type RunningEmulator, type StartOptions } from '../index.js';

export type ApiAnswer = { status: number; body: unknown; headers: Headers };

export const V = '/services/data/v62.0';

/** A raw HTTP client for the emulator's own tests: no jsforce in between, so every status and body is visible. */
export class TestClient {
  private constructor(public readonly emulator: RunningEmulator) {}

  public static async start(options: StartOptions): Promise<TestClient> {
    return new TestClient(await start(options));
  }

  public async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const response = await fetch(`${this.emulator.instanceUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.emulator.accessToken}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
  }

  public async query<T = Record<string, unknown>>(soql: string): Promise<{ totalSize: number; done: boolean; records: T[]; nextRecordsUrl?: string }> {
    const answer = await this.call('GET', `${V}/query?q=${encodeURIComponent(soql)}`);
    if (answer.status !== 200) throw new Error(`query failed ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as { totalSize: number; done: boolean; records: T[]; nextRecordsUrl?: string };
  }

  /** The Id of the single record matching the query. */
  public async idOf(soql: string): Promise<string> {
    const { records } = await this.query<{ Id: string }>(soql);
    if (records.length !== 1) throw new Error(`expected one record for ${soql}, got ${records.length}`);
    return records[0].Id;
  }

  public create(type: string, fields: Record<string, unknown>): Promise<ApiAnswer> {
    return this.call('POST', `${V}/sobjects/${type}`, fields);
  }

  public collection(method: 'POST' | 'PATCH', records: Array<Record<string, unknown>>, allOrNone = false): Promise<ApiAnswer> {
    return this.call(method, `${V}/composite/sobjects`, { allOrNone, records });
  }

  public control(path: string, body?: unknown): Promise<ApiAnswer> {
    return this.call(body === undefined ? 'GET' : 'POST', `/__emulator/${path}`, body);
  }

  public stop(): Promise<void> {
    return this.emulator.stop();
  }
}

/** The first error code of a single-record error body or a collections result. */
export function errorCodeOf(body: unknown): string | undefined {
  const first = (Array.isArray(body) ? body[0] : body) as { errorCode?: string; errors?: Array<{ statusCode: string }> } | undefined;
  return first?.errorCode ?? first?.errors?.[0]?.statusCode;
}

export function errorMessageOf(body: unknown): string | undefined {
  const first = (Array.isArray(body) ? body[0] : body) as { message?: string; errors?: Array<{ message: string }> } | undefined;
  return first?.message ?? first?.errors?.[0]?.message;
}
