/** One answer of the query resource: a top-level page, or a child relationship inside a record. */
export type QueryPage<T> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] };

/** Reads the page at a nextRecordsUrl (one counted request). */
export type ReadPage = (nextRecordsUrl: string) => Promise<QueryPage<Record<string, unknown>>>;

function isChildResult(value: unknown): value is QueryPage<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Array.isArray((value as QueryPage<unknown>).records) && 'done' in value;
}

/**
 * Makes every child relationship of `records` complete, in place. Child rows count toward a batch, so the org
 * answers a relationship that does not fit with done:false and a nextRecordsUrl of its own; its remaining rows
 * are read and appended here, and the relationship left as {totalSize, done: true, records}. Each page's own
 * child relationships (grandchildren) are read before the next page is asked for, and the caller reads the
 * parent's next page only after this returns: the org invalidates a page's child cursors once the next page of
 * their parent is read (SOAP API Developer Guide: queryMore()).
 */
export async function readChildRelationships(records: ReadonlyArray<Record<string, unknown>>, readPage: ReadPage): Promise<void> {
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (!isChildResult(value)) continue;
      await readChildRelationships(value.records, readPage);
      if (value.done || !value.nextRecordsUrl) continue;
      const rows = [...value.records];
      let next: string | undefined = value.nextRecordsUrl;
      while (next) {
        const page = await readPage(next);
        await readChildRelationships(page.records, readPage);
        rows.push(...page.records);
        next = page.done ? undefined : page.nextRecordsUrl;
      }
      record[key] = { totalSize: value.totalSize, done: true, records: rows };
    }
  }
}
