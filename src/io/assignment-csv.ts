import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parseExpiration } from '../planning/input/expiration-input.js';
import { type DesiredRow, type TargetKind } from '../planning/assignment/types.js';
import { InputError } from './input-error.js';

const USER_COLUMNS = ['username', 'userid'];
const TARGET_COLUMNS: Record<string, TargetKind> = { permissionset: 'permissionSet', permissionsetgroup: 'permissionSetGroup' };
const KNOWN_COLUMNS = new Set([...USER_COLUMNS, ...Object.keys(TARGET_COLUMNS), 'expirationdate']);
/** A record longer than this is not a permission assignment: refuse it instead of buffering it. */
const MAX_RECORD_BYTES = 64 * 1024;

/** What the first pass over the file learnt: the names to resolve, and how many rows there are. */
export type CsvScan = { rows: number; permissionSets: Set<string>; groups: Set<string> };

/**
 * Reads the whole file once without keeping its rows: refuses it (InputError, before anything is written) for a
 * bad header, malformed CSV, a bad value, a past expiration, or a repeated or contradicting pair.
 */
export async function scanAssignmentCsv(file: string, now: number): Promise<CsvScan> {
  const scan: CsvScan = { rows: 0, permissionSets: new Set(), groups: new Set() };
  const pairs = new Map<string, number>();
  for await (const row of readRows(file, now)) {
    scan.rows++;
    (row.kind === 'permissionSet' ? scan.permissionSets : scan.groups).add(row.target);
    const key = pairKey(row);
    const first = pairs.get(key);
    if (first !== undefined) throw new InputError('error.CsvRepeatedPair', [file, String(row.index), String(first)]);
    pairs.set(key, row.index);
  }
  if (scan.rows === 0) throw new InputError('error.CsvEmpty', [file]);
  return scan;
}

/** The file's rows in batches of `size`, for the second pass (the file was validated by scanAssignmentCsv). */
export function assignmentCsvBatches(file: string, now: number, size: number): AsyncGenerator<DesiredRow[]> {
  return inBatches(readRows(file, now), size);
}

/**
 * A row that a removal (`permset unassign`) cannot use: reported on its own while the other rows go ahead, since
 * leaving one assignment in place is safe. What the row named is kept where it can be told.
 */
export type CsvRowProblem = { index: number; user: string; kind?: TargetKind; target?: string; problem: InputError };

/** A removal file's first pass: its names, and rows that repeat an earlier row (line -> the earlier line). */
export type RemovalCsvScan = CsvScan & { repeats: Map<number, number> };

/**
 * The first pass over a file of assignments to remove. Only what makes the whole file unreadable refuses it (an
 * unreadable file, bad header, malformed CSV, not UTF-8, no rows); a bad row is kept as a CsvRowProblem and a
 * repeated row as a repeat, for the run to report per row. The expirationDate column is accepted and never read:
 * a removal takes the assignment away whatever its expiration, so an assign file can be given as it is.
 */
export async function scanRemovalCsv(file: string): Promise<RemovalCsvScan> {
  const scan: RemovalCsvScan = { rows: 0, permissionSets: new Set(), groups: new Set(), repeats: new Map() };
  const pairs = new Map<string, number>();
  for await (const row of readRows(file, 0, true)) {
    scan.rows++;
    if ('problem' in row) continue;
    (row.kind === 'permissionSet' ? scan.permissionSets : scan.groups).add(row.target);
    const key = pairKey(row);
    const first = pairs.get(key);
    if (first === undefined) pairs.set(key, row.index);
    else scan.repeats.set(row.index, first);
  }
  if (scan.rows === 0) throw new InputError('error.CsvEmpty', [file]);
  return scan;
}

/** A removal file's rows in batches of `size` (second pass), bad rows among them as CsvRowProblem. */
export function removalCsvBatches(file: string, size: number): AsyncGenerator<Array<DesiredRow | CsvRowProblem>> {
  return inBatches(readRows(file, 0, true), size);
}

