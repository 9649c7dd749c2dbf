import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type RestoreResult } from '../../src/services/retire/restore-service.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';
import { comparable } from '../reliability/org-state.js';

type JsonOut = { status: number; result: RestoreResult; message?: string };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};

function seed(): SeedBuilder {
  return new SeedBuilder()
    .users('rep', 3)
    .permissionSet('Legacy', { Description: "Old access, O'Brien's team", PermissionsRunReports: true })
    .permissionSet('Other')
    .add('MutingPermissionSet', { ref: 'Mute', DeveloperName: 'Mute', MasterLabel: 'Mute', PermissionsRunReports: true })
    .group('G1', ['Legacy', 'Other'])
    .group('G2', ['Legacy'])
    .group('G3', ['Legacy'])
    .group('Team', ['Other', 'Mute'], { Description: 'the team' })
    .assign('rep1', 'Legacy', { ExpirationDate: '@now+30d' })
    .assign('rep2', 'Legacy')
    .assignGroup('rep3', 'G1')
    .assignGroup('rep2', 'Team', { ExpirationDate: '@now+5d' })
    .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true })
    .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Case', PermissionsRead: true })
    .add('FieldPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', Field: 'Account.Rating', PermissionsRead: true })
    .add('SetupEntityAccess', { ParentId: 'ref:Legacy', SetupEntityId: '01p5g00000000AbAAI', SetupEntityType: 'ApexClass' });
}

