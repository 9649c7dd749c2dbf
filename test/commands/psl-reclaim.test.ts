import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readBackup, type RemovalBackupFile } from '../../src/io/backup-file.js';
import { type PslReclaimResult } from '../../src/services/psl/reclaim-result.js';
import { SeedBuilder, type Seed } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type Dump, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: PslReclaimResult; message?: string };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
type Row = Record<string, unknown>;

/**
 * Inactive x1, x2, x3; active a1…a4 and the admin. Hand-counted:
 * - Cpq_PSL (5 used): x1 needs it through Cpq_Set (direct) and G_Cpq (group), x2 holds it for nothing; a1 needs it
 *   directly, a2 only through G_Cpq, a3 holds it for nothing (has Plain_Set and G_Plain, which need no license).
 * - Ana_PSL (2 used): x2 needs it through Ana_Set; a4 holds it for nothing.
 * - Idle_PSL: nobody. x1 also has Plain_Set and G_Plain (no license): those stay. x3 holds no seat at all.
 * --inactive: 3 assignments (x1 Cpq_Set, x1 G_Cpq, x2 Ana_Set) then 3 seats (x1, x2 Cpq; x2 Ana): Cpq 5 → 3, Ana 2 → 1.
 * --unneeded: a3's Cpq seat and a4's Ana seat: Cpq 3 → 2, Ana 1 → 0; a2 keeps the seat its group needs.
 */
function reclaimSeed(): SeedBuilder {
  const b = new SeedBuilder()
    .users('a', 4)
    .users('x', 3, { IsActive: false })
    .psl('Cpq_PSL', 10)
    .psl('Ana_PSL', 10)
    .psl('Idle_PSL', 5)
    .permissionSet('Cpq_Set', { LicenseId: 'ref:Cpq_PSL' })
    .permissionSet('Ana_Set', { LicenseId: 'ref:Ana_PSL' })
    .permissionSet('Plain_Set')
    .group('G_Cpq', ['Cpq_Set', 'Plain_Set'])
    .group('G_Plain', ['Plain_Set']);
  for (const u of ['x1', 'x2', 'a1', 'a2', 'a3']) b.holdPsl(u, 'Cpq_PSL');
  for (const u of ['x2', 'a4']) b.holdPsl(u, 'Ana_PSL');
  b.assign('x1', 'Cpq_Set').assignGroup('x1', 'G_Cpq').assign('x1', 'Plain_Set').assignGroup('x1', 'G_Plain');
  b.assign('x2', 'Ana_Set').assign('x3', 'Plain_Set');
  b.assign('a1', 'Cpq_Set').assignGroup('a2', 'G_Cpq').assign('a3', 'Plain_Set').assignGroup('a3', 'G_Plain');
  return b;
}

const users = (dump: Dump): Map<string, Row> => new Map((dump.records.User ?? []).map((u) => [String(u.Id), u]));
const nameOf = (dump: Dump, userId: unknown): string => String(users(dump).get(String(userId))?.Username).split('@')[0];
/** "user:Set" / "user:group Name" of every non-profile assignment, and "user:License" of every seat, sorted. */
function access(dump: Dump): { assignments: string[]; seats: string[] } {
  const byId = new Map(Object.values(dump.records).flat().map((r) => [String(r.Id), r]));
  const assignments = (dump.records.PermissionSetAssignment ?? [])
    .filter((a) => byId.get(String(a.PermissionSetId))?.IsOwnedByProfile !== true)
    .map((a) => {
      const group = typeof a.PermissionSetGroupId === 'string' ? byId.get(a.PermissionSetGroupId) : undefined;
      return `${nameOf(dump, a.AssigneeId)}:${group ? `group ${String(group.DeveloperName)}` : String(byId.get(String(a.PermissionSetId))?.Name)}`;
    });
  const seats = (dump.records.PermissionSetLicenseAssign ?? []).map((s) => `${nameOf(dump, s.AssigneeId)}:${String(byId.get(String(s.PermissionSetLicenseId))?.DeveloperName)}`);
  return { assignments: assignments.sort(), seats: seats.sort() };
}
const used = (dump: Dump): Record<string, number> => Object.fromEntries((dump.records.PermissionSetLicense ?? []).map((l) => [String(l.DeveloperName), Number(l.UsedLicenses)]));
const activeOnly = (rows: string[]): string[] => rows.filter((r) => r.startsWith('a') || r.startsWith('admin'));

