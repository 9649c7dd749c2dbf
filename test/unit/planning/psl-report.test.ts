import { expect } from 'chai';
import { computeBudgets, licensesAtOrAbove, totalsOf } from '../../../src/planning/psl/report.js';
import { type PslFacts } from '../../../src/planning/psl/types.js';

const NOW = new Date('2030-03-10T08:00:00Z');
let next = 0;
const facts = (developerName: string, total: number, used: number, overrides: Partial<PslFacts> = {}): PslFacts => ({
  id: `0PL00000000000${++next}AAA`,
  developerName,
  masterLabel: developerName,
  status: 'Active',
  totalLicenses: total,
  usedLicenses: used,
  expirationDate: null,
  permissionSets: [],
  groups: [],
  activeHolders: used,
  inactiveHolders: 0,
  unusedHolders: 0,
  ...overrides,
});

describe('psl report: sorting and totals', () => {
  const input = [
    facts('Ok_Low', 100, 10),
    facts('Ok_High', 100, 50),
    facts('Near', 10, 9, { inactiveHolders: 2, unusedHolders: 1 }),
    facts('Full', 3, 3, { inactiveHolders: 1 }),
    facts('Gone', 5, 1, { expirationDate: '2030-03-01', unusedHolders: 1 }),
    facts('Soon', 5, 1, { expirationDate: '2030-03-20' }),
    facts('Off', 5, 0, { status: 'Disabled' }),
  ];

  it('puts the worst states first, then the fuller license, then the name', () => {
    const { licenses } = computeBudgets(input, undefined, { now: NOW, threshold: 90 });
    expect(licenses.map((r) => `${r.state}:${r.developerName}`)).to.deep.equal([
      'EXPIRED:Gone',
      'DISABLED:Off',
      'EXHAUSTED:Full',
      'EXPIRING:Soon',
      'NEAR:Near',
      'OK:Ok_High',
      'OK:Ok_Low',
    ]);
  });

  it('totals seats, waste and states over the rows', () => {
    const { totals } = computeBudgets(input, undefined, { now: NOW, threshold: 90 });
    expect(totals).to.deep.include({ licenses: 7, flagged: 5, totalLicenses: 228, usedLicenses: 74, available: 154, inactiveHolders: 3, unusedHolders: 2, wasted: 5 });
    expect(totals.byState).to.deep.equal({ EXPIRED: 1, DISABLED: 1, EXHAUSTED: 1, EXPIRING: 1, NEAR: 1, OK: 2 });
  });

  it('totals nothing for no licenses', () => {
    expect(totalsOf([])).to.deep.include({ licenses: 0, flagged: 0, wasted: 0, totalLicenses: 0 });
  });

  it('includes user licenses only when their facts are given, sorted the same way', () => {
    const without = computeBudgets(input, undefined, { now: NOW, threshold: 90 });
    expect(without).not.to.have.property('userLicenses');
    const withUl = computeBudgets([], [
      { id: '1', name: 'B', masterLabel: 'B', status: 'Active', totalLicenses: 10, usedLicenses: 1 },
      { id: '2', name: 'A', masterLabel: 'A', status: 'Active', totalLicenses: 10, usedLicenses: 10 },
    ], { now: NOW, threshold: 90 });
    expect(withUl.userLicenses?.map((u) => [u.name, u.state])).to.deep.equal([['A', 'EXHAUSTED'], ['B', 'OK']]);
  });
});

describe('psl report: the --fail-at gate', () => {
  const rows = [
    { name: 'A', percentUsed: 80 },
    { name: 'B', percentUsed: 79.9 },
    { name: 'C', percentUsed: null },
    { name: 'D', percentUsed: 120 },
  ];

  it('names the licenses whose usage reached the percent, and ignores licenses without seats', () => {
    expect(licensesAtOrAbove(rows, 80)).to.deep.equal(['A', 'D']);
  });

  it('reaches nothing without a gate', () => {
    expect(licensesAtOrAbove(rows, undefined)).to.deep.equal([]);
  });
});
