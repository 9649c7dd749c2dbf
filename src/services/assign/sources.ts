import { assignmentCsvBatches, scanAssignmentCsv } from '../../io/assignment-csv.js';
import { type DesiredRow, type ExpirationWish } from '../../planning/assignment/types.js';
import { type AssignmentSource } from './assign-service.js';

/** Rows planned and written together: large enough for few requests, small enough to keep memory flat. */
export const BATCH_SIZE = 5_000;

/** Every user × every named permission set and group, with one expiration wish for all. */
export function flagSource(input: {
  users: readonly string[];
  permissionSets: readonly string[];
  groups: readonly string[];
  expiration: ExpirationWish;
}): AssignmentSource {
  const users = [...new Set(input.users)];
  const permissionSets = new Set(input.permissionSets);
  const groups = new Set(input.groups);
  return {
    permissionSets,
    groups,
    conflicts: new Map(),
    async *batches(): AsyncGenerator<DesiredRow[]> {
      let index = 0;
      let batch: DesiredRow[] = [];
      for (const user of users) {
        const targets = [
          ...[...permissionSets].map((target) => ({ kind: 'permissionSet' as const, target })),
          ...[...groups].map((target) => ({ kind: 'permissionSetGroup' as const, target })),
        ];
        for (const { kind, target } of targets) {
          batch.push({ index: ++index, user, kind, target, expiration: input.expiration });
          if (batch.length >= BATCH_SIZE) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
      return Promise.resolve();
    },
  };
}

/** The rows of a CSV file, validated in a first pass that keeps only the names it met. */
export async function csvSource(file: string, now: number): Promise<AssignmentSource & { rows: number }> {
  const scan = await scanAssignmentCsv(file, now);
  return {
    rows: scan.rows,
    permissionSets: scan.permissionSets,
    groups: scan.groups,
    conflicts: new Map(),
    batches: () => assignmentCsvBatches(file, now, BATCH_SIZE),
  };
}
