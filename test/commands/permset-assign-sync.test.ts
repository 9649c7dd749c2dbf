import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { readBackup } from '../../src/io/backup-file.js';
import { type PermsetAssignResult } from '../../src/commands/permset/assign.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type Dump, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: PermsetAssignResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};

/**
 * Every assignment of the org as `username -> target` (a group assignment under the group's DeveloperName, a
 * profile's set under `profile:<Name>`), with its expiration: what the tests compare before and after.
 */
function pairs(dump: Dump): Map<string, string | null> {
  const name = new Map<string, string>();
  for (const u of dump.records.User) name.set(String(u.Id), String(u.Username).replace('@test.org', ''));
  for (const g of dump.records.PermissionSetGroup ?? []) name.set(String(g.Id), String(g.DeveloperName));
  for (const p of dump.records.PermissionSet) name.set(String(p.Id), p.IsOwnedByProfile === true ? `profile:${String(p.Id)}` : String(p.Name));
  const result = new Map<string, string | null>();
  for (const a of dump.records.PermissionSetAssignment) {
    const target = name.get(String(a.PermissionSetGroupId ?? a.PermissionSetId));
    const when = typeof a.ExpirationDate === 'string' ? new Date(a.ExpirationDate).toISOString().slice(0, 10) : null;
    result.set(`${name.get(String(a.AssigneeId))} -> ${target}`, when);
  }
  return result;
}
const without = (before: Map<string, string | null>, after: Map<string, string | null>): string[] => [...before.keys()].filter((k) => !after.has(k)).sort();
const added = (before: Map<string, string | null>, after: Map<string, string | null>): string[] => [...after.keys()].filter((k) => !before.has(k)).sort();
const schemaCheck = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'schemas', 'permset-assign.json'), 'utf8')) as object
);
const profileRows = (dump: Dump): number => [...pairs(dump).keys()].filter((k) => k.includes('profile:')).length;

function seed(): unknown {
  return new SeedBuilder()
    .users('u', 6)
    .user('gone', { IsActive: false })
    .permissionSet('Sales')
    .permissionSet('Case_Export')
    .permissionSet('Other')
    .group('Support', ['Case_Export'])
    .assign('u1', 'Sales')
    .assign('u2', 'Sales')
    .assign('u3', 'Sales', { ExpirationDate: '2031-01-01T00:00:00.000Z' })
    .assign('gone', 'Sales')
    .assign('admin', 'Sales')
    .assignGroup('u1', 'Support')
    .assignGroup('u4', 'Support')
    .assign('u5', 'Other')
    .assign('admin', 'Other')
    .build();
}

/**
 * The desired state of Sales and Support: u1 keeps both, u3's expiration moves, u6 is new, the inactive user's row
 * (blocked: its expiration can't be written) still keeps its assignment, the unknown user is blocked. Not listed:
 * u2 (Sales), u4 (Support) and the running user admin (Sales).
 */
const FILE = [
  'username,permissionSet,permissionSetGroup,expirationDate',
  'u1@test.org,Sales,,',
  'u3@test.org,Sales,,2032-06-30',
  'u6@test.org,Sales,,',
  'gone@test.org,Sales,,2033-01-01',
  'ghost@test.org,Sales,,',
  'u1@test.org,,Support,',
].join('\n');

