import { type HttpPort, type HttpRequest } from '../../src/gateway/index.js';

export type FakeAnswer = (request: HttpRequest, soql: string | undefined) => unknown;

/**
 * A recording HttpPort for unit tests of the gateway and services: answers from a function of the request (and,
 * for queries, of the decoded SOQL), records every request it was sent. A thrown error is passed on as the
 * request's failure.
 */
export class FakePort implements HttpPort {
  public readonly requests: HttpRequest[] = [];
  public readonly apiVersion = '62.0';

  public constructor(private readonly answer: FakeAnswer) {}

  public get queries(): string[] {
    return this.requests.map((r) => soqlOf(r)).filter((q): q is string => q !== undefined);
  }

  public send<T>(request: HttpRequest): Promise<T> {
    this.requests.push(request);
    try {
      return Promise.resolve(this.answer(request, soqlOf(request)) as T);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

export function soqlOf(request: HttpRequest): string | undefined {
  const match = /[?&]q=([^&]*)/.exec(request.path);
  return match ? decodeURIComponent(match[1]) : undefined;
}
