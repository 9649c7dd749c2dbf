/**
 * The one function through which every value reaches SOQL.
 *
 * SOQL string literals are single-quoted; inside them a backslash starts an escape sequence
 * (\' \" \\ \n \r \t \b \f, and \_ \% inside LIKE patterns). Escaping the backslash first and then the quote
 * characters makes any input - `x' OR Name != '`, a lone `\`, non-ASCII - one literal value and nothing more.
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const NEEDS_ESCAPE = /[\\'"\n\r\t\b\f]/g;

/** A complete, quoted SOQL string literal for `value`. */
export function soqlString(value: string): string {
  return `'${value.replace(NEEDS_ESCAPE, (ch) => ESCAPES[ch])}'`;
}

/**
 * A quoted LIKE pattern that matches `value` literally (its own % and _ are escaped) with the given
 * wildcards around it.
 */
export function soqlLikePattern(value: string, { prefix = '', suffix = '' } = {}): string {
  const literal = soqlString(value).slice(1, -1).replace(/[%_]/g, (ch) => `\\${ch}`);
  return `'${prefix}${literal}${suffix}'`;
}

/** Salesforce record Ids are 15 or 18 alphanumeric characters; anything else never reaches a query as an Id. */
export function isSalesforceId(value: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value);
}

/** A parenthesised list of escaped literals, for short lists known in advance (long lists go through queryIn). */
export function soqlInList(values: Iterable<string>): string {
  return `(${[...values].map(soqlString).join(',')})`;
}
