import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type RetireBackupFile, serializeBackup } from '../../src/io/backup-file.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result?: { status: string; backupFile?: string }; message?: string; name?: string };
const json = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const modeOf = (path: string): number => statSync(path).mode & 0o777;
/** A file's content, mode and modification time: what "left untouched" means. */
const fingerprint = (path: string): { text: string; mode: number; mtimeMs: number } => ({ text: readFileSync(path, 'utf8'), mode: modeOf(path), mtimeMs: statSync(path).mtimeMs });

/** The backup with `edit` applied and its sha256 recomputed, so the checksum alone no longer catches the change. */
function forge(path: string, target: string, edit: (file: RetireBackupFile) => void): string {
  const file = JSON.parse(readFileSync(path, 'utf8')) as RetireBackupFile;
  edit(file);
  const { orgId, createdAt, updatedAt, snapshot } = file;
  writeFileSync(target, serializeBackup({ orgId, createdAt, ...(updatedAt ? { updatedAt } : {}), snapshot }));
  return target;
}

/**
 * Issue 8: backup and export files are created owner-only, never overwritten without the command's consent, a
 * symlink in their place is never followed to overwrite its target, and a restore does not trust what a backup
 * says just because its checksum matches.
 *
 * The suite runs its commands under umask 000, so a 0600 file is the plugin's doing, not the umask's.
 */
