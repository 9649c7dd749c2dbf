import { expect } from 'chai';
import { MAX_URI_BYTES, chunkInListQueries, encodeSoql, encodedQueryLength } from '../../../src/gateway/in-list.js';

const PATH = '/services/data/v62.0/query';

describe('chunkInListQueries', () => {
  it('sends a short list in one query', () => {
    const queries = chunkInListQueries({ template: 'SELECT Id FROM User WHERE Id IN {IN}', values: ['a', 'b'] }, PATH);
    expect(queries).to.deep.equal(["SELECT Id FROM User WHERE Id IN ('a','b')"]);
  });

  it('cuts a long list so that every request URI stays under the limit, losing no value', () => {
    const values = Array.from({ length: 3000 }, (_, i) => `user${i}@example.com`);
    const queries = chunkInListQueries({ template: 'SELECT Id FROM User WHERE Username IN {IN}', values }, PATH);
    expect(queries.length).to.be.greaterThan(1);
    for (const q of queries) expect(encodedQueryLength(PATH, q)).to.be.lessThan(MAX_URI_BYTES);
    const seen = queries.flatMap((q) => [...q.matchAll(/'([^']*)'/g)].map((m) => m[1]));
    expect(seen).to.deep.equal(values);
  });

  it('chunks by encoded length: multi-byte values make smaller chunks', () => {
    const ascii = Array.from({ length: 2000 }, (_, i) => `n${i}`.padEnd(20, 'a'));
    const umlauts = Array.from({ length: 2000 }, (_, i) => `n${i}`.padEnd(20, 'ü'));
    const count = (values: string[]): number => chunkInListQueries({ template: 'SELECT Id FROM PermissionSet WHERE Name IN {IN}', values }, PATH).length;
    expect(count(umlauts)).to.be.greaterThan(count(ascii));
  });

  it('sends a repeated value once', () => {
    const [query] = chunkInListQueries({ template: 'X IN {IN}', values: ['a', 'a', 'b'] }, PATH);
    expect(query).to.equal("X IN ('a','b')");
  });

  it('counts the bytes the URL parser puts on the wire, quotes included', () => {
    const soql = "SELECT Id FROM User WHERE Username IN ('o''brien@x.org','a b@x.org')";
    const onWire = new URL(`http://host${PATH}?q=${encodeSoql(soql)}`);
    expect(onWire.pathname.length + onWire.search.length).to.equal(encodedQueryLength(PATH, soql));
    expect(encodeSoql("'")).to.equal('%27');
  });
});
