import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { start, type RunningEmulator } from '../emulator/index.js';
import { type CommandRun } from '../support/org-harness.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { ensureSfCli, runSf } from '../support/sf-cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type AssignJson = { status: number; result: { summary: { created: number; unchanged: number; blocked: number } } };

/**
 * Issue 7: the plugin as users run it — linked into the real Salesforce CLI, logged in with `sf org login
 * access-token`, reached through an alias, --flags-dir and the target-org config variable.
 */
describe('end to end: the plugin inside the real sf CLI', function () {
  this.timeout(600_000);
  let sf: string;
  let emulator: RunningEmulator;
  let home: string;
  const sfRun = (args: string[], env: Record<string, string> = {}): Promise<CommandRun> => runSf(sf, args, home, env);
  const assignmentsOf = (username: string): string[] => {
    const user = [...emulator.org.store.all('User')].find((u) => u.Username === username);
    return [...emulator.org.store.all('PermissionSetAssignment')]
      .filter((a) => a.AssigneeId === user?.Id)
      .map((a) => emulator.org.store.get(String(a.PermissionSetId)))
      .filter((ps) => ps?.IsOwnedByProfile !== true)
      .map((ps) => String(ps?.Name))
      .sort();
  };

  before(async () => {
    sf = await ensureSfCli();
    emulator = await start({ seed: new SeedBuilder().users('e', 3).user('off', { IsActive: false }).permissionSet('Sales').permissionSet('Service').permissionSet('Reports').permissionSet('Legacy').group('Team', ['Reports', 'Legacy']).psl('Seats', 2).permissionSet('Licensed', { LicenseId: 'ref:Seats' }).assign('e1', 'Licensed').assign('e2', 'Licensed').build() });
    home = mkdtempSync(join(tmpdir(), 'sf-e2e-'));
    const link = await sfRun(['plugins', 'link', ROOT, '--no-install']);
    expect(link.code, link.stderr).to.equal(0);
    const login = await sfRun(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'e2e'], { SF_ACCESS_TOKEN: emulator.accessToken });
    expect(login.code, login.stderr).to.equal(0);
  });
  after(async () => {
    await emulator?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows up in sf plugins inspect and shows its own help and examples', async () => {
    const inspect = await sfRun(['plugins', 'inspect', 'plugin-permset-ops']);
    expect(inspect.stdout).to.include('permset:assign');
    const help = await sfRun(['permset', 'assign', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Assign permission sets and permission set groups to users, writing only the assignments that are missing.');
    expect(help.stdout).to.include('--dry-run');
    expect(help.stdout).to.include('sf permset assign --file assignments.csv --dry-run');
    const top = await sfRun(['--help']);
    expect(top.stdout).to.include('Retire permission sets out of permission set groups safely');
    expect(top.stdout).to.include('Report the permission set license budget');
  });

  it('assigns through an alias with human output, and a rerun with --json changes nothing', async () => {
    const first = await sfRun(['permset', 'assign', '-n', 'Sales', '-g', 'Team', '-b', 'e1@test.org,e2@test.org', '--target-org', 'e2e']);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/created 4/);
    expect(assignmentsOf('e1@test.org')).to.deep.equal(['Licensed', 'Sales', 'Team']);
    const again = await sfRun(['permset', 'assign', '-n', 'Sales', '-g', 'Team', '-b', 'e1@test.org,e2@test.org', '--target-org', 'e2e', '--json']);
    expect((again.json as AssignJson).result.summary.unchanged).to.equal(4);
    expect(again.stdout).to.not.include(emulator.accessToken);
  });

  it('exits 68 for a partial success', async () => {
    const partial = await sfRun(['permset', 'assign', '-n', 'Service', '-b', 'e3@test.org,off@test.org', '--target-org', 'e2e', '--json']);
    expect(partial.code).to.equal(68);
    expect((partial.json as AssignJson).result.summary).to.include({ created: 1, blocked: 1 });
  });

  it('takes its flags from --flags-dir', async () => {
    const flagsDir = join(home, 'flags');
    mkdirSync(flagsDir, { recursive: true });
    writeFileSync(join(flagsDir, 'name'), 'Reports\n');
    writeFileSync(join(flagsDir, 'on-behalf-of'), 'e3@test.org\n');
    writeFileSync(join(flagsDir, 'target-org'), 'e2e\n');
    const run = await sfRun(['permset', 'assign', '--flags-dir', flagsDir, '--json']);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(assignmentsOf('e3@test.org')).to.include('Reports');
  });

  it('uses the target-org config variable when no --target-org is given', async () => {
    const config = await sfRun(['config', 'set', 'target-org=e2e', '--global']);
    expect(config.code, config.stderr).to.equal(0);
    const run = await sfRun(['permset', 'assign', '-n', 'Service', '-b', 'e2@test.org', '--json']);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(assignmentsOf('e2@test.org')).to.include('Service');
  });

  it('reports the PSL budget in human and --json form, and gates CI with --fail-at', async () => {
    const human = await sfRun(['psl', 'report', '--target-org', 'e2e']);
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.include('Seats');
    const json = await sfRun(['psl', 'report', '--target-org', 'e2e', '--json']);
    const row = (json.json as { result: { licenses: Array<{ developerName: string; usedLicenses: number; totalLicenses: number; state: string }> } }).result.licenses[0];
    expect([row.developerName, row.usedLicenses, row.totalLicenses, row.state]).to.deep.equal(['Seats', 2, 2, 'EXHAUSTED']);
    const gate = await sfRun(['psl', 'report', '--target-org', 'e2e', '--fail-at', '90', '--json']);
    expect(gate.code).to.equal(3);
  });

  it('retires a permission set out of its group and restores it from the backup', async () => {
    const backup = join(home, 'legacy-backup.json');
    const retire = await sfRun(['psg', 'retire', '-n', 'Legacy', '--backup-file', backup, '--target-org', 'e2e', '--json']);
    expect(retire.code, retire.stdout + retire.stderr).to.equal(0);
    const names = (): string[] => [...emulator.org.store.all('PermissionSet')].map((ps) => String(ps.Name));
    expect(names()).to.not.include('Legacy');
    expect(retire.stdout).to.not.include(emulator.accessToken);
    const restore = await sfRun(['psg', 'restore', '--file', backup, '--target-org', 'e2e']);
    expect(restore.code, restore.stdout + restore.stderr).to.equal(0);
    expect(names()).to.include('Legacy');
    const legacy = [...emulator.org.store.all('PermissionSet')].find((ps) => ps.Name === 'Legacy');
    const memberships = [...emulator.org.store.all('PermissionSetGroupComponent')].filter((c) => c.PermissionSetId === legacy?.Id);
    expect(memberships).to.have.length(1);
  });
});
