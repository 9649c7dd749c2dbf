import { expect } from 'chai';
import { parseExpiration } from '../../../src/planning/input/expiration-input.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseExpiration', () => {
  it('keeps when nothing is given and clears on never', () => {
    expect(parseExpiration(undefined, NOW)).to.deep.equal({ wish: { kind: 'keep' } });
    expect(parseExpiration(' NEVER ', NOW)).to.deep.equal({ wish: { kind: 'clear' } });
  });

  it('reads a date as midnight UTC and a date-time with its zone, cut to the second', () => {
    expect(parseExpiration('2027-06-30', NOW)).to.deep.equal({ wish: { kind: 'set', at: '2027-06-30T00:00:00.000Z' } });
    expect(parseExpiration('2027-06-30T17:00:00.999+0200', NOW)).to.deep.equal({ wish: { kind: 'set', at: '2027-06-30T15:00:00.000Z' } });
  });

  it('refuses other formats, impossible dates and the past', () => {
    for (const bad of ['12/31/2027', '2027-02-30', '2027-06-30T17:00', 'tomorrow', '2027-13-01']) {
      expect(parseExpiration(bad, NOW), bad).to.deep.equal({ error: 'format' });
    }
    expect(parseExpiration('2026-11-25T11:59:59Z', NOW)).to.deep.equal({ error: 'past' });
  });
});
