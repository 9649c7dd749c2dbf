/**
 * How a batch is cut when a query has child subqueries. Salesforce counts child rows toward the batch size
 * ("Child objects count toward the number of records for the batch size", REST API Developer Guide: Query Options
 * Header), so a page of a parent-child query holds fewer parents, and a child relationship too large for the batch
 * comes back with done:false and a locator of its own. The arithmetic below is the emulator's (no page states it):
 * whole records while they fit; a record that alone needs more than the batch gets a page of its own, its child
 * relationships filled in SELECT order and cut where the batch ends.
 */
export type Row = Record<string, unknown>;

/** A child subquery's result inside a row, as soql/project.ts writes it. */
type ChildResult = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Row[] };

/** Opens a locator over a child relationship's rows and returns the nextRecordsUrl that resumes at row `next`. */
export type OpenChild = (rows: Row[], totalSize: number, next: number) => string;

/** One page: its records, the rows they count for, and the index of the first row left over (none: done). */
export type Cut = { records: Row[]; used: number; next?: number };

const rowCounts = new WeakMap<Row, number>();

function isChildResult(value: unknown): value is ChildResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as ChildResult).records);
}

/** The rows a record puts in a batch: itself and, at every depth, the rows of its child subqueries. */
export function rowsOf(record: Row): number {
  let count = rowCounts.get(record);
  if (count !== undefined) return count;
  count = 1;
  for (const value of Object.values(record)) {
    if (isChildResult(value)) for (const child of value.records) count += rowsOf(child);
  }
  rowCounts.set(record, count);
  return count;
}

/** The records from `offset` that fit in `batch` rows. Records are shared with the result, never copied, unless cut. */
export function cutPage(rows: Row[], offset: number, batch: number, open: OpenChild): Cut {
  const records: Row[] = [];
  let used = 0;
  let index = offset;
  for (; index < rows.length; index++) {
    const cost = rowsOf(rows[index]);
    if (used + cost > batch) break;
    records.push(rows[index]);
    used += cost;
  }
  if (records.length === 0 && index < rows.length && batch > 0) {
    const cut = cutRecord(rows[index], batch, open);
    records.push(cut.record);
    used = cut.used;
    index++;
  }
  return { records, used, next: index < rows.length ? index : undefined };
}

/** A record that needs more than `batch` rows: a shallow copy whose child relationships stop where the batch ends. */
function cutRecord(record: Row, batch: number, open: OpenChild): { record: Row; used: number } {
  const out: Row = { ...record };
  let left = batch - 1;
  for (const [key, value] of Object.entries(record)) {
    if (!isChildResult(value)) continue;
    const cut = cutPage(value.records, 0, left, open);
    left -= cut.used;
    if (cut.next !== undefined) {
      const rest: ChildResult = { totalSize: value.totalSize, done: false, nextRecordsUrl: open(value.records, value.totalSize, cut.next), records: cut.records };
      out[key] = rest;
    }
  }
  return { record: out, used: batch - left };
}
