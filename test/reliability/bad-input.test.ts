import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { saveAuth } from '../emulator/auth-file.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type TestOrg, writeCount } from '../support/org-harness.js';
import { ASSIGN_CASES, type BadInputCase, CATALOGUE_ORG_ID, PSL_CASES, RESTORE_CASES, RETIRE_CASES } from './bad-input-cases.js';
import { PERMSET_RESTORE_CASES } from './bad-input-restore-cases.js';
import { RECLAIM_CASES, UNASSIGN_CASES } from './bad-input-removal-cases.js';

/** Every file under `dir` except the CLI's own auth files (which hold the token by design), read as text. */
function textFilesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...textFilesUnder(path));
    else if (!path.includes(`${join('.sfdx', '')}`) && statSync(path).size < 5_000_000) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

/**
 * Issue 8: bad input gets a clear error naming the input, a non-zero exit code, and no write to the org; no run
 * prints, logs or files the access token.
 */
describe('reliability: bad input is refused before anything is written', function () {
  this.timeout(300_000);
  let org: TestOrg;
  let scratch: string;
  const outputs: string[] = [];

  before(async () => {
    const seed = new SeedBuilder()
      .users('u', 2)
      .user('gone', { IsActive: false })
      .user('platform', { ProfileId: 'ref:prof-platform' })
      .permissionSet('Sales')
      .permissionSet('Sf_Licensed', { LicenseId: 'ref:lic-sf' })
      .permissionSet('ns1__Shared', { Name: 'Shared', NamespacePrefix: 'ns1' })
      .permissionSet('ns2__Shared', { Name: 'Shared', NamespacePrefix: 'ns2' })
      .group('Team', ['Sales'])
      .psl('Seat', 5)
      // For psg retire: an assigned permission set in a group, and an assigned group.
      .permissionSet('Legacy')
      .permissionSet('Old')
      .group('Old_Team', ['Old', 'Legacy'])
      .assign('u1', 'Legacy')
      .assignGroup('u2', 'Old_Team')
      // For psl reclaim: an inactive user's seat.
      .holdPsl('gone', 'Seat')
      .build();
    org = await startTestOrg({ ...seed, org: { ...seed.org, orgId: CATALOGUE_ORG_ID } });
    saveAuth(org.home, { username: 'stale@test.org', orgId: '00D000000000001AAA', accessToken: '00D000000000001!expired', instanceUrl: org.instanceUrl }, 'stale');
    scratch = mkdtempSync(join(org.home, 'inputs-'));
  });
  after(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await org.stop();
  });

  const byCommand: Array<[string, BadInputCase[]]> = [
    ['permset assign', ASSIGN_CASES],
    ['psl report', PSL_CASES],
    ['psg retire', RETIRE_CASES],
    ['psg restore', RESTORE_CASES],
    ['permset restore', PERMSET_RESTORE_CASES],
    ['permset unassign', UNASSIGN_CASES],
    ['psl reclaim', RECLAIM_CASES],
  ];
  const catalogue = byCommand.flatMap(([command, cases]) => cases.map((c): [string, BadInputCase] => [command, c]));
  const counts = byCommand.map(([command, cases]) => `${command} ${cases.length}`).join(', ');

  it(`runs a catalogue of ${catalogue.length} cases (at least 30): ${counts}`, () => {
    expect(catalogue.length).to.be.at.least(30);
    expect(new Set(catalogue.map(([command, c]) => `${command}: ${c.name}`)).size).to.equal(catalogue.length);
  });

  for (const [command, badCase] of catalogue) {
    it(`${command}: ${badCase.name}`, async () => {
      await org.resetStats();
      // Run from the scratch folder: a retirement that was wrongly let through drops its backup there, not in the repository.
      const run = await org.run(badCase.args(scratch), { targetOrg: !badCase.ownOrg, cwd: scratch });
      const said = `${run.stdout}\n${run.stderr}`;
      outputs.push(said);
      expect(run.code, said.slice(0, 1500)).to.equal(badCase.code);
      expect(said).to.match(badCase.message);
      expect(writeCount(await org.stats())).to.equal(0);
      expect(readdirSync(scratch).filter((f) => /^(retire|unassign|sync|reclaim)-/.test(f)), 'a backup was written').to.deep.equal([]);
    });
  }

  it('never shows the access token in any output, log or file it wrote', () => {
    const token = org.accessToken;
    expect(outputs.filter((o) => o.includes(token))).to.deep.equal([]);
    const leaks = textFilesUnder(org.home).filter((f) => f.text.includes(token)).map((f) => f.path);
    expect(leaks).to.deep.equal([]);
  });
});
