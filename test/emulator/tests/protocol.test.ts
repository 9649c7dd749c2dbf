import { expect } from 'chai';
import { SeedBuilder } from '../../support/seed-builder.js';
import { type Seed } from '../seeds/load.js';
import { type ApiAnswer, errorCodeOf, TestClient, V } from './client.js';

describe('emulator protocol: REST surface, limits, paging, collections, control API', () => {
  let client: TestClient;
  let salesId: string;
  const userIds: string[] = [];

  before(async () => {
    const seed = new SeedBuilder().users('p', 2500).permissionSet('Sales').build() as Seed;
    client = await TestClient.start({ seed });
    salesId = await client.idOf("SELECT Id FROM PermissionSet WHERE Name = 'Sales'");
    userIds.push(...(await client.query<{ Id: string }>("SELECT Id FROM User WHERE Username LIKE 'p1%' ORDER BY Username LIMIT 250")).records.map((r) => r.Id));
  });
  after(() => client.stop());

  it('answers 401 INVALID_SESSION_ID without the right bearer token', async () => {
    const response = await fetch(`${client.emulator.instanceUrl}${V}/limits`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).to.equal(401);
    expect(errorCodeOf(await response.json())).to.equal('INVALID_SESSION_ID');
  });

  it('lists versions, normalises doubled slashes and serves any listed version', async () => {
    const versions = await client.call('GET', '//services/data');
    expect(versions.status).to.equal(200);
    expect((versions.body as Array<{ version: string }>).map((v) => v.version)).to.include.members(['51.0', '62.0', '66.0']);
    expect((await client.call('GET', '/services/data/v51.0/sobjects/PermissionSet/describe')).status).to.equal(200);
    expect((await client.call('GET', '/services/data/v12.0/limits')).status).to.equal(404);
  });

  it('puts Sforce-Limit-Info on every response and counts requests in /limits', async () => {
    const first = await client.call('GET', `${V}/limits`);
    const header = first.headers.get('sforce-limit-info') ?? '';
    const used = Number(/api-usage=(\d+)\/\d+/.exec(header)?.[1]);
    const remaining = (first.body as { DailyApiRequests: { Max: number; Remaining: number } }).DailyApiRequests;
    expect(remaining.Max - remaining.Remaining).to.equal(used);
    const second = await client.call('GET', `${V}/limits`);
    expect(second.headers.get('sforce-limit-info')).to.equal(`api-usage=${used + 1}/${remaining.Max}`);
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED past DailyApiRequests', async () => {
    const usage = (await client.control('api-usage')).body as { used: number; max: number };
    await client.control('api-usage', { used: usage.max });
    const refused = await client.call('GET', `${V}/limits`);
    expect(refused.status).to.equal(403);
    expect(errorCodeOf(refused.body)).to.equal('REQUEST_LIMIT_EXCEEDED');
    await client.control('api-usage', { used: usage.used });
  });

  it('answers 414 to a request URI over 16,384 bytes', async () => {
    const soql = `SELECT Id FROM User WHERE Username IN ('${'x'.repeat(17_000)}')`;
    const answer = await client.call('GET', `${V}/query?q=${encodeURIComponent(soql)}`);
    expect(answer.status).to.equal(414);
  });

  it('pages 2,000 rows at a time through nextRecordsUrl, and honours batchSize', async () => {
    const first = await client.query("SELECT Id FROM User WHERE Username LIKE 'p%'");
    expect([first.totalSize, first.records.length, first.done]).to.deep.equal([2500, 2000, false]);
    const second = await client.call('GET', first.nextRecordsUrl ?? '');
    const page = second.body as { records: unknown[]; done: boolean; nextRecordsUrl?: string };
    expect([page.records.length, page.done, page.nextRecordsUrl]).to.deep.equal([500, true, undefined]);
    const small = await client.call('GET', `${V}/query?q=${encodeURIComponent("SELECT Id FROM User WHERE Username LIKE 'p%'")}`, undefined, {
      'Sforce-Query-Options': 'batchSize=500',
    });
    expect((small.body as { records: unknown[] }).records).to.have.length(500);
  });

  it('writes collections of up to 200 records with results in order, and refuses 201', async () => {
    const records = userIds.slice(0, 200).map((id) => ({ attributes: { type: 'PermissionSetAssignment' }, AssigneeId: id, PermissionSetId: salesId }));
    records[5] = { ...records[5], AssigneeId: '005000000000000AAA' };
    const answer = await client.collection('POST', records);
    const results = answer.body as Array<{ success: boolean; id?: string; errors: Array<{ statusCode: string }> }>;
    expect(results).to.have.length(200);
    expect(results.filter((r) => !r.success).map((r) => results.indexOf(r))).to.deep.equal([5]);
    expect(results[0].id).to.match(/^0Pa/);
    const tooMany = await client.collection('POST', [...records, records[0]]);
    expect([tooMany.status, errorCodeOf(tooMany.body)]).to.deep.equal([400, 'EXCEEDED_ID_LIMIT']);
  });

  it('rolls everything back under allOrNone when one record fails', async () => {
    const records = userIds.slice(200, 203).map((id) => ({ attributes: { type: 'PermissionSetAssignment' }, AssigneeId: id, PermissionSetId: salesId }));
    records.push({ attributes: { type: 'PermissionSetAssignment' }, AssigneeId: userIds[0], PermissionSetId: salesId });
    const results = (await client.collection('POST', records, true)).body as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(results.map((r) => r.errors[0]?.statusCode)).to.deep.equal([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'DUPLICATE_VALUE',
    ]);
    const written = await client.query(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userIds[200]}' AND PermissionSetId = '${salesId}'`);
    expect(written.totalSize).to.equal(0);
  });

  it('deletes through collections and reports an unknown id per record', async () => {
    const rows = await client.query<{ Id: string }>(`SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = '${salesId}' LIMIT 3`);
    const ids = [...rows.records.map((r) => r.Id), '0Pa000000000000AAA'];
    const answer = await client.call('DELETE', `${V}/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`);
    const results = answer.body as Array<{ success: boolean }>;
    expect(results.map((r) => r.success)).to.deep.equal([true, true, true, false]);
  });

  it('counts requests by method and endpoint, leaves the control API out, and resets', async () => {
    await client.control('stats/reset', {});
    await client.query('SELECT Id FROM PermissionSet LIMIT 1');
    await client.call('GET', `${V}/sobjects/User/${userIds[0]}`);
    await client.control('dump');
    const stats = (await client.control('stats')).body as { requests: number; byMethod: Record<string, number>; byEndpoint: Record<string, number> };
    expect(stats).to.deep.equal({ requests: 2, byMethod: { GET: 2 }, byEndpoint: { 'GET /query': 1, 'GET /sobjects/User/{id}': 1 } });
  });

  it('dumps every record by type, derived ones included', async () => {
    const dump = (await client.control('dump')).body as { records: Record<string, Array<Record<string, unknown>>> };
    expect(dump.records.User.length).to.equal(2501);
    expect(dump.records.PermissionSet.some((ps) => ps.IsOwnedByProfile === true)).to.equal(true);
  });

  it('describes objects with their fields and relationships', async () => {
    const describe = (await client.call('GET', `${V}/sobjects/PermissionSetAssignment/describe`)).body as {
      keyPrefix: string;
      fields: Array<{ name: string; relationshipName: string | null; createable: boolean }>;
    };
    expect(describe.keyPrefix).to.equal('0Pa');
    const assignee = describe.fields.find((f) => f.name === 'AssigneeId');
    expect([assignee?.relationshipName, assignee?.createable]).to.deep.equal(['Assignee', true]);
  });

  it('answers userinfo for the org user', async () => {
    const info = (await client.call('GET', '/services/oauth2/userinfo')).body as { preferred_username: string; organization_id: string };
    expect(info.preferred_username).to.equal(client.emulator.username);
    expect(info.organization_id).to.equal(client.emulator.orgId);
  });

  it('injects the same faults for the same seed, and none at rate 0', async () => {
    const run = async (): Promise<number[]> => {
      await client.control('faults', { rate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        try {
          statuses.push((await client.call('GET', `${V}/limits`)).status);
        } catch {
          statuses.push(0); // dropped connection
        }
      }
      return statuses;
    };
    const first = await run();
    expect(first.some((s) => s !== 200)).to.equal(true);
    expect(await run()).to.deep.equal(first);
    await client.control('faults', { rate: 0, seed: 1 });
    expect((await client.call('GET', `${V}/limits`)).status).to.equal(200);
  });

  it('parks writes under a hold (reads go on), then serves them or drops them unapplied', async () => {
    const countSales = async (): Promise<number> => (await client.query(`SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = '${salesId}'`)).totalSize;
    const before = await countSales();
    const assign = (userId: string): Promise<ApiAnswer | 'dropped'> =>
      client.collection('POST', [{ attributes: { type: 'PermissionSetAssignment' }, AssigneeId: userId, PermissionSetId: salesId }]).catch(() => 'dropped' as const);

    await client.control('hold', { writes: true });
    const dropped = assign(userIds[200]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countSales(), 'a parked write is not applied while reads are served').to.equal(before);
    expect(((await client.control('hold', { writes: false, drop: true })).body as { parked: number }).parked).to.equal(0);
    expect(await dropped).to.equal('dropped');
    expect(await countSales(), 'a dropped write never reaches the org').to.equal(before);

    await client.control('hold', { writes: true });
    const served = assign(userIds[201]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.control('hold', { writes: false });
    const answer = await served;
    expect(answer !== 'dropped' && answer.status).to.equal(200);
    expect(await countSales()).to.equal(before + 1);
  });
});