describe('sf permset assign --sync (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  let cwd: string;
  let file: string;
  beforeEach(async () => {
    org = await startTestOrg(seed());
    cwd = mkdtempSync(join(tmpdir(), 'permset-sync-'));
    file = join(cwd, 'access.csv');
    writeFileSync(file, `${FILE}\n`);
  });
  afterEach(() => org.stop());
  const sync = (...extra: string[]): Promise<CommandRun> => org.run(['permset', 'assign', '-f', file, '--sync', '--json', ...extra], { cwd });
  const backups = (): string[] => readdirSync(cwd).filter((f) => f.startsWith('sync-'));

  it("removes only the file's targets' unlisted assignments, aligns expirations, keeps blocked rows' and the running user's", async () => {
    const before = pairs(await org.dump());
    const run = await sync();
    expect(run.code, run.stderr).to.equal(68); // ghost and gone are blocked
    const after = pairs(await org.dump());
    expect(without(before, after)).to.deep.equal(['u2 -> Sales', 'u4 -> Support']);
    expect(added(before, after)).to.deep.equal(['u6 -> Sales']);
    expect(after.get('u3 -> Sales')).to.equal('2032-06-30');
    // Another set's assignments, the inactive user's, the running user's and every profile's stay as they were.
    for (const kept of ['u5 -> Other', 'admin -> Other', 'gone -> Sales', 'admin -> Sales', 'u1 -> Sales', 'u1 -> Support']) expect(after.has(kept), kept).to.equal(true);
    expect(profileRows(await org.dump())).to.equal([...before.keys()].filter((k) => k.includes('profile:')).length);

    const { result } = out(run);
    expect(result.summary).to.include({ created: 1, updated: 1, deleted: 2, blocked: 2, failed: 0 });
    const deleted = result.assignments.filter((a) => a.action === 'deleted').map((a) => `${a.username} -> ${a.permissionSet ?? a.permissionSetGroup}`);
    expect(deleted).to.deep.equal(['u2@test.org -> Sales', 'u4@test.org -> Support']);
    const kept = result.assignments.filter((a) => a.warnings?.includes('RUNNING_USER'));
    expect(kept.map((a) => [a.username, a.permissionSet, a.action])).to.deep.equal([['admin@test.org', 'Sales', 'unchanged']]);
    expect(result.summary.byTarget.find((t) => t.name === 'Support')).to.include({ deleted: 1, unchanged: 1 });
    expect(schemaCheck(result), JSON.stringify(schemaCheck.errors)).to.equal(true);
  });

  it('writes a backup of every deleted row before deleting, and a rerun writes nothing and no backup', async () => {
    const before = await org.dump();
    const { result } = out(await sync());
    expect(result.backupFile).to.be.a('string');
    expect(backups()).to.have.length(1);
    const backup = await readBackup(result.backupFile!);
    expect(backup.operation).to.equal('sync');
    if (backup.operation === 'retire') throw new Error('not a removal backup');
    const gone = before.records.PermissionSetAssignment.filter((a) => result.assignments.some((r) => r.action === 'deleted' && r.id === a.Id));
    expect(gone).to.have.length(2);
    expect(backup.removed.assignments.map((r) => r.id).sort()).to.deep.equal(gone.map((a) => String(a.Id)).sort());
    const support = backup.removed.assignments.find((r) => r.kind === 'permissionSetGroup')!;
    expect(support).to.include({ username: 'u4@test.org', targetName: 'Support', expirationDate: null });
    expect(support.targetId).to.match(/^0PG/);

    await org.resetStats();
    const rerun = out(await sync());
    expect(rerun.result.summary).to.include({ created: 0, updated: 0, deleted: 0, toDelete: 0 });
    expect(rerun.result.summary.requests.writes).to.equal(0);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(rerun.result.backupFile).to.equal(null);
    expect(backups()).to.have.length(1);
  });

  it('--dry-run shows the creates, updates and deletes and writes nothing', async () => {
    const before = pairs(await org.dump());
    await org.resetStats();
    const run = await sync('--dry-run');
    expect(run.code, run.stderr).to.equal(68);
    const { result } = out(run);
    expect(result.summary).to.include({ dryRun: true, toCreate: 1, toUpdate: 1, toDelete: 2, deleted: 0 });
    expect(result.assignments.filter((a) => a.action === 'toDelete').map((a) => a.username)).to.deep.equal(['u2@test.org', 'u4@test.org']);
    expect(result.backupFile).to.equal(null);
    expect(schemaCheck(result), JSON.stringify(schemaCheck.errors)).to.equal(true);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(pairs(await org.dump())).to.deep.equal(before);
    expect(backups()).to.deep.equal([]);
  });

  it('prints the plan with its deletes on a terminal-less run without --json', async () => {
    const run = await org.run(['permset', 'assign', '-f', file, '--sync', '--dry-run'], { cwd });
    expect(run.stdout).to.match(/9 assignments: to create 1, to update 1, to delete 2, unchanged 3, blocked 2, failed 0/);
    // The rows the sync would remove are listed by user and target, before anything runs.
    expect(run.stdout).to.match(/u2@test\.org\s+Sales/);
    expect(run.stdout).to.match(/u4@test\.org\s+Support \(group\)/);
    expect(run.stdout).not.to.match(/u1@test\.org\s+Support \(group\)/);
    expect(run.stderr).to.contain('admin@test.org');
  });

  it('refuses more deletes than --max-deletes without writing anything, not even the creates', async () => {
    const before = pairs(await org.dump());
    await org.resetStats();
    const run = await sync('--max-deletes', '1');
    expect(run.code).to.equal(1);
    expect(run.stderr + run.stdout).to.match(/would delete 2 assignments, more than --max-deletes \(1\)/);
    // On a terminal's output the plan is said before the guard stops it.
    const human = await org.run(['permset', 'assign', '-f', file, '--sync', '--max-deletes', '1'], { cwd });
    expect(human.code).to.equal(1);
    expect(human.stdout).to.match(/The sync plan: 1 to create, 1 to update, 2 to delete\./);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(pairs(await org.dump())).to.deep.equal(before);
    expect(backups()).to.deep.equal([]);
    // --no-prompt allows them.
    expect(out(await sync('--max-deletes', '1', '--no-prompt')).result.summary.deleted).to.equal(2);
  });

  it('refuses a --backup-file that is not its own before writing anything, and writes to one it may use', async () => {
    const before = pairs(await org.dump());
    const foreign = join(cwd, 'notes.json');
    writeFileSync(foreign, '{"mine": true}\n');
    await org.resetStats();
    const run = await sync('--backup-file', foreign);
    expect(run.code).to.equal(1);
    expect(run.stderr + run.stdout).to.contain(`${foreign} already exists and is not a backup this run may extend`);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(pairs(await org.dump())).to.deep.equal(before);
    expect(readFileSync(foreign, 'utf8')).to.equal('{"mine": true}\n');

    const chosen = join(cwd, 'chosen.json');
    const { result } = out(await sync('--backup-file', chosen));
    expect(result.backupFile).to.equal(chosen);
    const backup = await readBackup(chosen);
    expect(backup.operation === 'sync' && backup.removed.assignments.length).to.equal(2);
  });

  it('--sync-scope all refuses without --no-prompt where nobody can answer, writing nothing', async () => {
    const before = pairs(await org.dump());
    await org.resetStats();
    const run = await sync('--sync-scope', 'all');
    expect(run.code).to.equal(1);
    expect(run.stderr + run.stdout).to.contain('--sync-scope all would delete 3 assignments');
    expect(writeCount(await org.stats())).to.equal(0);
    expect(pairs(await org.dump())).to.deep.equal(before);
  });

  it('--sync-scope all removes the unlisted assignments of every other set and group too, never a profile-owned one', async () => {
    const before = await org.dump();
    const run = await sync('--sync-scope', 'all', '--no-prompt');
    expect(run.code, run.stderr).to.equal(68);
    const after = await org.dump();
    expect(without(pairs(before), pairs(after))).to.deep.equal(['u2 -> Sales', 'u4 -> Support', 'u5 -> Other']);
    expect(pairs(after).has('admin -> Other')).to.equal(true);
    expect(profileRows(after)).to.equal(profileRows(before));
    const { result } = out(run);
    expect(result.summary.deleted).to.equal(3);
    // A group's assignment goes as the group's, never as a row of its aggregate set.
    expect(result.assignments.filter((a) => a.action === 'deleted').map((a) => a.permissionSet ?? `group ${a.permissionSetGroup}`)).to.deep.equal(['Other', 'Sales', 'group Support']);
    expect(result.assignments.filter((a) => a.warnings?.includes('RUNNING_USER')).map((a) => a.permissionSet)).to.deep.equal(['Other', 'Sales']);
  });

  it('refuses --sync without --file, and the removal flags without --sync, sending no more than a refused plain run', async () => {
    // What the CLI itself sends before a command's own checks refuse it: the baseline for every refusal below.
    await org.resetStats();
    expect((await org.run(['permset', 'assign'])).code).to.equal(1);
    const baseline = (await org.stats()).requests;
    const refusals: Array<[string[], string]> = [
      [['--sync', '-n', 'Sales'], '--sync needs --file'],
      [['-f', file, '--max-deletes', '5'], '--max-deletes only apply with --sync'],
      [['-f', file, '--sync-scope', 'all'], '--sync-scope only apply with --sync'],
      [['-f', file, '--no-prompt'], '--no-prompt only apply with --sync'],
      [['-f', file, '--backup-file', 'b.json'], '--backup-file only apply with --sync'],
    ];
    for (const [args, text] of refusals) {
      await org.resetStats();
      const run = await org.run(['permset', 'assign', ...args], { cwd });
      expect(run.code, text).to.equal(1);
      expect(run.stderr).to.contain(text);
      const stats = await org.stats();
      expect(writeCount(stats), text).to.equal(0);
      expect(stats.requests, text).to.be.at.most(baseline);
    }
  });
});
