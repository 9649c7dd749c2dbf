import { expect } from 'chai';
import { OrgGateway, OrgRequestError, RequestLimitError, type HttpRequest } from '../../../src/gateway/index.js';
import { FakePort } from '../../support/fake-port.js';

const noSleep = (): Promise<void> => Promise.resolve();
const gatewayOn = (port: FakePort): OrgGateway => new OrgGateway(port, { sleep: noSleep });
type Body = { records: Array<Record<string, unknown>> };

describe('OrgGateway.query', () => {
  it('follows nextRecordsUrl past 10,000 rows', async () => {
    const pages = 7; // 7 × 2,000 = 14,000 rows
    const port = new FakePort((req) => {
      const page = req.path.includes('/query/') ? Number(req.path.split('-').pop()) : 0;
      const records = Array.from({ length: 2000 }, (_, i) => ({ Id: `r${page * 2000 + i}` }));
      const done = page === pages - 1;
      return { totalSize: pages * 2000, done, records, ...(done ? {} : { nextRecordsUrl: `/services/data/v62.0/query/01g-${page + 1}` }) };
    });
    const rows = await gatewayOn(port).query<{ Id: string }>('SELECT Id FROM PermissionSetAssignment');
    expect(rows).to.have.length(14_000);
    expect(port.requests).to.have.length(7);
  });

  it('reads a query again from its first page when the last page answer was lost and its locator closed', async () => {
    let lost = 0;
    const port = new FakePort((req) => {
      if (!req.path.includes('/query/')) {
        return { totalSize: 3, done: false, records: [{ Id: 'r0' }, { Id: 'r1' }], nextRecordsUrl: '/services/data/v62.0/query/01gX-2' };
      }
      // The org served the last page and closed the locator, but the answer never arrived: the retry meets a closed cursor.
      if (lost++ === 0) throw new OrgRequestError('INVALID_QUERY_LOCATOR', 'invalid query locator', false);
      return { totalSize: 3, done: true, records: [{ Id: 'r2' }] };
    });
    const gateway = gatewayOn(port);
    const rows = await gateway.query<{ Id: string }>('SELECT Id FROM PermissionSetLicenseAssign');
    expect(rows.map((r) => r.Id)).to.deep.equal(['r0', 'r1', 'r2']);
    expect(port.requests).to.have.length(4);
    expect(gateway.stats).to.deep.equal({ reads: 4, writes: 0, retries: 1 });
  });

  it('passes INVALID_QUERY_LOCATOR on after three fresh reads', async () => {
    const port = new FakePort((req) => {
      if (req.path.includes('/query/')) throw new OrgRequestError('INVALID_QUERY_LOCATOR', 'invalid query locator', false);
      return { totalSize: 3, done: false, records: [{ Id: 'r0' }], nextRecordsUrl: '/services/data/v62.0/query/01gX-1' };
    });
    let caught: unknown;
    await gatewayOn(port).query('SELECT Id FROM User').catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(OrgRequestError).and.have.property('errorCode', 'INVALID_QUERY_LOCATOR');
    expect(port.requests).to.have.length(8);
  });

  it('sends no request for an empty IN list', async () => {
    const port = new FakePort(() => ({ totalSize: 0, done: true, records: [] }));
    expect(await gatewayOn(port).queryIn('SELECT Id FROM User WHERE Id IN {IN}', [])).to.deep.equal([]);
    expect(port.requests).to.have.length(0);
  });

  it('retries a transient failure and counts each attempt', async () => {
    let calls = 0;
    const port = new FakePort(() => {
      calls++;
      if (calls < 3) throw new OrgRequestError('SERVER_UNAVAILABLE', 'down', true);
      return { totalSize: 1, done: true, records: [{ Id: 'x' }] };
    });
    const gateway = gatewayOn(port);
    expect(await gateway.query('SELECT Id FROM User')).to.have.length(1);
    expect(gateway.stats).to.deep.equal({ reads: 3, writes: 0, retries: 2 });
  });

  it('stops at once on REQUEST_LIMIT_EXCEEDED', async () => {
    const port = new FakePort(() => {
      throw new RequestLimitError('TotalRequests Limit exceeded.');
    });
    const gateway = gatewayOn(port);
    let caught: unknown;
    await gateway.query('SELECT Id FROM User').catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(RequestLimitError);
    expect(port.requests).to.have.length(1);
  });

  it('does not retry a non-transient error', async () => {
    const port = new FakePort(() => {
      throw new OrgRequestError('MALFORMED_QUERY', 'bad', false);
    });
    await gatewayOn(port).query('SELECT').catch(() => undefined);
    expect(port.requests).to.have.length(1);
  });
});

