import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { type PslReportResult } from '../../src/services/psl/report-service.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: PslReportResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const row = (result: PslReportResult, name: string): PslReportResult['licenses'][number] => {
  const found = result.licenses.find((l) => l.developerName === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

/**
 * Users a1…a6 (active), x1, x2 (inactive), admin. Hand-computed figures:
 * - Full_PSL 3 seats: a1 (Full_Set direct), a2 (only through group G_Full), x1 (inactive) → 3/3 EXHAUSTED, inactive 1, unused 0.
 * - Near_PSL 10 seats: a1, a6 (Near_Set direct), a2 (only through G_Near), a3 (Plain_Set: no license), a4 (nothing),
 *   a5 (G_Plain: no member needs it), admin (nothing), x1, x2 (inactive) → 9/10 = 90% NEAR, inactive 2, unused 4.
 * - Old_PSL expired 3 days ago, held by a1 with nothing needing it → EXPIRED, -3 days, unused 1.
 * - Soon_PSL expires in 10 days → EXPIRING. Off_PSL Disabled → DISABLED. Ok_PSL 1/50, a4 via Ok_Set → OK.
 */
function budgetSeed(): SeedBuilder {
  const b = new SeedBuilder()
    .users('a', 6)
    .user('x1', { IsActive: false })
    .user('x2', { IsActive: false })
    .psl('Full_PSL', 3)
    .psl('Near_PSL', 10)
    .psl('Old_PSL', 5, { ExpirationDate: '@now-3d' })
    .psl('Soon_PSL', 100, { ExpirationDate: '@now+10d' })
    .psl('Off_PSL', 5, { Status: 'Disabled' })
    .psl('Ok_PSL', 50)
    .permissionSet('Full_Set', { LicenseId: 'ref:Full_PSL' })
    .permissionSet('Near_Set', { LicenseId: 'ref:Near_PSL' })
    .permissionSet('Ok_Set', { LicenseId: 'ref:Ok_PSL' })
    .permissionSet('Plain_Set')
    .permissionSet('Other_Set')
    .group('G_Full', ['Full_Set'])
    .group('G_Near', ['Near_Set', 'Other_Set'])
    .group('G_Plain', ['Plain_Set']);
  for (const u of ['a1', 'a2', 'x1']) b.holdPsl(u, 'Full_PSL');
  for (const u of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'admin', 'x1', 'x2']) b.holdPsl(u, 'Near_PSL');
  b.holdPsl('a1', 'Old_PSL').holdPsl('a4', 'Ok_PSL');
  b.assign('a1', 'Full_Set').assignGroup('a2', 'G_Full').assign('x1', 'Full_Set');
  b.assign('a1', 'Near_Set').assignGroup('a2', 'G_Near').assign('a3', 'Plain_Set').assignGroup('a5', 'G_Plain').assign('a6', 'Near_Set');
  return b.assign('a4', 'Ok_Set');
}

/** `users` active holders of one PSL (every third justified directly, every third through a group) and 1 in 10 inactive. */
function scaledSeed(users: number): SeedBuilder {
  const b = new SeedBuilder().psl('Scale_PSL', users * 2).psl('Idle_PSL', 10).permissionSet('Scale_Set', { LicenseId: 'ref:Scale_PSL' }).group('Scale_Group', ['Scale_Set']);
  for (let i = 1; i <= users; i++) {
    b.user(`u${i}`, { IsActive: i % 10 !== 0 }).holdPsl(`u${i}`, 'Scale_PSL');
    if (i % 3 === 1) b.assign(`u${i}`, 'Scale_Set');
    if (i % 3 === 2) b.assignGroup(`u${i}`, 'Scale_Group');
  }
  return b;
}

