import { randomBytes } from 'node:crypto';
import { cutPage, type Row } from './query-pages.js';

type Cursor = {
  records: Row[];
  totalSize: number;
  pageSize: number;
  /** The rows carry child subquery results, which count toward a page (query-pages.ts). */
  nested: boolean;
  /** Locators of the child relationships cut on the page served last. */
  children: string[];
};

/** A query result as REST returns it, top level or one child relationship. */
export type PageBody = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Row[] };

/** The nextRecordsUrl of a locator's row `offset`: `/services/data/vXX.X/query/01g…-2000`. */
export type UrlOf = (locator: string, offset: number) => string;

/**
 * Open query results for nextRecordsUrl paging (`/query/01g…-2000`), top-level results and child relationships
 * alike. A cursor is dropped after its last page is read, or when too many are open (Salesforce keeps a bounded
 * number of open cursors per user, too). Serving a cursor's next page closes the child cursors its previous page
 * opened: "A queryMore() call on a parent object invalidates all child cursors in the previous result set" (SOAP
 * API Developer Guide: queryMore()). Cursors hold the result's rows by reference; a page copies only a record
 * whose child relationships it cuts.
 */
export class QueryCursors {
  private readonly open = new Map<string, Cursor>();

  public constructor(private readonly maxOpen = 200) {}

  /** The first page of a query's result; opens a locator when more than one page is needed. */
  public firstPage(result: { records: Row[]; totalSize: number; childSubqueries?: boolean }, pageSize: number, urlOf: UrlOf): PageBody {
    const nested = result.childSubqueries === true;
    if (!nested && result.records.length <= pageSize) return { totalSize: result.totalSize, done: true, records: result.records };
    return this.serve({ records: result.records, totalSize: result.totalSize, pageSize, nested, children: [] }, undefined, 0, urlOf);
  }

  /** The page of an open locator from row `offset`, or undefined when the locator is unknown or closed. */
  public nextPage(locator: string, offset: number, urlOf: UrlOf): PageBody | undefined {
    const cursor = this.open.get(locator);
    return cursor ? this.serve(cursor, locator, offset, urlOf) : undefined;
  }

  private serve(cursor: Cursor, known: string | undefined, offset: number, urlOf: UrlOf): PageBody {
    this.closeChildren(cursor);
    if (known) this.touch(known, cursor);
    const { records, next } = cursor.nested ? this.cutNested(cursor, offset, urlOf) : flatSlice(cursor, offset);
    const body: PageBody = { totalSize: cursor.totalSize, done: next === undefined, records };
    if (next === undefined) {
      if (known) this.open.delete(known);
    } else {
      body.nextRecordsUrl = urlOf(known ?? this.register(cursor), next);
    }
    return body;
  }

  private cutNested(cursor: Cursor, offset: number, urlOf: UrlOf): { records: Row[]; next?: number } {
    return cutPage(cursor.records, offset, cursor.pageSize, (rows, totalSize, next) => {
      const child = this.register({ records: rows, totalSize, pageSize: cursor.pageSize, nested: true, children: [] });
      cursor.children.push(child);
      return urlOf(child, next);
    });
  }

  /** Closes the child cursors a cursor's last page opened, and theirs. */
  private closeChildren(cursor: Cursor): void {
    for (const locator of cursor.children) {
      const child = this.open.get(locator);
      if (!child) continue;
      this.open.delete(locator);
      this.closeChildren(child);
    }
    cursor.children = [];
  }

  /** Marks a cursor as the most recently used, so that opening its child cursors never evicts it. */
  private touch(locator: string, cursor: Cursor): void {
    this.open.delete(locator);
    this.open.set(locator, cursor);
  }

  private register(cursor: Cursor): string {
    if (this.open.size >= this.maxOpen) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
    }
    const locator = `01g${randomBytes(12).toString('base64url').replace(/[^a-zA-Z0-9]/g, '0').slice(0, 15)}`;
    this.open.set(locator, cursor);
    return locator;
  }
}

/** A page of a result without child subqueries: `pageSize` rows. */
function flatSlice(cursor: Cursor, offset: number): { records: Row[]; next?: number } {
  const end = offset + cursor.pageSize;
  return { records: cursor.records.slice(offset, end), next: end < cursor.records.length ? end : undefined };
}
