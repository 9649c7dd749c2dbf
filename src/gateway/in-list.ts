import { soqlString } from './soql-literal.js';

/**
 * Salesforce refuses a request whose URI and headers exceed 16,384 bytes (HTTP 414). GET queries carry the SOQL
 * in the URI, so IN lists are cut by the encoded length of the whole request line, not by a fixed count.
 */
export const MAX_URI_BYTES = 16_384;
/** Room kept for the request's headers, which count against the same limit. */
const HEADER_ALLOWANCE = 2_048;

export type InListQuery = {
  /** The SOQL with the placeholder `{IN}` where the parenthesised, escaped list goes. */
  template: string;
  values: readonly string[];
};

/**
 * SOQL encoded for the `q` parameter exactly as it goes on the wire. encodeURIComponent leaves `'` alone, but the
 * WHATWG URL parser (undici, under jsforce) percent-encodes it in a query string, so a quoted value would cost 4
 * more bytes than counted and a "full" chunk would overflow into a 414. Encoding it here keeps count and wire equal.
 */
export function encodeSoql(soql: string): string {
  return encodeURIComponent(soql).replace(/'/g, '%27');
}

/** The encoded length of a query's URI: `<pathPrefix>?q=<encoded soql>`. */
export function encodedQueryLength(pathPrefix: string, soql: string): number {
  return pathPrefix.length + 3 + encodeSoql(soql).length;
}

/**
 * Splits `values` into as few complete queries as the URI limit allows. Each value is escaped through
 * soqlString. Duplicate values are sent once.
 */
export function chunkInListQueries(query: InListQuery, pathPrefix: string, maxUriBytes = MAX_URI_BYTES): string[] {
  const budget = maxUriBytes - HEADER_ALLOWANCE - encodedQueryLength(pathPrefix, query.template.replace('{IN}', '()'));
  const unique = [...new Set(query.values)];
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const value of unique) {
    const cost = encodeSoql(soqlString(value)).length + 3; // plus the encoded comma
    if (cost > budget) {
      throw new Error(`A single value is too long to fit in a query: ${value.slice(0, 40)}…`);
    }
    if (used + cost > budget && current.length > 0) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(value);
    used += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk) => query.template.replace('{IN}', `(${chunk.map(soqlString).join(',')})`));
}
