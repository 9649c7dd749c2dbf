/**
 * The emulator's clock: real time plus an offset the control API can advance, so that tests can let assignment
 * expirations pass without waiting. Salesforce returns datetimes as `2026-11-25T10:00:00.000+0000`.
 */
export class Clock {
  private offsetMs = 0;

  public now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  public advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A datetime in Salesforce's REST format (milliseconds, `+0000`). */
export function sfDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A date in Salesforce's REST format (`YYYY-MM-DD`). */
export function sfDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Parses a datetime as clients send it (`Z`, `+0000`, `+00:00`, or a bare date meaning midnight UTC). */
export function parseDateTime(value: string): Date | undefined {
  const normalized = /[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(normalized) ? `${normalized}T00:00:00Z` : normalized);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
