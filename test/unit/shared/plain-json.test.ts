import { expect } from 'chai';
import { jsonPieces, printedPlainJson } from '../../../src/shared/plain-json.js';

const text = (value: unknown): string => [...jsonPieces(value, '')].join('');

describe('plain JSON output', () => {
  const samples: unknown[] = [
    { status: 0, result: { summary: { total: 2, byTarget: [] }, assignments: [{ username: "o'brien@test.org", id: 'x', reason: undefined }, { username: 'ü', n: 1.5, ok: true, none: null }] }, warnings: [] },
    [[], {}, [1, [2, [3]]], { a: { b: { c: [] } } }],
    { date: new Date('2027-01-01T00:00:00Z'), nested: { withDate: [new Date(0)] }, fn: () => 1, list: [undefined, () => 2] },
    'a "quoted"\nline',
    42,
    null,
    { '': 'empty key', 'key with "quotes"': { deep: ['x\u2028y'] } },
  ];

  for (const [k, sample] of samples.entries()) {
    it(`writes exactly what JSON.stringify(value, null, 2) writes (sample ${k + 1})`, () => {
      expect(text(sample)).to.equal(JSON.stringify(sample, null, 2));
    });
  }

  it('writes a large result in pieces, never as one string, and ends with a newline', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ username: `user${i}@test.org`, action: 'created', id: `0Pa${i}` }));
    const json = { status: 0, result: { assignments: rows } };
    const writes: string[] = [];
    const stdout = { isTTY: false, write: (chunk: string) => writes.push(chunk) } as unknown as NodeJS.WriteStream;
    expect(printedPlainJson(json, stdout)).to.equal(true);
    expect(writes.length).to.be.greaterThan(1);
    expect(Math.max(...writes.map((w) => w.length))).to.be.lessThan(300 * 1024);
    expect(writes.join('')).to.equal(`${JSON.stringify(json, null, 2)}\n`);
  });

  it('leaves a terminal to the library (coloured output)', () => {
    const stdout = { isTTY: true, write: () => expect.fail('wrote to a terminal') } as unknown as NodeJS.WriteStream;
    expect(printedPlainJson({ a: 1 }, stdout)).to.equal(false);
  });
});