describe('reliability: backup and export files', function () {
  this.timeout(300_000);
  let org: TestOrg;
  let folder: string;
  let umask: number;

  before(async () => {
    umask = process.umask(0o000);
    const seed = new SeedBuilder()
      .users('u', 3)
      .psl('Seat', 5)
      .permissionSet('Seat_Set', { LicenseId: 'ref:Seat' })
      .holdPsl('u1', 'Seat')
      .assign('u1', 'Seat_Set')
      .permissionSet('Legacy')
      .permissionSet('Spare')
      .group('G1', ['Legacy', 'Spare'])
      .assign('u2', 'Legacy', { ExpirationDate: '@now+30d' })
      .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', PermissionsRead: true })
      .build();
    org = await startTestOrg(seed, { recalcMs: 1_500 });
    folder = mkdtempSync(join(tmpdir(), 'permset-ops-files-'));
  });
  after(async () => {
    process.umask(umask);
    rmSync(folder, { recursive: true, force: true });
    await org.stop();
  });

  const run = (args: string[]): Promise<CommandRun> => org.run(args, { cwd: folder });
  const dir = (name: string): string => mkdtempSync(join(folder, `${name}-`));

  describe('owner-only (0600)', () => {
    let backup: string;

    it('the retirement backup, when first written and when a resumed run replaces it', async () => {
      const cwd = dir('retire');
      const first = await org.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--wait-seconds', '0', '--json'], { cwd });
      expect(first.code, first.stderr).to.equal(69);
      const names = readdirSync(cwd);
      expect(names).to.have.length(1);
      backup = join(cwd, names[0]);
      expect(modeOf(backup)).to.equal(0o600);

      const resumed = await org.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--wait-seconds', '60', '--json'], { cwd });
      expect(resumed.code, resumed.stderr).to.equal(0);
      expect(json(resumed).result?.status).to.equal('retired');
      expect((JSON.parse(readFileSync(backup, 'utf8')) as RetireBackupFile).updatedAt).to.be.a('string');
      expect(modeOf(backup)).to.equal(0o600);
      expect(readdirSync(cwd), 'a temporary file was left behind').to.deep.equal(names);
    });

    for (const ext of ['csv', 'json']) {
      it(`the psl report export (.${ext})`, async () => {
        const path = join(dir('export'), `report.${ext}`);
        const report = await run(['psl', 'report', '--output-file', path]);
        expect(report.code, report.stderr).to.equal(0);
        expect(readFileSync(path, 'utf8')).to.contain('Seat');
        expect(modeOf(path)).to.equal(0o600);
      });
    }

    describe('a restore refuses a backup whose values were tampered with and re-checksummed, before any write', () => {
      const cases: Array<{ name: string; edit: (file: RetireBackupFile) => void; message: RegExp }> = [
        {
          name: 'an assignee Id that is not a Salesforce Id',
          edit: (f) => (f.snapshot.assignments[0].assigneeId = "005' OR Id != '"),
          message: /holds a value that no retirement writes \(snapshot\.assignments\[0\]\.assigneeId .* is not a Salesforce Id\)/,
        },
        {
          name: 'a record Id that is a path',
          edit: (f) => (f.snapshot.permissionSet!.record.Id = '../../../etc/passwd'),
          message: /snapshot\.permissionSet\.record\.Id "\.\.\/\.\.\/\.\.\/etc\/passwd" is not a Salesforce Id/,
        },
        {
          name: 'a field name with SOQL in it',
          edit: (f) => (f.snapshot.permissionSet!.objectPermissions[0]['SobjectType FROM User WHERE Id != null'] = 'Account'),
          message: /snapshot\.permissionSet\.objectPermissions\[0\] has a field named "SobjectType FROM User WHERE Id != null", which is not a field name/,
        },
        {
          name: 'a group name with a quote',
          edit: (f) => (f.snapshot.memberships[0].groupName = "G1' OR DeveloperName != '"),
          message: /snapshot\.memberships\[0\]\.groupName .* is not an API name/,
        },
      ];
      for (const tampered of cases) {
        it(tampered.name, async () => {
          expect(backup, 'needs the backup of the first test').to.be.a('string');
          const path = forge(backup, join(dir('forged'), 'forged.json'), tampered.edit);
          await org.resetStats();
          const restore = await run(['psg', 'restore', '-f', path, '--json']);
          expect(restore.code, restore.stderr).to.equal(1);
          expect(json(restore).name).to.equal('BackupValueError');
          expect(json(restore).message).to.match(tampered.message).and.contain('Nothing was written to the org');
          expect((await org.stats()).requests, 'the org was asked something').to.equal(0);
        });
      }

      it('while the same backup untouched restores', async () => {
        await org.resetStats();
        const restore = await run(['psg', 'restore', '-f', backup, '--wait-seconds', '60', '--json']);
        expect(restore.code, restore.stderr).to.equal(0);
        expect(writeCount(await org.stats())).to.be.greaterThan(0);
      });
    });
  });

  describe('never overwritten without consent', () => {
    it('an existing export is kept without --overwrite, and replaced (still 0600) with it', async () => {
      const path = join(dir('existing'), 'report.csv');
      writeFileSync(path, 'keep me\n', { mode: 0o644 });
      const before = fingerprint(path);
      const refused = await run(['psl', 'report', '--output-file', path, '--json']);
      expect(refused.code).to.equal(1);
      expect(json(refused).message).to.match(/report\.csv already exists/);
      expect(fingerprint(path)).to.deep.equal(before);

      const replaced = await run(['psl', 'report', '--output-file', path, '--overwrite']);
      expect(replaced.code, replaced.stderr).to.equal(0);
      expect(readFileSync(path, 'utf8')).to.match(/^kind,developerName,/);
      expect(modeOf(path)).to.equal(0o600);
    });

    it('an existing unrelated file at --backup-file is refused and left as it was, and nothing is written to the org', async () => {
      const path = join(dir('unrelated'), 'notes.json');
      writeFileSync(path, '{"todo": ["buy milk"]}\n', { mode: 0o644 });
      const before = fingerprint(path);
      await org.resetStats();
      const retire = await run(['psg', 'retire', '-n', 'Spare', '--backup-file', path, '--json']);
      expect(retire.code).to.equal(1);
      expect(json(retire).message).to.match(/notes\.json already exists and is not a backup of this retirement/);
      expect(fingerprint(path)).to.deep.equal(before);
      expect(writeCount(await org.stats())).to.equal(0);
    });
  });

  describe('a symlink in place of the file is not followed to overwrite its target', () => {
    /** A file someone cares about, and a symlink to it (or to where it would be) at the path the command is given. */
    function planted(name: string, options: { dangling?: boolean } = {}): { link: string; victim: string; before?: ReturnType<typeof fingerprint> } {
      const where = dir('symlink');
      const victim = join(where, 'victim.txt');
      if (!options.dangling) {
        writeFileSync(victim, 'precious\n');
        chmodSync(victim, 0o644);
      }
      const link = join(where, name);
      symlinkSync(victim, link);
      return { link, victim, before: options.dangling ? undefined : fingerprint(victim) };
    }
    const expectLinkIntact = (link: string, victim: string): void => {
      expect(lstatSync(link).isSymbolicLink()).to.equal(true);
      expect(readlinkSync(link)).to.equal(victim);
    };

    it('--backup-file pointing at an existing file: refused, target untouched, nothing written to the org', async () => {
      const { link, victim, before } = planted('backup.json');
      await org.resetStats();
      const retire = await run(['psg', 'retire', '-n', 'Spare', '--backup-file', link, '--json']);
      expect(retire.code).to.equal(1);
      expect(json(retire).message).to.contain('backup.json').and.match(/already exists and is not a backup of this retirement/);
      expect(fingerprint(victim)).to.deep.equal(before);
      expectLinkIntact(link, victim);
      expect(writeCount(await org.stats())).to.equal(0);
    });

    it('--backup-file as a dangling symlink: refused, its target is not created, nothing written to the org', async () => {
      const { link, victim } = planted('backup.json', { dangling: true });
      await org.resetStats();
      const retire = await run(['psg', 'retire', '-n', 'Spare', '--backup-file', link, '--json']);
      expect(retire.code).to.equal(1);
      expect(json(retire).message).to.match(/backup\.json already exists and is not the backup of this retirement; it is never overwritten/);
      expect(existsSync(victim)).to.equal(false);
      expectLinkIntact(link, victim);
      expect(writeCount(await org.stats())).to.equal(0);
    });

    for (const ext of ['csv', 'json']) {
      it(`--output-file (.${ext}) pointing at an existing file: refused without --overwrite; with it the link is replaced, never its target`, async () => {
        const { link, victim, before } = planted(`report.${ext}`);
        const refused = await run(['psl', 'report', '--output-file', link, '--json']);
        expect(refused.code).to.equal(1);
        expect(json(refused).message).to.match(/already exists/);
        expect(fingerprint(victim)).to.deep.equal(before);
        expectLinkIntact(link, victim);

        const replaced = await run(['psl', 'report', '--output-file', link, '--overwrite', '--json']);
        expect(replaced.code, replaced.stderr).to.equal(0);
        expect(fingerprint(victim)).to.deep.equal(before);
        expect(lstatSync(link).isSymbolicLink()).to.equal(false);
        expect(modeOf(link)).to.equal(0o600);
        expect(readFileSync(link, 'utf8')).to.contain('Seat');
      });
    }

    it('--output-file as a dangling symlink: refused, its target is not created', async () => {
      const { link, victim } = planted('report.csv', { dangling: true });
      const refused = await run(['psl', 'report', '--output-file', link, '--json']);
      expect(refused.code).to.equal(1);
      expect(json(refused).message).to.match(/report\.csv already exists/);
      expect(existsSync(victim)).to.equal(false);
      expectLinkIntact(link, victim);
    });
  });
});
