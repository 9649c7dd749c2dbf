import { expect } from 'chai';
import { OrgGateway, OrgRequestError } from '../../../src/gateway/index.js';
import { FakePort } from '../../support/fake-port.js';

type Batch = { batchRequests: Array<{ method: string; url: string }> };

describe('OrgGateway.describeMany', () => {
  const answer = (body: unknown): unknown => ({
    hasErrors: true,
    results: (body as Batch).batchRequests.map((r) => {
      const name = r.url.split('/')[2];
      if (name === 'Nope') return { statusCode: 404, result: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
      if (name === 'Bad') return { statusCode: 400, result: [{ errorCode: 'INVALID_TYPE', message: "sObject type 'Bad' is not supported." }] };
      if (name === 'Locked') return { statusCode: 500, result: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] };
      return { statusCode: 200, result: { name } };
    }),
  });

  it('sends 25 describes per composite batch request, counted as reads, and maps unknown objects to undefined', async () => {
    const port = new FakePort((req) => answer(req.body));
    const gateway = new OrgGateway(port);
    const names = [...Array.from({ length: 30 }, (_, i) => `Obj${i}__c`), 'Nope', 'Bad'];
    const described = await gateway.describeMany<{ name: string }>(names);
    expect(port.requests.map((r) => [r.method, r.path, (r.body as Batch).batchRequests.length])).to.deep.equal([
      ['POST', '/services/data/v62.0/composite/batch', 25],
      ['POST', '/services/data/v62.0/composite/batch', 7],
    ]);
    expect((port.requests[0].body as Batch).batchRequests[0]).to.deep.equal({ method: 'GET', url: 'v62.0/sobjects/Obj0__c/describe' });
    expect(described.get('Obj29__c')).to.deep.equal({ name: 'Obj29__c' });
    expect([described.get('Nope'), described.get('Bad')]).to.deep.equal([undefined, undefined]);
    expect(gateway.stats).to.include({ reads: 2, writes: 0 });
  });

  it('throws the org\'s error for a describe that failed for another reason', async () => {
    const gateway = new OrgGateway(new FakePort((req) => answer(req.body)));
    const error = await gateway.describeMany(['Account', 'Locked']).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(OrgRequestError).and.include({ errorCode: 'UNKNOWN_EXCEPTION' });
  });
});