/** The same user and target, however cased: one assignment. */
const pairKey = (row: DesiredRow): string => `${row.user.toLowerCase()}\u0000${row.kind}\u0000${row.target.toLowerCase()}`;

async function* inBatches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function readRows(file: string, now: number): AsyncGenerator<DesiredRow>;
function readRows(file: string, now: number, removal: true): AsyncGenerator<DesiredRow | CsvRowProblem>;
/** `removal`: row problems are yielded instead of thrown, and expirations are not read. */
async function* readRows(file: string, now: number, removal = false): AsyncGenerator<DesiredRow | CsvRowProblem> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new InputError('error.CsvUnreadable', [file]);
  const parser = parse({
    bom: true,
    columns: (header: string[]) => checkHeader(file, header),
    skip_empty_lines: true,
    trim: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  // pipeline, unlike pipe, hands an encoding error of the guard on to the parser the loop reads from.
  pipeline(createReadStream(file), new Utf8Guard(file), parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield removal ? removalRow(file, record, info.lines) : toRow(file, record, info.lines, now);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const err = error as Error & { code?: string; lines?: number };
    throw new InputError('error.CsvMalformed', [file, String(err.lines ?? '?'), err.message]);
  }
}

function checkHeader(file: string, header: string[]): string[] {
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !KNOWN_COLUMNS.has(c));
  if (unknown.length > 0) throw new InputError('error.CsvUnknownColumns', [file, unknown.join(', ')]);
  const users = columns.filter((c) => USER_COLUMNS.includes(c));
  if (users.length !== 1) throw new InputError('error.CsvUserColumn', [file]);
  if (!columns.some((c) => c in TARGET_COLUMNS)) throw new InputError('error.CsvTargetColumn', [file]);
  if (new Set(columns).size !== columns.length) throw new InputError('error.CsvUnknownColumns', [file, 'a column appears twice']);
  return columns;
}

function toRow(file: string, record: Record<string, string>, line: number, now: number): DesiredRow {
  const user = (record.username ?? record.userid ?? '').trim();
  if (user === '') throw new InputError('error.CsvMissingUser', [file, String(line)]);
  const targets = Object.entries(TARGET_COLUMNS).filter(([column]) => (record[column] ?? '').trim() !== '');
  if (targets.length !== 1) throw new InputError('error.CsvOneTarget', [String(line), file]);
  const [column, kind] = targets[0];
  const expiration = parseExpiration(record.expirationdate, now);
  if ('error' in expiration) {
    const key = expiration.error === 'past' ? 'error.CsvExpirationPast' : 'error.CsvExpirationFormat';
    throw new InputError(key, [file, String(line), record.expirationdate ?? '']);
  }
  return { index: line, user, kind, target: record[column].trim(), expiration: expiration.wish };
}

/** A removal's row: the user and the one target, or the problem with the row (expirationDate is not read). */
function removalRow(file: string, record: Record<string, string>, line: number): DesiredRow | CsvRowProblem {
  const user = (record.username ?? record.userid ?? '').trim();
  const targets = Object.entries(TARGET_COLUMNS).filter(([column]) => (record[column] ?? '').trim() !== '');
  const named = targets.length > 0 ? { kind: targets[0][1], target: record[targets[0][0]].trim() } : {};
  if (user === '') return { index: line, user, ...named, problem: new InputError('error.CsvMissingUser', [file, String(line)]) };
  if (targets.length !== 1) return { index: line, user, ...named, problem: new InputError('error.CsvOneTarget', [String(line), file]) };
  return { index: line, user, kind: targets[0][1], target: named.target!, expiration: { kind: 'keep' } };
}

/** Refuses bytes that are not UTF-8 (a UTF-16 or Latin-1 export) instead of reading garbage names. */
class Utf8Guard extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private first = true;

  public constructor(private readonly file: string) {
    super();
  }

  public override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const utf16 = chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
      if (this.first && utf16) throw new Error('UTF-16');
      this.first = false;
      this.decoder.decode(chunk, { stream: true });
      callback(null, chunk);
    } catch {
      callback(new InputError('error.CsvEncoding', [this.file]));
    }
  }
}
