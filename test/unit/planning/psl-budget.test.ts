import { expect } from 'chai';
import { budgetOf, daysLeft, percentUsed, pslRow, userLicenseRow } from '../../../src/planning/psl/budget.js';
import { type BudgetOptions, type PslFacts } from '../../../src/planning/psl/types.js';

const NOW = new Date('2030-03-10T15:30:00Z');
const options: BudgetOptions = { now: NOW, threshold: 90 };
const budget = (total: number, used: number, extra: { status?: string; daysLeft?: number | null } = {}): ReturnType<typeof budgetOf> =>
  budgetOf({ totalLicenses: total, usedLicenses: used, status: extra.status ?? 'Active', daysLeft: extra.daysLeft ?? null }, options);

const facts = (overrides: Partial<PslFacts> = {}): PslFacts => ({
  id: '0PL000000000001AAA',
  developerName: 'CPQ',
  masterLabel: 'CPQ',
  status: 'Active',
  totalLicenses: 10,
  usedLicenses: 4,
  expirationDate: null,
  permissionSets: ['Zeta', 'Alpha'],
  groups: ['G2', 'G1'],
  activeHolders: 3,
  inactiveHolders: 1,
  unusedHolders: 2,
  ...overrides,
});

describe('psl budget: seat arithmetic and states', () => {
  it('computes percent used to one decimal and has none for a license without seats', () => {
    expect(percentUsed(9, 8)).to.equal(88.9);
    expect(percentUsed(3, 3)).to.equal(100);
    expect(percentUsed(0, 0)).to.equal(null);
  });

  it('is OK below the threshold and NEAR at exactly the threshold', () => {
    expect(budget(10, 8).states).to.deep.equal(['OK']);
    const near = budget(10, 9);
    expect(near).to.include({ state: 'NEAR', available: 1, percentUsed: 90, flagged: true });
  });

  it('is EXHAUSTED, not NEAR, when no seat is free, and never shows negative free seats when over-allocated', () => {
    expect(budget(3, 3).states).to.deep.equal(['EXHAUSTED']);
    expect(budget(3, 5)).to.include({ available: 0, percentUsed: 166.7, state: 'EXHAUSTED' });
    expect(budget(0, 0)).to.include({ state: 'EXHAUSTED', percentUsed: null });
  });

  it('lists every state that applies, worst first', () => {
    const b = budget(10, 10, { status: 'Disabled', daysLeft: -1 });
    expect(b.states).to.deep.equal(['EXPIRED', 'DISABLED', 'EXHAUSTED']);
    expect(b.state).to.equal('EXPIRED');
  });

  it('is EXPIRING from 30 days before the expiration date through the date itself', () => {
    expect(budget(10, 1, { daysLeft: 31 }).state).to.equal('OK');
    expect(budget(10, 1, { daysLeft: 30 }).state).to.equal('EXPIRING');
    expect(budget(10, 1, { daysLeft: 0 }).state).to.equal('EXPIRING');
    expect(budget(10, 1, { daysLeft: -1 }).state).to.equal('EXPIRED');
  });

  it('takes the threshold from the options', () => {
    expect(budgetOf({ totalLicenses: 10, usedLicenses: 5, status: 'Active', daysLeft: null }, { now: NOW, threshold: 50 }).state).to.equal('NEAR');
  });
});

describe('psl budget: days left', () => {
  it('counts whole UTC days from today, whatever the time of day', () => {
    expect(daysLeft('2030-03-10', NOW)).to.equal(0);
    expect(daysLeft('2030-03-11', NOW)).to.equal(1);
    expect(daysLeft('2030-03-07', NOW)).to.equal(-3);
    expect(daysLeft('2030-04-09', new Date('2030-03-10T00:00:00Z'))).to.equal(30);
  });

  it('reads the date part of a datetime and gives null without a date', () => {
    expect(daysLeft('2030-03-20T23:59:59.000+0000', NOW)).to.equal(10);
    expect(daysLeft(null, NOW)).to.equal(null);
    expect(daysLeft('soon', NOW)).to.equal(null);
  });
});

describe('psl budget: rows', () => {
  it('adds the waste figures and sorts the consumer lists', () => {
    const row = pslRow(facts(), options);
    expect(row).to.include({ available: 6, percentUsed: 40, wasted: 3, state: 'OK', daysLeft: null });
    expect(row.permissionSets).to.deep.equal(['Alpha', 'Zeta']);
    expect(row.groups).to.deep.equal(['G1', 'G2']);
  });

  it('marks a license past its expiration date as EXPIRED with negative days left', () => {
    const row = pslRow(facts({ expirationDate: '2030-03-01' }), options);
    expect(row).to.include({ state: 'EXPIRED', daysLeft: -9, flagged: true });
  });

  it('gives user licenses the same arithmetic without expiration', () => {
    const row = userLicenseRow({ id: '100', name: 'Salesforce', masterLabel: 'Salesforce', status: 'Active', totalLicenses: 20, usedLicenses: 19 }, options);
    expect(row).to.include({ available: 1, percentUsed: 95, state: 'NEAR' });
  });
});