describe('OrgGateway child relationships', () => {
  const url = (locator: string): string => `/services/data/v62.0/query/${locator}`;
  /** Answers the first query with `first`, and each nextRecordsUrl from `more` (keyed by locator). */
  const portOf = (first: unknown, more: Record<string, unknown>): FakePort =>
    new FakePort((req) => (req.path.includes('/query/') ? more[req.path.split('/').pop() ?? ''] : first));

  it('reads a child relationship cut short through its own nextRecordsUrl, before the next parent page, and counts those reads', async () => {
    const port = portOf(
      { totalSize: 2, done: false, nextRecordsUrl: url('01gP-1'), records: [{ Id: 'p1', Assignments: { totalSize: 3, done: false, nextRecordsUrl: url('01gC-1'), records: [{ Id: 'c1' }] } }] },
      {
        '01gC-1': { totalSize: 3, done: false, nextRecordsUrl: url('01gC-2'), records: [{ Id: 'c2' }] },
        '01gC-2': { totalSize: 3, done: true, records: [{ Id: 'c3' }] },
        '01gP-1': { totalSize: 2, done: true, records: [{ Id: 'p2', Assignments: null }] },
      }
    );
    const gateway = gatewayOn(port);
    const rows = await gateway.query('SELECT Id, (SELECT Id FROM Assignments) FROM PermissionSet');
    expect(rows).to.deep.equal([
      { Id: 'p1', Assignments: { totalSize: 3, done: true, records: [{ Id: 'c1' }, { Id: 'c2' }, { Id: 'c3' }] } },
      { Id: 'p2', Assignments: null },
    ]);
    expect(port.requests.slice(1).map((r) => r.path)).to.deep.equal([url('01gC-1'), url('01gC-2'), url('01gP-1')]);
    expect(gateway.stats).to.deep.equal({ reads: 4, writes: 0, retries: 0 });
  });

  it("reads each child page's grandchildren before the next child page", async () => {
    const grand = (locator: string, id: string): unknown => ({ totalSize: 2, done: false, nextRecordsUrl: url(locator), records: [{ Id: id }] });
    const port = portOf(
      { totalSize: 1, done: true, records: [{ Id: 'prof', Users: { totalSize: 2, done: false, nextRecordsUrl: url('01gU-1'), records: [{ Id: 'u1', Psa: grand('01gA-1', 'a1') }] } }] },
      {
        '01gA-1': { totalSize: 2, done: true, records: [{ Id: 'a2' }] },
        '01gU-1': { totalSize: 2, done: true, records: [{ Id: 'u2', Psa: grand('01gB-1', 'a3') }] },
        '01gB-1': { totalSize: 2, done: true, records: [{ Id: 'a4' }] },
      }
    );
    const [profile] = await gatewayOn(port).query<{ Users: { done: boolean; records: Array<{ Psa: { done: boolean; records: unknown[] } }> } }>('SELECT …');
    expect(port.requests.slice(1).map((r) => r.path)).to.deep.equal([url('01gA-1'), url('01gU-1'), url('01gB-1')]);
    expect(profile.Users.done).to.equal(true);
    expect(profile.Users.records.map((u) => [u.Psa.done, u.Psa.records])).to.deep.equal([
      [true, [{ Id: 'a1' }, { Id: 'a2' }]],
      [true, [{ Id: 'a3' }, { Id: 'a4' }]],
    ]);
  });

  it('streams pages whose child relationships are already complete, without reading the next parent page early', async () => {
    const port = portOf(
      { totalSize: 2, done: false, nextRecordsUrl: url('01gP-1'), records: [{ Id: 'p1', Kids: { totalSize: 2, done: false, nextRecordsUrl: url('01gK-1'), records: [{ Id: 'k1' }] } }] },
      { '01gK-1': { totalSize: 2, done: true, records: [{ Id: 'k2' }] }, '01gP-1': { totalSize: 2, done: true, records: [{ Id: 'p2', Kids: null }] } }
    );
    const pages = gatewayOn(port).queryPages<{ Kids: { records: unknown[] } }>('SELECT …');
    const first = await pages.next();
    expect(first.done ? [] : first.value.map((r) => r.Kids.records.length)).to.deep.equal([2]);
    expect(port.requests).to.have.length(2);
    expect((await pages.next()).done).to.equal(false);
    expect(port.requests).to.have.length(3);
  });
});