describe('sf psl report (against the emulator)', function () {
  this.timeout(120_000);
  let org: TestOrg;
  let dir: string;
  before(async () => {
    org = await startTestOrg(budgetSeed().build());
    dir = mkdtempSync(join(tmpdir(), 'psl-report-'));
  });
  after(async () => {
    await org.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes each license row by hand-checkable figures, worst first, and prints only JSON under --json', async () => {
    const run = await org.run(['psl', 'report', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { result } = out(run);
    expect(result.licenses.map((l) => `${l.state}:${l.developerName}`)).to.deep.equal([
      'EXPIRED:Old_PSL',
      'DISABLED:Off_PSL',
      'EXHAUSTED:Full_PSL',
      'EXPIRING:Soon_PSL',
      'NEAR:Near_PSL',
      'OK:Ok_PSL',
    ]);
    expect(row(result, 'Full_PSL')).to.deep.include({ usedLicenses: 3, totalLicenses: 3, available: 0, percentUsed: 100, activeHolders: 2, inactiveHolders: 1, unusedHolders: 0, wasted: 1, permissionSets: ['Full_Set'], groups: ['G_Full'] });
    expect(row(result, 'Near_PSL')).to.deep.include({ usedLicenses: 9, available: 1, percentUsed: 90, activeHolders: 7, inactiveHolders: 2, unusedHolders: 4, wasted: 6, groups: ['G_Near'] });
    expect(row(result, 'Old_PSL')).to.include({ daysLeft: -3, unusedHolders: 1, percentUsed: 20 });
    expect(row(result, 'Soon_PSL')).to.include({ daysLeft: 10, state: 'EXPIRING' });
    expect(row(result, 'Ok_PSL')).to.include({ unusedHolders: 0, flagged: false });
    expect(result.totals).to.deep.include({ licenses: 6, flagged: 5, totalLicenses: 173, usedLicenses: 14, available: 159, inactiveHolders: 3, unusedHolders: 5, wasted: 8 });
    expect(result.gate).to.deep.equal({ failAt: null, reached: [] });
    expect(result).not.to.have.property('holders');
  });

  it('stays within 10 + 2 x licenses requests without --details', async () => {
    await org.resetStats();
    const { result } = out(await org.run(['psl', 'report', '--json']));
    expect(result.requests).to.equal(4 + 6);
    expect(result.requests).to.be.at.most(10 + 2 * result.licenses.length);
  });

  it('lists the holders behind the waste figures with --details', async () => {
    const { result } = out(await org.run(['psl', 'report', '--details', '--json']));
    const holders = result.holders!.map((h) => `${h.license}:${h.username}:${h.reason}`);
    expect(holders).to.deep.equal([
      'Old_PSL:a1@test.org:UNUSED',
      'Full_PSL:x1@test.org:INACTIVE',
      'Near_PSL:x1@test.org:INACTIVE',
      'Near_PSL:x2@test.org:INACTIVE',
      'Near_PSL:a3@test.org:UNUSED',
      'Near_PSL:a4@test.org:UNUSED',
      'Near_PSL:a5@test.org:UNUSED',
      'Near_PSL:admin@test.org:UNUSED',
    ]);
  });

  it('exits 3 when a license reached --fail-at, and 0 when none did', async () => {
    const gated = await org.run(['psl', 'report', '--fail-at', '95', '--json']);
    expect(gated.code).to.equal(3);
    expect(out(gated).status).to.equal(3);
    expect(out(gated).result.gate).to.deep.equal({ failAt: 95, reached: ['Full_PSL'] });
    const human = await org.run(['psl', 'report', '--fail-at', '90']);
    expect(human.code).to.equal(3);
    expect(human.stderr).to.match(/--fail-at 90% on: Full_PSL, Near_PSL/);
    const passing = await org.run(['psl', 'report', '--fail-at', '91', '-l', 'Near_PSL', '--json']);
    expect(passing.code).to.equal(0);
  });

  it('moves NEAR with --threshold', async () => {
    const strict = out(await org.run(['psl', 'report', '--threshold', '95', '-l', 'Near_PSL', '--json'])).result;
    expect(row(strict, 'Near_PSL')).to.include({ state: 'OK', flagged: false });
    const loose = out(await org.run(['psl', 'report', '--threshold', '20', '-l', 'Old_PSL,Ok_PSL', '--json'])).result;
    expect(row(loose, 'Old_PSL').states).to.deep.equal(['EXPIRED', 'NEAR']);
    expect(row(loose, 'Ok_PSL').state).to.equal('OK');
  });

  it('narrows to the licenses named with -l (case-insensitive) and sends fewer requests', async () => {
    const { result } = out(await org.run(['psl', 'report', '-l', 'near_psl', '-l', 'FULL_PSL', '--json']));
    expect(result.licenses.map((l) => l.developerName)).to.deep.equal(['Full_PSL', 'Near_PSL']);
    expect(result.totals).to.include({ licenses: 2, wasted: 7 });
    expect(result.requests).to.equal(4 + 2);
  });

  it('refuses an unknown license name, naming it and the licenses the org has', async () => {
    const run = await org.run(['psl', 'report', '-l', 'Near_PSL,Nope_PSL', '--json']);
    expect(run.code).to.equal(1);
    const error = run.json as { name: string; message: string };
    expect(error.name).to.equal('UnknownLicenseError');
    expect(error.message).to.contain('Nope_PSL').and.contain('Full_PSL, Near_PSL, Off_PSL');
  });

  it('adds the user licenses with --include-user-licenses', async () => {
    const { result } = out(await org.run(['psl', 'report', '--include-user-licenses', '--json']));
    const sf = result.userLicenses!.find((u) => u.name === 'Salesforce')!;
    expect(sf).to.include({ usedLicenses: 7, totalLicenses: 100_000, state: 'OK' });
    expect(result.requests).to.equal(4 + 6 + 1);
  });

  it('prints a table with flagged rows marked and totals at the bottom', async () => {
    const run = await org.run(['psl', 'report']);
    expect(run.code).to.equal(0);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.includes('Full_PSL'))).to.match(/^\s*!\s+EXHAUSTED/);
    expect(lines.find((l) => l.includes('Ok_PSL'))).not.to.match(/!/);
    expect(run.stdout).to.match(/Total \(6\)/);
    expect(run.stdout).to.contain('6 permission set licenses: 1 EXPIRED, 1 DISABLED, 1 EXHAUSTED, 1 EXPIRING, 1 NEAR, 1 OK; 8 seats wasted');
  });

  describe('--output-file', () => {
    it('writes a CSV with a header row, owner-only, and refuses to replace it without --overwrite', async () => {
      const file = join(dir, 'budget.csv');
      const first = await org.run(['psl', 'report', '--output-file', file]);
      expect(first.code, first.stderr).to.equal(0);
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      const rows = parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
      expect(rows.map((r) => r.developerName)).to.deep.equal(['Old_PSL', 'Off_PSL', 'Full_PSL', 'Soon_PSL', 'Near_PSL', 'Ok_PSL']);
      expect(rows[4]).to.include({ state: 'NEAR', usedLicenses: '9', unusedHolders: '4', inactiveHolders: '2', groups: 'G_Near' });
      writeFileSync(file, 'keep me');
      await org.resetStats();
      const second = await org.run(['psl', 'report', '--output-file', file]);
      expect(second.code).to.equal(1);
      expect(second.stderr).to.contain('already exists').and.contain('--overwrite');
      expect(readFileSync(file, 'utf8')).to.equal('keep me');
      expect((await org.stats()).byEndpoint['GET /query'] ?? 0).to.be.at.most(1);
      const third = await org.run(['psl', 'report', '--output-file', file, '--overwrite', '-l', 'Ok_PSL']);
      expect(third.code, third.stderr).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.match(/^kind,developerName,/).and.contain('Ok_PSL');
      expect(statSync(file).mode & 0o777).to.equal(0o600);
    });

    it('writes the JSON document and refuses an unknown extension', async () => {
      const file = join(dir, 'budget.json');
      const run = await org.run(['psl', 'report', '--output-file', file, '--json', '--details']);
      expect(run.code).to.equal(0);
      const exported = JSON.parse(readFileSync(file, 'utf8')) as PslReportResult;
      expect(exported.licenses).to.deep.equal(out(run).result.licenses);
      expect(exported.holders).to.have.length(8);
      const bad = await org.run(['psl', 'report', '--output-file', join(dir, 'budget.xlsx')]);
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.contain('budget.xlsx').and.contain('.csv or .json');
    });
  });
});

describe('sf psl report: requests do not grow with users', function () {
  this.timeout(180_000);

  async function requestsFor(users: number): Promise<{ emulator: number; reported: number; unused: number; inactive: number }> {
    const org = await startTestOrg(scaledSeed(users).build());
    try {
      await org.resetStats();
      const run = await org.run(['psl', 'report', '--json']);
      const { result } = out(run);
      const scale = row(result, 'Scale_PSL');
      return { emulator: (await org.stats()).requests, reported: result.requests, unused: scale.unusedHolders, inactive: scale.inactiveHolders };
    } finally {
      await org.stop();
    }
  }

  it('sends the same number of requests for 20 and for 400 users', async () => {
    const small = await requestsFor(20);
    const large = await requestsFor(400);
    // Users 3, 6, 9, … hold the seat with nothing needing it (multiples of 30 are inactive instead); every tenth user is inactive.
    expect(small).to.include({ inactive: 2, unused: 6 });
    expect(large).to.include({ inactive: 40, unused: 120 });
    expect(large.emulator).to.equal(small.emulator);
    expect(large.reported).to.equal(small.reported).and.equal(4 + 2);
  });
});
