import { writeBlocking } from './blocking-write.js';

/**
 * sf-plugins-core prints `--json` through oclif's colorizeJson, which cuts the whole document into tokens before
 * colouring them: for a 100,000-row result that is millions of token objects and a few hundred MB at the end of a
 * run that needed a few dozen. Output that goes to a pipe or a file gets no colours anyway, so it is written as the
 * same text JSON.stringify(json, null, 2) gives, piece by piece, never as one 20 MB string; a terminal keeps the
 * library's coloured output. Each piece has left the process before the next is made (see blocking-write.ts).
 */
export function printedPlainJson(json: unknown, stdout: NodeJS.WriteStream = process.stdout): boolean {
  if (stdout.isTTY) return false;
  let pending = '';
  for (const piece of jsonPieces(json, '')) {
    pending += piece;
    if (pending.length >= FLUSH_AT) {
      writeBlocking(stdout, pending);
      pending = '';
    }
  }
  writeBlocking(stdout, `${pending}\n`);
  return true;
}

const FLUSH_AT = 256 * 1024;
const INDENT = '  ';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';

/** A value JSON.stringify would leave out of an object (and write as null in an array). */
const isOmitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * The text of JSON.stringify(value, null, 2) as it would appear at `indent`, in pieces: arrays and plain objects
 * member by member, anything else (strings, numbers, Dates, ...) as JSON.stringify writes it.
 */
export function* jsonPieces(value: unknown, indent: string): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    const inner = indent + INDENT;
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield `${k === 0 ? '' : ','}\n${inner}`;
      yield* isOmitted(value[k]) ? ['null'] : jsonPieces(value[k], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, member]) => !isOmitted(member));
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    const inner = indent + INDENT;
    yield '{';
    for (let k = 0; k < entries.length; k++) {
      yield `${k === 0 ? '' : ','}\n${inner}${JSON.stringify(entries[k][0])}: `;
      yield* jsonPieces(entries[k][1], inner);
    }
    yield `\n${indent}}`;
    return;
  }
  const text = JSON.stringify(value, null, 2) ?? 'null';
  yield indent ? text.replace(/\n/g, `\n${indent}`) : text;
}
