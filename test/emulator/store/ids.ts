/**
 * Salesforce Ids: 15 case-sensitive characters (3-character key prefix, then instance and record digits) plus a
 * 3-character suffix that encodes, for each block of 5 characters, which of them are upper case — so that the
 * 18-character form survives case-insensitive systems.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function checksumOf(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[block * 5 + i];
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

export function to18(id: string): string {
  return id.length === 18 ? id : `${id}${checksumOf(id)}`;
}

export function to15(id: string): string {
  return id.slice(0, 15);
}

/** True for a well-formed 15- or 18-character Id (an 18-character one must carry the right suffix). */
export function isValidId(id: string): boolean {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) return false;
  return id.length === 15 || checksumOf(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

/** Deterministic Ids per key prefix: prefix + pod "5g0" + a base-62 counter, 18 characters with the suffix. */
export class IdGenerator {
  private readonly counters = new Map<string, number>();

  public next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return to18(`${prefix}5g0${encode(n, 9)}`);
  }
}

function encode(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** True when an 18-character Id's suffix matches the case of its first 15 characters (checked without allocating). */
export function isCanonical18(id: string): boolean {
  if (id.length !== 18) return false;
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id.charCodeAt(block * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    if (id.charCodeAt(15 + block) !== SUFFIX_ALPHABET.charCodeAt(bits)) return false;
  }
  return true;
}

/**
 * The canonical form of an Id given in any case: a 15-character Id gains its suffix; an 18-character one gets the
 * case of its first 15 characters back from the suffix (that is what the suffix is for). Anything else is returned as is.
 */
export function canonicalId(id: string): string {
  if (id.length === 15) return to18(id);
  if (id.length !== 18 || isCanonical18(id)) return id;
  const suffix = id.slice(15).toUpperCase();
  let body = '';
  for (let block = 0; block < 3; block++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[block]);
    if (bits < 0) return id;
    for (let i = 0; i < 5; i++) {
      const ch = id[block * 5 + i];
      body += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return body + suffix;
}
