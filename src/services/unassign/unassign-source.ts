import { removalCsvBatches, scanRemovalCsv, type CsvRowProblem } from '../../io/assignment-csv.js';
import { type DesiredRow } from '../../planning/assignment/types.js';
import { type InvalidRow, type UnassignRow } from '../../planning/removal/unassign-plan.js';
import { BATCH_SIZE, flagSource } from '../assign/sources.js';

/** The rows to remove, readable in batches, with the names a first pass over the input met. */
export type UnassignSource = {
  permissionSets: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  /** Rows repeating an earlier row (line -> the earlier line): blocked, the first one goes ahead. */
  repeats: ReadonlyMap<number, number>;
  batches(): AsyncIterable<UnassignRow[]>;
};

/** Every user × every named set and group, as `permset assign` builds them (an expiration means nothing here). */
export function flagRemovalSource(input: { users: readonly string[]; permissionSets: readonly string[]; groups: readonly string[] }): UnassignSource {
  const source = flagSource({ ...input, expiration: { kind: 'keep' } });
  return { permissionSets: source.permissionSets, groups: source.groups, repeats: new Map(), batches: () => source.batches() };
}

/**
 * The rows of a CSV file in assign's columns. Unlike assign, a bad row does not refuse the file: removing fewer
 * assignments than asked is safe, so the row is reported (INVALID_ROW) and the others go ahead. Only a file that
 * cannot be read as a whole is refused (InputError). The expirationDate column is ignored.
 */
export async function csvRemovalSource(file: string): Promise<UnassignSource & { rows: number }> {
  const scan = await scanRemovalCsv(file);
  return {
    rows: scan.rows,
    permissionSets: scan.permissionSets,
    groups: scan.groups,
    repeats: scan.repeats,
    batches: () => withInvalidRows(removalCsvBatches(file, BATCH_SIZE)),
  };
}

async function* withInvalidRows(batches: AsyncIterable<Array<DesiredRow | CsvRowProblem>>): AsyncGenerator<UnassignRow[]> {
  for await (const batch of batches) yield batch.map((row) => ('problem' in row ? invalidRow(row) : row));
}

function invalidRow(row: CsvRowProblem): InvalidRow {
  const { problem, ...named } = row;
  return { ...named, invalid: { reason: 'INVALID_ROW', tokens: [problem.key, ...problem.tokens] } };
}
