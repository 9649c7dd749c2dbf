import { to18 } from '../store/ids.js';
import { type FieldType } from '../store/types.js';
import { malformedQuery } from './errors.js';

export type Scalar = string | number | boolean | null;
/** A date literal (TODAY, LAST_N_DAYS:n) is a range [start, end) of epoch milliseconds. */
export type Range = { start: number; end: number };
export type Literal = Scalar | Range;

const DAY = 86_400_000;

export function isRange(value: Literal): value is Range {
  return typeof value === 'object' && value !== null;
}

/** Removes the quotes of a SOQL string literal and resolves its escape sequences. */
export function unquote(raw: string): string {
  const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return body.replace(/\\(.)/g, (_m, ch: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[ch] ?? ch);
}

/** A parsed literal of the given parser literal type. */
export function literalOf(raw: string, literalType: string, now: Date, variable?: number): Literal {
  switch (literalType) {
    case 'STRING':
      return unquote(raw);
    case 'NULL':
      return null;
    case 'BOOLEAN':
      return raw.toLowerCase() === 'true';
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'DATE':
      return Date.parse(`${raw}T00:00:00Z`);
    case 'DATETIME':
      return Date.parse(raw.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      return dateLiteral(raw, now, variable);
    default:
      throw malformedQuery(`unexpected literal type ${literalType}: ${raw}`);
  }
}

function dateLiteral(raw: string, now: Date, variable?: number): Range {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const name = raw.split(':')[0].toUpperCase();
  const n = variable ?? Number(raw.split(':')[1] ?? 0);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_N_DAYS':
      return { start: today - n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (n + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - n * DAY, end: today - (n - 1) * DAY };
    default:
      throw malformedQuery(`unsupported date literal ${raw}`);
  }
}

/** A stored value in the form comparisons use: epoch ms for dates, 18-character Ids, the rest as is. */
export function comparable(value: Scalar, type: FieldType | undefined): Scalar {
  if (value === null) return null;
  if ((type === 'date' || type === 'datetime') && typeof value === 'string') {
    return Date.parse(type === 'date' && value.length === 10 ? `${value}T00:00:00Z` : value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  }
  if ((type === 'id' || type === 'reference') && typeof value === 'string' && value.length === 15) return to18(value);
  return value;
}

/** -1, 0, 1; strings compare case-insensitively, as SOQL does. */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function equalsScalar(a: Scalar, b: Scalar): boolean {
  return compareScalars(a, b) === 0;
}

/** LIKE: case-insensitive, `%` any run, `_` one character, `\%` and `\_` literal. */
export function likeMatcher(pattern: string): (value: Scalar) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]);
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegex(ch);
  }
  const regex = new RegExp(`^${source}$`, 'is');
  return (value) => typeof value === 'string' && regex.test(value);
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