describe('sf psg restore (against the emulator)', function () {
  this.timeout(180_000);
  let folder: string;
  let org: TestOrg;
  before(async () => {
    org = await startTestOrg(seed().build(), { recalcMs: 200 });
  });
  after(() => org.stop());
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'psg-restore-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const backupIn = (dir: string): string => join(dir, readdirSync(dir).find((f) => f.startsWith('retire-'))!);

  it('retire then restore leaves the org as it was, except for record Ids; a second restore writes nothing', async () => {
    const before = comparable(await org.dump());
    const retired = await org.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--json'], { cwd: folder });
    expect(retired.code, retired.stderr).to.equal(0);
    expect(comparable(await org.dump())).not.to.deep.equal(before);
    const run = await org.run(['psg', 'restore', '--file', backupIn(folder), '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const result = out(run).result;
    expect(result.target).to.include({ recreated: true });
    expect(result.permissionRowsCreated).to.equal(4);
    expect(result.memberships.map((m) => [m.group, m.action, m.status])).to.deep.equal([
      ['G1', 'create', 'Updated'],
      ['G2', 'create', 'Updated'],
      ['G3', 'create', 'Updated'],
    ]);
    expect(comparable(await org.dump())).to.deep.equal(before);

    await org.resetStats();
    const again = await org.run(['psg', 'restore', '--file', backupIn(folder), '--json']);
    expect(again.code, again.stderr).to.equal(0);
    expect(out(again).result.assignments.map((a) => a.action)).to.deep.equal(['present', 'present']);
    expect(writeCount(await org.stats())).to.equal(0);
  });

  it('restores a retired group with its muting permission set and assignments', async () => {
    const before = comparable(await org.dump());
    const retired = await org.run(['psg', 'retire', '-g', 'Team', '--remove-assignments', '--delete-muting', '--json'], { cwd: folder });
    expect(retired.code, retired.stderr).to.equal(0);
    const run = await org.run(['psg', 'restore', '-f', backupIn(folder), '--json']);
    expect(run.code, run.stderr).to.equal(0);
    expect(comparable(await org.dump())).to.deep.equal(before);
  });

  describe('refuses a backup it cannot trust, before writing anything', () => {
    let good: string;
    let dir: string;
    after(() => rmSync(dir, { recursive: true, force: true }));
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'psg-restore-src-'));
      // A real backup: retire Legacy, then restore it so the other tests find the org as seeded.
      const run = await org.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--json'], { cwd: dir });
      expect(run.code, run.stderr).to.equal(0);
      good = backupIn(dir);
      expect((await org.run(['psg', 'restore', '-f', good])).code).to.equal(0);
    });

    const refuses = async (file: string, pattern: RegExp): Promise<void> => {
      await org.resetStats();
      const run = await org.run(['psg', 'restore', '-f', file, '--json']);
      expect(run.code).to.equal(1);
      expect(out(run).message).to.match(pattern);
      expect(writeCount(await org.stats())).to.equal(0);
    };

    it('a missing file', async () => {
      await refuses(join(folder, 'nope.json'), /does not exist/);
    });

    it('a truncated file', async () => {
      const cut = join(folder, 'cut.json');
      const text = readFileSync(good, 'utf8');
      writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
      await refuses(cut, /can't be read as JSON .* truncated/);
    });

    it('an edited file', async () => {
      const edited = join(folder, 'edited.json');
      writeFileSync(edited, readFileSync(good, 'utf8').replace('rep2@test.org', 'intruder@test.org'));
      await refuses(edited, /changed after it was written/);
    });

    it('a file that is not a backup', async () => {
      const other = join(folder, 'other.json');
      writeFileSync(other, '{"hello": "world"}');
      await refuses(other, /not a usable permission set retirement backup/);
    });

    it('a backup of another org', async () => {
      const otherSeed = seed().build();
      const second = await startTestOrg({ ...otherSeed, org: { ...otherSeed.org, orgId: '00D5g00000OTHERAAA' } });
      try {
        await second.resetStats();
        const run = await second.run(['psg', 'restore', '-f', good, '--json']);
        expect(run.code).to.equal(1);
        expect(out(run).message).to.match(/belongs to org/);
        expect(writeCount(await second.stats())).to.equal(0);
      } finally {
        await second.stop();
      }
    });
  });

  it('reports an assignment Salesforce refuses on its row, restores the others, exits 68, and a rerun retries it', async () => {
    // Licensed needs the Seat license (2 seats, both held). After the retirement rep1's seat is handed to rep3,
    // so Salesforce refuses to give rep1 the license again when the restore reassigns Licensed.
    const licensed = new SeedBuilder()
      .users('rep', 3)
      .psl('Seat', 2)
      .permissionSet('Licensed', { LicenseId: 'ref:Seat' })
      .permissionSet('Other')
      .group('G1', ['Licensed', 'Other'])
      .holdPsl('rep1', 'Seat')
      .holdPsl('rep2', 'Seat')
      .assign('rep1', 'Licensed')
      .assign('rep2', 'Licensed');
    const second = await startTestOrg(licensed.build(), { recalcMs: 100 });
    const rest = (path: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${second.instanceUrl}/services/data/v62.0/${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${second.accessToken}`, 'Content-Type': 'application/json' },
      });
    try {
      const retired = await second.run(['psg', 'retire', '-n', 'Licensed', '--remove-assignments', '--json'], { cwd: folder });
      expect(retired.code, retired.stderr).to.equal(0);
      const dump = await second.dump();
      const userId = (name: string): string => String(dump.records.User.find((u) => u.Username === `${name}@test.org`)!.Id);
      const seat = dump.records.PermissionSetLicenseAssign.find((a) => a.AssigneeId === userId('rep1'))!;
      expect((await rest(`sobjects/PermissionSetLicenseAssign/${String(seat.Id)}`, { method: 'DELETE' })).status).to.equal(204);
      const taken = await rest('sobjects/PermissionSetLicenseAssign', {
        method: 'POST',
        body: JSON.stringify({ AssigneeId: userId('rep3'), PermissionSetLicenseId: seat.PermissionSetLicenseId }),
      });
      expect(taken.status).to.equal(201);

      const run = await second.run(['psg', 'restore', '-f', backupIn(folder), '--json']);
      expect(run.code, run.stderr).to.equal(68);
      const rows = out(run).result.assignments;
      expect(rows.find((a) => a.username === 'rep2@test.org')?.action).to.equal('create');
      const refused = rows.find((a) => a.username === 'rep1@test.org');
      expect(refused?.action).to.equal('failed');
      expect(refused?.error).to.match(/^[A-Z_]+ /);
      const human = await second.run(['psg', 'restore', '-f', backupIn(folder)]);
      expect(human.code).to.equal(68);
      expect(human.stderr).to.match(/Not restored: assignment of rep1@test.org \(refused: [A-Z_]+/);

      // A seat comes free: the same command puts back what it could not before, and nothing else.
      const rep3Seat = (await second.dump()).records.PermissionSetLicenseAssign.find((a) => a.AssigneeId === userId('rep3'))!;
      expect((await rest(`sobjects/PermissionSetLicenseAssign/${String(rep3Seat.Id)}`, { method: 'DELETE' })).status).to.equal(204);
      const rerun = await second.run(['psg', 'restore', '-f', backupIn(folder), '--json']);
      expect(rerun.code, rerun.stderr).to.equal(0);
      const assigned = (await second.dump()).records.PermissionSetAssignment.filter((a) => a.PermissionSetId === out(rerun).result.target.id);
      expect(assigned.map((a) => a.AssigneeId).sort()).to.deep.equal([userId('rep1'), userId('rep2')].sort());
    } finally {
      await second.stop();
    }
  });
});