describe('OrgGateway writes', () => {
  const ok = (req: HttpRequest): unknown => (req.body as Body).records.map((_, i) => ({ id: `0Pa${i}`, success: true, errors: [] }));

  it('creates 450 records in three collection requests of at most 200, in order', async () => {
    const port = new FakePort(ok);
    const records = Array.from({ length: 450 }, (_, i) => ({ AssigneeId: `005${i}`, PermissionSetId: '0PS1' }));
    const outcomes = await gatewayOn(port).create('PermissionSetAssignment', records);
    expect(port.requests.map((r) => (r.body as Body).records.length)).to.deep.equal([200, 200, 50]);
    expect(port.requests.every((r) => r.method === 'POST' && r.path.endsWith('/composite/sobjects'))).to.equal(true);
    expect((port.requests[0].body as { allOrNone: boolean }).allOrNone).to.equal(false);
    expect(outcomes.map((o) => o.index)).to.deep.equal(records.map((_, i) => i));
  });

  it('sends records that failed with UNABLE_TO_LOCK_ROW again, alone', async () => {
    let call = 0;
    const port = new FakePort((req) => {
      call++;
      const records = (req.body as Body).records;
      return records.map((r, i) =>
        call === 1 && i === 1
          ? { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }] }
          : { id: `id-${String(r.AssigneeId)}`, success: true, errors: [] }
      );
    });
    const outcomes = await gatewayOn(port).create('PermissionSetAssignment', [{ AssigneeId: 'a' }, { AssigneeId: 'b' }, { AssigneeId: 'c' }]);
    expect(outcomes.map((o) => o.success)).to.deep.equal([true, true, true]);
    expect(outcomes[1].id).to.equal('id-b');
    expect((port.requests[1].body as Body).records).to.have.length(1);
  });

  it('lets locked records ride along with the next batch instead of waiting, and keeps input order', async () => {
    let call = 0;
    const sleeps: number[] = [];
    const port = new FakePort((req) => {
      call++;
      return (req.body as Body).records.map((r, i) =>
        call === 1 && i < 10
          ? { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }] }
          : { id: `id-${String(r.AssigneeId)}`, success: true, errors: [] }
      );
    });
    const gateway = new OrgGateway(port, { sleep: (ms) => Promise.resolve(void sleeps.push(ms)) });
    const records = Array.from({ length: 390 }, (_, i) => ({ AssigneeId: `u${i}` }));
    const outcomes = await gateway.create('PermissionSetAssignment', records);
    expect(port.requests.map((r) => (r.body as Body).records.length)).to.deep.equal([200, 200]);
    expect(((port.requests[1].body as Body).records[0] as { AssigneeId: string }).AssigneeId).to.equal('u0');
    expect(sleeps).to.deep.equal([]);
    expect(outcomes.map((o) => o.id)).to.deep.equal(records.map((r) => `id-${r.AssigneeId}`));
    expect(gateway.stats.retries).to.equal(1);
  });

  it('counts a DUPLICATE_VALUE after a lost answer as done, not as a failure', async () => {
    let call = 0;
    const port = new FakePort((req) => {
      call++;
      if (call === 1) throw new OrgRequestError('UND_ERR_SOCKET', 'socket hang up', true);
      return (req.body as Body).records.map(() => ({
        success: false,
        errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'Duplicate PermissionSetAssignment. Assignee: 005; Permission Set: 0PS' }],
      }));
    });
    const outcomes = await gatewayOn(port).create('PermissionSetAssignment', [{ AssigneeId: 'a' }]);
    expect(outcomes[0]).to.include({ success: true, alreadyDone: true });
  });

  it('reports a record-level refusal without retrying it', async () => {
    const port = new FakePort(() => [
      { success: false, errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: "The user license doesn't allow the permission: X" }] },
    ]);
    const outcomes = await gatewayOn(port).create('PermissionSetAssignment', [{ AssigneeId: 'a' }]);
    expect(outcomes[0]).to.include({ success: false, errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    expect(port.requests).to.have.length(1);
  });

  it('deletes by id through DELETE /composite/sobjects', async () => {
    const port = new FakePort(() => [{ id: '0Pa1', success: true, errors: [] }]);
    await gatewayOn(port).delete(['0Pa1']);
    expect(port.requests[0].method).to.equal('DELETE');
    expect(port.requests[0].path).to.match(/composite\/sobjects\?ids=0Pa1&allOrNone=false$/);
  });

  /** A port whose answers wait until the test lets them go, so that requests in flight can be counted. */
  function heldPort(answer: (req: HttpRequest, call: number) => unknown): { port: FakePort; inFlight: () => number; peak: () => number; releaseOldest: () => void } {
    let open = 0;
    let peak = 0;
    let call = 0;
    const waiting: Array<() => void> = [];
    const port = new FakePort(() => undefined);
    port.send = <T>(req: HttpRequest): Promise<T> => {
      port.requests.push(req);
      const mine = ++call;
      open++;
      peak = Math.max(peak, open);
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          open--;
          try {
            resolve(answer(req, mine) as T);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
    };
    const releaseOldest = (): void => waiting.shift()?.();
    return { port, inFlight: () => open, peak: () => peak, releaseOldest };
  }

  /** Lets held answers go, the oldest first, one per turn of the event loop, until `done` settles. */
  async function drive(held: ReturnType<typeof heldPort>, done: Promise<unknown>): Promise<void> {
    let settled = false;
    void done.then(
      () => (settled = true),
      () => (settled = true)
    );
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      held.releaseOldest();
    }
  }

  it('keeps up to `concurrency` requests in flight, and outcomes in input order', async () => {
    const held = heldPort((req) => (req.body as Body).records.map((r) => ({ id: `id-${String(r.AssigneeId)}`, success: true, errors: [] })));
    const records = Array.from({ length: 1_900 }, (_, i) => ({ AssigneeId: `u${i}` }));
    const progress: number[] = [];
    const writing = gatewayOn(held.port).create('PermissionSetAssignment', records, (done) => progress.push(done), { concurrency: 4 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.inFlight(), 'four requests sent before any answer').to.equal(4);
    await drive(held, writing);
    const outcomes = await writing;
    expect(held.peak()).to.equal(4);
    expect(held.port.requests).to.have.length(10);
    expect(outcomes.map((o) => o.id)).to.deep.equal(records.map((r) => `id-${r.AssigneeId}`));
    expect(progress.at(-1)).to.equal(1_900);
    expect([...progress].sort((a, b) => a - b)).to.deep.equal(progress);
  });

  it('sends one request at a time without a concurrency option', async () => {
    const held = heldPort((req) => (/ids=([^&]*)/.exec(req.path)?.[1] ?? '').split(',').map((id) => ({ id, success: true, errors: [] })));
    const writing = gatewayOn(held.port).delete(Array.from({ length: 450 }, (_, i) => `0Pa${i}`));
    await drive(held, writing);
    await writing;
    expect(held.peak()).to.equal(1);
    expect(held.port.requests).to.have.length(3);
  });

  it('lets records locked in one lane ride along in another lane\'s next batch', async () => {
    const held = heldPort((req, call) =>
      (req.body as Body).records.map((r, i) =>
        call === 1 && i < 5
          ? { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }] }
          : { id: `id-${String(r.AssigneeId)}`, success: true, errors: [] }
      )
    );
    const records = Array.from({ length: 1_000 }, (_, i) => ({ AssigneeId: `u${i}` }));
    const writing = gatewayOn(held.port).create('PermissionSetAssignment', records, undefined, { concurrency: 2 });
    await drive(held, writing);
    const outcomes = await writing;
    expect(outcomes.every((o) => o.success)).to.equal(true);
    expect(outcomes.map((o) => o.id)).to.deep.equal(records.map((r) => `id-${r.AssigneeId}`));
    const sent = held.port.requests.flatMap((r) => (r.body as Body).records.map((x) => String(x.AssigneeId)));
    expect(sent.filter((u) => u === 'u0')).to.have.length(2);
    expect(sent).to.have.length(1_005);
  });

  it('on a stop (API limit) in one lane, takes no new batch and lets the requests in flight finish before throwing', async () => {
    const saved: number[] = [];
    const held = heldPort((req, call) => {
      if (call === 1) throw new RequestLimitError('TotalRequests Limit exceeded.');
      return (req.body as Body).records.map(() => ({ id: '0Pa', success: true, errors: [] }));
    });
    const gateway = gatewayOn(held.port);
    const writing = gateway.create('PermissionSetAssignment', Array.from({ length: 2_000 }, (_, i) => ({ AssigneeId: `u${i}` })), (done) => saved.push(done), {
      concurrency: 3,
    });
    await drive(held, writing);
    const caught = await writing.then(
      () => undefined,
      (error: unknown) => error
    );
    expect(caught).to.be.instanceOf(RequestLimitError);
    expect(held.port.requests, 'the three first requests only').to.have.length(3);
    expect(gateway.recordsSaved, 'the two lanes answered after the stop are counted').to.equal(400);
  });
});
