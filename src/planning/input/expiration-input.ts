import { type ExpirationWish } from '../assignment/types.js';

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export type ExpirationParse = { wish: ExpirationWish } | { error: 'format' | 'past' };

/**
 * Reads an expiration as a user gives it: `never` clears, nothing keeps, an ISO 8601 date (midnight UTC) or
 * date-time with a zone sets it. Salesforce stores seconds, so the value is cut to the second. It must lie
 * after `now`. Other formats (12/31/2027, a time without a zone) are refused rather than guessed.
 */
export function parseExpiration(raw: string | undefined, now: number): ExpirationParse {
  const value = raw?.trim() ?? '';
  if (value === '') return { wish: { kind: 'keep' } };
  if (value.toLowerCase() === 'never') return { wish: { kind: 'clear' } };
  const match = ISO_8601.exec(value);
  if (!match) return { error: 'format' };
  const ms = instantOf(match);
  if (ms === undefined) return { error: 'format' };
  if (ms <= now) return { error: 'past' };
  return { wish: { kind: 'set', at: new Date(Math.floor(ms / 1000) * 1000).toISOString() } };
}

/** The instant a matched value names, or undefined for an impossible date or time (2027-02-30, 24:00). */
function instantOf(match: RegExpExecArray): number | undefined {
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = match;
  const offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  const timeValid = Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59;
  return Number.isNaN(ms) || !timeValid || !calendarValid(Number(y), Number(mo), Number(d)) ? undefined : ms;
}

function calendarValid(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
