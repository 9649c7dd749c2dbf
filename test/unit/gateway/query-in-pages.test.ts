import { expect } from 'chai';
import { OrgGateway, OrgRequestError } from '../../../src/gateway/index.js';
import { FakePort } from '../../support/fake-port.js';

const gatewayOn = (port: FakePort): OrgGateway => new OrgGateway(port, { sleep: () => Promise.resolve() });
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `0PS${String(i).padStart(15, '0')}`);
const collect = async <T>(pages: AsyncIterable<T[]>): Promise<T[][]> => {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
};

describe('OrgGateway.queryInPages', () => {
  it('cuts the IN list as queryIn does and hands every page over, chunk after chunk', async () => {
    const port = new FakePort((req, soql) => {
      if (req.path.includes('/query/')) return { totalSize: 2, done: true, records: [{ Id: 'second-page' }] };
      const count = (soql ?? '').split(',').length;
      return { totalSize: 2, done: false, records: [{ Id: `first-page-of-${count}` }], nextRecordsUrl: '/services/data/v62.0/query/01g-1' };
    });
    const gateway = gatewayOn(port);
    const values = ids(2_000);
    const pages = await collect(gateway.queryInPages<{ Id: string }>('SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId IN {IN}', values));
    const firstPages = port.queries.length;
    expect(firstPages).to.be.greaterThan(1);
    expect(pages).to.have.length(firstPages * 2);
    // Same chunks as queryIn: every value asked once.
    const asked = port.queries.flatMap((q) => q.match(/0PS\d{15}/g) ?? []);
    expect(new Set(asked).size).to.equal(values.length);
    expect(asked).to.have.length(values.length);
  });

  it('sends nothing for an empty list', async () => {
    const port = new FakePort(() => ({ totalSize: 0, done: true, records: [] }));
    expect(await collect(gatewayOn(port).queryInPages('SELECT Id FROM User WHERE Id IN {IN}', []))).to.deep.equal([]);
    expect(port.requests).to.have.length(0);
  });

  it('reads a chunk again from its first page when its query locator was lost, so no row is missed', async () => {
    let lost = 0;
    const port = new FakePort((req) => {
      if (!req.path.includes('/query/')) return { totalSize: 2, done: false, records: [{ Id: 'r0' }], nextRecordsUrl: '/services/data/v62.0/query/01gX-1' };
      if (lost++ === 0) throw new OrgRequestError('INVALID_QUERY_LOCATOR', 'invalid query locator', false);
      return { totalSize: 2, done: true, records: [{ Id: 'r1' }] };
    });
    const gateway = gatewayOn(port);
    const rows = (await collect(gateway.queryInPages<{ Id: string }>('SELECT Id FROM User WHERE Id IN {IN}', ['005000000000001AAA']))).flat();
    expect(rows.map((r) => r.Id)).to.deep.equal(['r0', 'r0', 'r1']);
    expect(gateway.stats.retries).to.equal(1);
  });

  it('passes any other failure on', async () => {
    const port = new FakePort(() => {
      throw new OrgRequestError('MALFORMED_QUERY', 'bad', false);
    });
    let caught: unknown;
    await collect(gatewayOn(port).queryInPages('SELECT Id FROM User WHERE Id IN {IN}', ['x'])).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(OrgRequestError).and.have.property('errorCode', 'MALFORMED_QUERY');
  });
});
