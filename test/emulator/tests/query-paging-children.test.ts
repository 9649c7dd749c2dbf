import { expect } from 'chai';
import { SeedBuilder } from '../../support/seed-builder.js';
import { errorCodeOf, TestClient, V } from './client.js';

type Row = { Id?: string; AssigneeId?: string } & Record<string, unknown>;
type Page = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Row[] };

const LOCATOR_URL = /^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]+-\d+$/;
const ADMIN_SET = "SELECT Name, (SELECT AssigneeId FROM Assignments) FROM PermissionSet WHERE Profile.Name = 'System Administrator'";

/** The rows a record counts for in a batch: itself and the rows of its child relationships. */
function rowsOf(record: Row): number {
  let rows = 1;
  for (const value of Object.values(record)) {
    const child = value as Page | null;
    if (child && typeof child === 'object' && Array.isArray(child.records)) rows += child.records.reduce((sum, r) => sum + rowsOf(r), 0);
  }
  return rows;
}

describe('emulator paging of parent-child queries: child rows count toward the batch', () => {
  let client: TestClient;
  let userIds: string[];
  const get = async (url: string): Promise<Page> => {
    const answer = await client.call('GET', url);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body as Page;
  };
  const first = async (soql: string, batchSize?: number): Promise<Page> => {
    const headers: Record<string, string> = batchSize ? { 'Sforce-Query-Options': `batchSize=${batchSize}` } : {};
    const answer = await client.call('GET', `${V}/query?q=${encodeURIComponent(soql)}`, undefined, headers);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body as Page;
  };
  /** Every page of a result, following nextRecordsUrl. */
  const pagesOf = async (page: Page): Promise<Page[]> => {
    const pages = [page];
    while (!pages[pages.length - 1].done) pages.push(await get(pages[pages.length - 1].nextRecordsUrl ?? ''));
    return pages;
  };

  before(async () => {
    // 2,501 users on the admin profile, each assigned its permission set; 300 of them hold Sales as well.
    const seed = new SeedBuilder().users('p', 2500).permissionSet('Sales');
    for (let i = 1; i <= 300; i++) seed.assign(`p${i}`, 'Sales');
    client = await TestClient.start({ seed: seed.build() });
    userIds = (await pagesOf(await client.query<Row>('SELECT Id FROM User'))).flatMap((p) => p.records.map((r) => r.Id ?? ''));
  });
  after(() => client.stop());

  it('puts fewer parents on a page when their children fill the 2,000-row batch, and every parent comes once with all its children', async () => {
    const pages = await pagesOf(await first('SELECT Id, (SELECT PermissionSetId FROM PermissionSetAssignments) FROM User'));
    expect(pages[0].done).to.equal(false);
    expect(pages[0].nextRecordsUrl).to.match(LOCATOR_URL);
    expect(pages[0].records.length).to.be.below(2000);
    for (const page of pages) expect(page.records.reduce((sum, r) => sum + rowsOf(r), 0)).to.be.at.most(2000);
    // The first 300 users carry 2 assignments (3 rows each), the rest 1 (2 rows): 300 + 550 users fill 2,000 rows.
    expect(pages.map((p) => p.records.length)).to.deep.equal([850, 1000, 651]);
    const parents = pages.flatMap((p) => p.records);
    expect(parents.map((r) => r.Id)).to.have.members(userIds).and.have.length(userIds.length);
    const children = parents.map((r) => r.PermissionSetAssignments as Page);
    expect(children.every((c) => c.done && c.records.length === c.totalSize)).to.equal(true);
    expect(children.reduce((sum, c) => sum + c.records.length, 0)).to.equal(2501 + 300);
    expect(pages.every((p) => p.totalSize === 2501)).to.equal(true);
  });

  it('returns a child relationship larger than the batch with done:false and its own nextRecordsUrl, which yields every child once', async () => {
    const page = await first(ADMIN_SET);
    expect([page.totalSize, page.done, page.records.length, page.nextRecordsUrl]).to.deep.equal([1, true, 1, undefined]);
    const assignments = page.records[0].Assignments as Page;
    expect([assignments.totalSize, assignments.done, assignments.records.length]).to.deep.equal([2501, false, 1999]);
    expect(assignments.nextRecordsUrl).to.match(LOCATOR_URL);
    const rest = await pagesOf(await get(assignments.nextRecordsUrl ?? ''));
    expect(rest.map((p) => [p.totalSize, p.done, p.records.length])).to.deep.equal([[2501, true, 502]]);
    const assignees = [...assignments.records, ...rest.flatMap((p) => p.records)].map((r) => r.AssigneeId);
    expect(assignees).to.have.members(userIds).and.have.length(2501);
  });

  it('counts grandchildren too: a nested relationship is cut where the batch ends and resumes from its locator', async () => {
    const page = await first("SELECT Name, (SELECT Id, (SELECT Id FROM PermissionSetAssignments) FROM Users) FROM Profile WHERE Name = 'System Administrator'");
    const users = page.records[0].Users as Page;
    // 1 profile row, then users of 2 rows (3 for the 300 with Sales) while they fit whole: 1 + 902 + 548 × 2 = 1,999.
    expect([page.done, users.totalSize, users.done, users.records.length]).to.deep.equal([true, 2501, false, 849]);
    const rest = await pagesOf(await get(users.nextRecordsUrl ?? ''));
    expect(rest.map((p) => p.records.length)).to.deep.equal([1000, 652]);
    const all = [...users.records, ...rest.flatMap((p) => p.records)];
    expect(all.map((u) => u.Id)).to.have.members(userIds).and.have.length(2501);
  });

  it('honours Sforce-Query-Options batchSize with children, on parent and child pages', async () => {
    const pages = await pagesOf(await first('SELECT Id, (SELECT PermissionSetId FROM PermissionSetAssignments) FROM User', 500));
    expect(pages.map((p) => p.records.length).slice(0, 3)).to.deep.equal([167, 183, 250]);
    expect(pages.flatMap((p) => p.records)).to.have.length(2501);
    for (const page of pages) expect(page.records.reduce((sum, r) => sum + rowsOf(r), 0)).to.be.at.most(500);
    const admin = (await first(ADMIN_SET, 500)).records[0].Assignments as Page;
    const rest = await pagesOf(await get(admin.nextRecordsUrl ?? ''));
    expect([admin.records.length, ...rest.map((p) => p.records.length)]).to.deep.equal([499, 500, 500, 500, 500, 2]);
  });

  it('pages a flat query exactly as before: 2,000 rows, then the rest', async () => {
    const page = await first('SELECT Id FROM User');
    expect(Object.keys(page)).to.deep.equal(['totalSize', 'done', 'records', 'nextRecordsUrl']);
    expect([page.totalSize, page.done, page.records.length]).to.deep.equal([2501, false, 2000]);
    expect(page.nextRecordsUrl).to.match(/-2000$/);
    const last = await get(page.nextRecordsUrl ?? '');
    expect([last.done, last.records.length, last.nextRecordsUrl]).to.deep.equal([true, 501, undefined]);
  });

  it('answers INVALID_QUERY_LOCATOR for an unknown child locator and for one read to its end', async () => {
    const assignments = (await first(ADMIN_SET)).records[0].Assignments as Page;
    const url = assignments.nextRecordsUrl ?? '';
    await get(url);
    const again = await client.call('GET', url);
    expect([again.status, errorCodeOf(again.body)]).to.deep.equal([400, 'INVALID_QUERY_LOCATOR']);
    const unknown = await client.call('GET', url.replace(/01g[a-zA-Z0-9]+/, '01gAAAAAAAAAAAAAAA'));
    expect([unknown.status, errorCodeOf(unknown.body)]).to.deep.equal([400, 'INVALID_QUERY_LOCATOR']);
  });

  it("closes a page's child locators once the parent's next page is read (queryMore on the parent invalidates child cursors)", async () => {
    const soql = "SELECT Name, (SELECT AssigneeId FROM Assignments) FROM PermissionSet WHERE Name = 'Sales' OR Profile.Name = 'System Administrator'";
    const page = await first(soql, 200);
    expect([page.records.length, page.done]).to.deep.equal([1, false]);
    const childUrl = (page.records[0].Assignments as Page).nextRecordsUrl ?? '';
    expect(childUrl).to.match(LOCATOR_URL);
    const second = await get(page.nextRecordsUrl ?? '');
    expect((second.records[0].Assignments as Page).done).to.equal(false);
    const stale = await client.call('GET', childUrl);
    expect([stale.status, errorCodeOf(stale.body)]).to.deep.equal([400, 'INVALID_QUERY_LOCATOR']);
  });
});
