import { randomBytes } from 'node:crypto';

type Cursor = { records: Array<Record<string, unknown>>; totalSize: number; pageSize: number };

/**
 * Open query results for nextRecordsUrl paging (`/query/01g…-2000`). A cursor is dropped after its last page is read,
 * or when too many are open (Salesforce keeps a bounded number of open cursors per user, too).
 */
export class QueryCursors {
  private readonly open = new Map<string, Cursor>();

  public constructor(private readonly maxOpen = 200) {}

  public create(records: Array<Record<string, unknown>>, totalSize: number, pageSize: number): string {
    if (this.open.size >= this.maxOpen) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
    }
    const locator = `01g${randomBytes(12).toString('base64url').replace(/[^a-zA-Z0-9]/g, '0').slice(0, 15)}`;
    this.open.set(locator, { records, totalSize, pageSize });
    return locator;
  }

  public get(locator: string): Cursor | undefined {
    return this.open.get(locator);
  }

  public close(locator: string): void {
    this.open.delete(locator);
  }
}