describe('sf psl reclaim (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  let folder: string;
  let start: Dump;
  before(async () => {
    org = await startTestOrg(reclaimSeed().build());
    folder = mkdtempSync(join(tmpdir(), 'psl-reclaim-'));
    start = await org.dump();
  });
  after(async () => {
    await org.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  const reclaim = (args: string[]): Promise<CommandRun> => org.run(['psl', 'reclaim', ...args], { cwd: folder });

  it('--dry-run lists the inactive holders assignments, then their seats, per license before → after, and writes nothing', async () => {
    await org.resetStats();
    const run = await reclaim(['--inactive', '--dry-run', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { result } = out(run);
    expect(result.dryRun).to.equal(true);
    expect(result.backupFile).to.equal(null);
    expect(result.rows.map((r) => `${r.kind} ${r.username.split('@')[0]} ${r.permissionSet ?? r.permissionSetGroup ?? r.licenses.join(',')} ${r.status}`)).to.deep.equal([
      'assignment x2 Ana_Set toDelete',
      'assignment x1 Cpq_Set toDelete',
      'assignment x1 G_Cpq toDelete',
      'seat x2 Ana_PSL toDelete',
      'seat x1 Cpq_PSL toDelete',
      'seat x2 Cpq_PSL toDelete',
    ]);
    expect(result.licenses.map((l) => [l.developerName, l.usedBefore, l.usedAfter, l.planned])).to.deep.equal([
      ['Ana_PSL', 2, 1, { inactiveSeats: 1, unneededSeats: 0, assignments: 1 }],
      ['Cpq_PSL', 5, 3, { inactiveSeats: 2, unneededSeats: 0, assignments: 2 }],
      ['Idle_PSL', 0, 0, { inactiveSeats: 0, unneededSeats: 0, assignments: 0 }],
    ]);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(await org.dump()).to.deep.equal(start);
    expect(readdirSync(folder)).to.deep.equal([]);
    const human = await reclaim(['--inactive', '--dry-run']);
    expect(human.stdout).to.contain('Rows to delete').and.contain('group G_Cpq').and.contain('Dry run: nothing was written');
  });

  it('refuses, writing nothing: more rows than --max-deletes, an unknown license, no mode', async () => {
    await org.resetStats();
    const tooMany = await reclaim(['--inactive', '--max-deletes', '5', '--json']);
    expect(tooMany.code).to.equal(1);
    expect(out(tooMany).message).to.contain('6 rows (assignments and license seats)').and.contain('--max-deletes (5)');
    const unknown = await reclaim(['--inactive', '-l', 'Cpq_PSL,Nope_PSL', '--json']);
    expect(unknown.code).to.equal(1);
    expect(out(unknown).message).to.contain('Nope_PSL').and.contain('It has: Ana_PSL, Cpq_PSL, Idle_PSL');
    const noMode = await reclaim(['--json']);
    expect(noMode.code).to.equal(1);
    expect(out(noMode).message).to.contain('--inactive').and.contain('--unneeded');
    expect(writeCount(await org.stats())).to.equal(0);
    expect(readdirSync(folder)).to.deep.equal([]);
    expect(await org.dump()).to.deep.equal(start);
  });

  it('--inactive removes the assignments that need the license, then the seats, backs every row up first and leaves active users alone', async () => {
    await org.resetStats();
    const run = await reclaim(['--inactive', '--backup-file', 'reclaim.json', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { result } = out(run);
    expect(result.backupFile).to.equal(join(folder, 'reclaim.json'));
    expect(result.totals).to.deep.equal({ rows: 6, toDelete: 0, deleted: { assignments: 3, seats: 3 }, alreadyGone: 0, failed: 0, skipped: 0 });
    expect(result.licenses.map((l) => [l.developerName, l.usedBefore, l.usedAfter, l.deleted])).to.deep.equal([
      ['Ana_PSL', 2, 1, { assignments: 1, seats: 1 }],
      ['Cpq_PSL', 5, 3, { assignments: 2, seats: 2 }],
      ['Idle_PSL', 0, 0, { assignments: 0, seats: 0 }],
    ]);
    // One collection request per kind: the assignments, then the seats.
    expect((await org.stats()).byMethod.DELETE).to.equal(2);

    const after = await org.dump();
    expect(used(after)).to.include({ Cpq_PSL: 3, Ana_PSL: 1, Idle_PSL: 0 });
    const before = access(start);
    const now = access(after);
    expect(activeOnly(now.assignments)).to.deep.equal(activeOnly(before.assignments));
    expect(activeOnly(now.seats)).to.deep.equal(activeOnly(before.seats));
    expect(now.assignments.filter((a) => a.startsWith('x'))).to.deep.equal(['x1:Plain_Set', 'x1:group G_Plain', 'x3:Plain_Set']);
    expect(now.seats.filter((s) => s.startsWith('x'))).to.deep.equal([]);

    const backup = (await readBackup(join(folder, 'reclaim.json'))) as RemovalBackupFile;
    expect(backup.operation).to.equal('reclaim');
    expect(backup.removed.assignments.map((a) => `${a.username.split('@')[0]}:${a.kind}:${a.targetName}`).sort()).to.deep.equal([
      'x1:permissionSet:Cpq_Set',
      'x1:permissionSetGroup:G_Cpq',
      'x2:permissionSet:Ana_Set',
    ]);
    expect(backup.removed.licenseAssignments.map((s) => `${s.username.split('@')[0]}:${s.licenseName}`).sort()).to.deep.equal(['x1:Cpq_PSL', 'x2:Ana_PSL', 'x2:Cpq_PSL']);
    const gone = new Set(result.rows.map((r) => r.id));
    const stillThere = Object.values(after.records).flat().filter((r) => gone.has(String(r.Id)));
    expect(stillThere).to.deep.equal([]);
  });

  it('a rerun finds nothing to reclaim and writes nothing', async () => {
    await org.resetStats();
    const before = await org.dump();
    const run = await reclaim(['--inactive', '--json']);
    expect(run.code).to.equal(0);
    expect(out(run).result.rows).to.deep.equal([]);
    expect(out(run).result.backupFile).to.equal(null);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(await org.dump()).to.deep.equal(before);
    expect(readdirSync(folder)).to.deep.equal(['reclaim.json']);
  });

  it('--unneeded takes only seats nothing needs, counting group membership, and no assignment', async () => {
    const before = await org.dump();
    const run = await reclaim(['--unneeded', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { result } = out(run);
    expect(result.rows.map((r) => `${r.kind} ${r.username.split('@')[0]} ${r.licenses.join(',')} ${r.reason} ${r.status}`)).to.deep.equal([
      'seat a4 Ana_PSL UNNEEDED deleted',
      'seat a3 Cpq_PSL UNNEEDED deleted',
    ]);
    expect(result.backupFile).to.match(/reclaim-00D\w{12}-.*\.json$/);
    const after = await org.dump();
    expect(used(after)).to.include({ Cpq_PSL: 2, Ana_PSL: 0 });
    expect(access(after).assignments).to.deep.equal(access(before).assignments);
    // a2 needs Cpq_PSL only through its group G_Cpq, a1 directly: both keep it.
    expect(access(after).seats.filter((s) => s.startsWith('a'))).to.deep.equal(['a1:Cpq_PSL', 'a2:Cpq_PSL']);
  });
});

describe('sf psl reclaim: the running user\'s preflight', function () {
  this.timeout(120_000);
  let org: TestOrg;
  let folder: string;
  before(async () => {
    const b = reclaimSeed()
      .add('Profile', { ref: 'prof-clerk', Name: 'Clerk', UserLicenseId: 'ref:lic-sf', PermissionsApiEnabled: true })
      .user('clerk', { ProfileId: 'ref:prof-clerk' })
      .permissionSet('Assigner', { PermissionsAssignPermissionSets: true })
      .assign('clerk', 'Assigner');
    const seed: Seed = b.build();
    seed.org.username = 'clerk@test.org';
    org = await startTestOrg(seed);
    folder = mkdtempSync(join(tmpdir(), 'psl-reclaim-preflight-'));
  });
  after(async () => {
    await org.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('without Manage Users the seats are not touched: exit 1 naming it, no backup, no write; a dry run still plans', async () => {
    const run = await org.run(['psl', 'reclaim', '--inactive', '--json'], { cwd: folder });
    expect(run.code).to.equal(1);
    expect(out(run).message).to.contain('clerk@test.org').and.contain('Manage Users (PermissionsManageUsers)').and.not.contain('Assign Permission Sets (');
    const dry = await org.run(['psl', 'reclaim', '--inactive', '--dry-run', '--json'], { cwd: folder });
    expect(dry.code).to.equal(0);
    expect(out(dry).result.totals.rows).to.equal(6);
    expect(writeCount(await org.stats())).to.equal(0);
    expect(readdirSync(folder)).to.deep.equal([]);
  });
});
