import { expect } from 'chai';
import { OrgGateway, OrgRequestError, type HttpRequest } from '../../../src/gateway/index.js';
import { ensureRecord, restorePermissionRows } from '../../../src/services/retire/restore-steps.js';
import { FakePort } from '../../support/fake-port.js';

type Row = Record<string, unknown>;
type Body = { records: Row[] };
const noSleep = (): Promise<void> => Promise.resolve();

/**
 * A tiny org behind a FakePort: creates through /composite/sobjects are applied, then `lose(request)` may throw
 * the connection error a client sees when the answer is lost on the way back. Queries filter on ParentId or Name.
 */
function orgWithLostAnswers(lose: (request: HttpRequest, posts: number) => boolean): { port: FakePort; rows: Record<string, Row[]> } {
  const rows: Record<string, Row[]> = {};
  let posts = 0;
  let ids = 0;
  const port = new FakePort((request, soql) => {
    if (request.path.endsWith('/describe')) return { fields: ['Name', 'Label', 'ParentId', 'SobjectType', 'Field', 'SetupEntityId', 'SetupEntityType', 'PermissionsRead'].map((name) => ({ name, createable: true })) };
    if (soql) {
      const type = /FROM (\w+)/.exec(soql)![1];
      const parent = /ParentId = '(\w+)'/.exec(soql)?.[1];
      const name = /Name = '(\w+)'/.exec(soql)?.[1];
      const records = (rows[type] ?? []).filter((r) => (parent ? r.ParentId === parent : r.Name === name));
      return { totalSize: records.length, done: true, records };
    }
    posts++;
    const results = (request.body as Body).records.map(({ attributes, ...record }) => {
      const type = (attributes as { type: string }).type;
      const id = `${type.slice(0, 3)}${++ids}`;
      (rows[type] ??= []).push({ Id: id, ...record });
      return { id, success: true, errors: [] };
    });
    if (lose(request, posts)) throw new OrgRequestError('UND_ERR_SOCKET', 'other side closed', true);
    return results;
  });
  return { port, rows };
}

const creates = (port: FakePort): HttpRequest[] => port.requests.filter((r) => r.method === 'POST');

describe('psg restore steps after a lost answer', () => {
  it('ensureRecord finds the record its lost create made, with its Id, instead of failing or creating it twice', async () => {
    const { port, rows } = orgWithLostAnswers((_, posts) => posts === 1);
    const result = await ensureRecord(new OrgGateway(port, { sleep: noSleep }), 'PermissionSet', { Id: '0PSold', Name: 'Legacy', Label: 'Legacy', NamespacePrefix: null }, 'Name');
    expect(rows.PermissionSet).to.have.length(1);
    expect(result).to.deep.equal({ id: rows.PermissionSet[0].Id, created: true });
    expect(creates(port)).to.have.length(1);
  });

  it('ensureRecord takes the record a DUPLICATE_VALUE points at (created meanwhile) and reports it as found', async () => {
    let queries = 0;
    const port = new FakePort((request, soql) => {
      if (request.path.endsWith('/describe')) return { fields: [{ name: 'Name', createable: true }] };
      if (soql) return queries++ === 0 ? { totalSize: 0, done: true, records: [] } : { totalSize: 1, done: true, records: [{ Id: '0PSnew' }] };
      return [{ success: false, errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'duplicate value found: Name duplicates value on record with id: 0PSnew' }] }];
    });
    const result = await ensureRecord(new OrgGateway(port, { sleep: noSleep }), 'PermissionSet', { Id: '0PSold', Name: 'Legacy', NamespacePrefix: null }, 'Name');
    expect(result).to.deep.equal({ id: '0PSnew', created: false });
  });

  it('restorePermissionRows reads again after a lost answer and creates only what is still missing: no duplicate rows', async () => {
    // The first create (ObjectPermissions) is applied but its answer lost; a blind resend would double both rows.
    const { port, rows } = orgWithLostAnswers((_, posts) => posts === 1);
    const created = await restorePermissionRows(new OrgGateway(port, { sleep: noSleep }), '0PSnew', {
      ObjectPermissions: [
        { Id: 'a', ParentId: '0PSold', SobjectType: 'Account', PermissionsRead: true },
        { Id: 'b', ParentId: '0PSold', SobjectType: 'Case', PermissionsRead: true },
      ],
      FieldPermissions: [{ Id: 'c', ParentId: '0PSold', SobjectType: 'Account', Field: 'Account.Rating', PermissionsRead: true }],
      SetupEntityAccess: [],
    });
    expect(created).to.equal(3);
    expect(rows.ObjectPermissions.map((r) => r.SobjectType)).to.deep.equal(['Account', 'Case']);
    expect(rows.FieldPermissions).to.have.length(1);
    expect(creates(port).map((r) => (r.body as Body).records.length)).to.deep.equal([2, 1]);
  });

  it('the gateway still resends a create refused before it was applied (503), even when asked not to resend blind', async () => {
    let calls = 0;
    const port = new FakePort(() => {
      if (calls++ === 0) throw new OrgRequestError('SERVER_UNAVAILABLE', 'down', true);
      return [{ id: 'x1', success: true, errors: [] }];
    });
    const outcomes = await new OrgGateway(port, { sleep: noSleep }).create('ObjectPermissions', [{ SobjectType: 'Account' }], undefined, { resendUncertain: false });
    expect(outcomes[0]).to.include({ success: true, id: 'x1' });
    expect(port.requests).to.have.length(2);
  });

  it('the gateway hands back a create whose answer was lost as uncertain when asked not to resend blind', async () => {
    const port = new FakePort(() => {
      throw new OrgRequestError('ECONNRESET', 'socket hang up', true);
    });
    const outcomes = await new OrgGateway(port, { sleep: noSleep }).create('ObjectPermissions', [{ SobjectType: 'Account' }], undefined, { resendUncertain: false });
    expect(outcomes[0]).to.include({ success: false, uncertain: true, errorCode: 'ECONNRESET' });
    expect(port.requests).to.have.length(1);
  });
});
