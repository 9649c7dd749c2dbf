import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import {
  BackupError,
  defaultBackupName,
  defaultRemovalBackupName,
  findBackups,
  parseBackup,
  readBackup,
  readRetireBackup,
  replaceOwnBackup,
  serializeBackup,
  writeNewBackup,
  type BackupContent,
  type RetireBackupFile,
  type RemovalBackupContent,
} from '../../../src/io/backup-file.js';

const ORG = '00D5g0000000001EAA';
const content = (name = 'Legacy'): BackupContent => ({
  orgId: ORG,
  createdAt: '2030-01-01T00:00:00.000Z',
  snapshot: {
    target: { kind: 'permissionSet', id: '0PS5g0000000001GAA', name },
    permissionSet: { record: { Id: '0PS5g0000000001GAA', Name: name, Label: name }, objectPermissions: [], fieldPermissions: [], setupEntityAccess: [] },
    memberships: [{ groupId: '0PG5g0000000001GAA', groupName: 'G1' }],
    assignments: [{ id: '0Pa5g0000000001CAA', assigneeId: '0055g0000000001AAA', username: 'a@x', expirationDate: '2031-01-01T00:00:00.000Z' }],
  },
});
const keyOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BackupError) return error.key;
    throw error;
  }
  return 'no error';
};

describe('backup file', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'backup-file-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('round-trips through serialize and parse with a format version and a checksum', () => {
    const file = parseBackup(serializeBackup(content()), 'x.json') as RetireBackupFile;
    expect(file).to.include({ format: 'plugin-permset-ops/backup', formatVersion: 1, operation: 'retire', orgId: ORG });
    expect(file.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(file.snapshot.assignments[0].expirationDate).to.equal('2031-01-01T00:00:00.000Z');
  });

  it('refuses truncated, edited, foreign and future-version files with distinct reasons', () => {
    const text = serializeBackup(content());
    expect(keyOf(() => parseBackup(text.slice(0, 100), 'x'))).to.equal('error.BackupUnreadable');
    expect(keyOf(() => parseBackup(text.replace('a@x', 'b@x'), 'x'))).to.equal('error.BackupEdited');
    expect(keyOf(() => parseBackup('{"a":1}', 'x'))).to.equal('error.BackupFormat');
    expect(keyOf(() => parseBackup(text.replace('"formatVersion": 1', '"formatVersion": 2'), 'x'))).to.equal('error.BackupFormat');
    const noOrg = JSON.parse(text) as Record<string, unknown>;
    delete noOrg.orgId;
    expect(keyOf(() => parseBackup(JSON.stringify(noOrg), 'x'))).to.equal('error.BackupFormat');
  });

  describe('values a retirement never writes, even under a recomputed sha256', () => {
    /** The backup with `edit` applied and its checksum made to match again, as a careful forger would. */
    const forged = (edit: (file: RetireBackupFile) => void): string => {
      const file = JSON.parse(serializeBackup(content())) as RetireBackupFile;
      edit(file);
      const { orgId, createdAt, snapshot } = file;
      return serializeBackup({ orgId, createdAt, snapshot });
    };
    const refusal = (text: string): string => {
      try {
        parseBackup(text, 'x.json');
      } catch (error) {
        if (error instanceof BackupError) return `${error.key}: ${error.tokens[1]}`;
        throw error;
      }
      return 'accepted';
    };

    it('accepts the file as written', () => {
      expect(refusal(forged(() => undefined))).to.equal('accepted');
    });

    it('refuses an Id that is not a Salesforce Id', () => {
      expect(refusal(forged((f) => (f.snapshot.assignments[0].assigneeId = "005' OR Id != '")))).to.equal(
        'error.BackupValue: snapshot.assignments[0].assigneeId "005\' OR Id != \'" is not a Salesforce Id'
      );
      expect(refusal(forged((f) => (f.snapshot.target.id = '../../etc/passwd')))).to.match(/^error.BackupValue: snapshot.target.id/);
      expect(refusal(forged((f) => (f.snapshot.memberships[0].groupId = '0PG1')))).to.match(/snapshot.memberships\[0\].groupId "0PG1" is not a Salesforce Id/);
      expect(refusal(forged((f) => (f.snapshot.permissionSet!.record.LicenseId = 'x'.repeat(18) + '!')))).to.match(/record.LicenseId .* is not a Salesforce Id/);
    });

    it('refuses a field name with SOQL in it, a nested value, and a name that is not an API name', () => {
      expect(refusal(forged((f) => (f.snapshot.permissionSet!.record['Name FROM User WHERE Id != null'] = 'x')))).to.match(
        /^error.BackupValue: snapshot.permissionSet.record has a field named "Name FROM User WHERE Id != null", which is not a field name/
      );
      expect(refusal(forged((f) => f.snapshot.permissionSet!.objectPermissions.push({ SobjectType: 'Account', 'PermissionsRead) OR (1': true })))).to.match(
        /objectPermissions\[0\] has a field named/
      );
      expect(refusal(forged((f) => (f.snapshot.permissionSet!.record.Label = { $ne: null } as unknown as string)))).to.match(/record.Label is not a plain value/);
      expect(refusal(forged((f) => (f.snapshot.target.name = "Legacy' OR Name != '")))).to.match(/snapshot.target.name .* is not an API name/);
      expect(refusal(forged((f) => (f.snapshot.assignments[0].expirationDate = 'tomorrow')))).to.match(/expirationDate "tomorrow" is not a date/);
    });

    it('checks a group backup: its record, members and muting permission set', () => {
      const group = (edit: (file: RetireBackupFile) => void): string =>
        forged((f) => {
          f.snapshot.target = { kind: 'group', id: '0PG5g0000000009GAA', name: 'Team' };
          delete f.snapshot.permissionSet;
          f.snapshot.memberships = [];
          f.snapshot.group = {
            record: { Id: '0PG5g0000000009GAA', DeveloperName: 'Team', MasterLabel: 'Team' },
            members: [{ permissionSetId: '0PS5g0000000001GAA', name: 'Sales', muting: false }],
            mutingPermissionSet: null,
          };
          edit(f);
        });
      expect(refusal(group(() => undefined))).to.equal('accepted');
      expect(refusal(group((f) => (f.snapshot.group!.members[0].permissionSetId = 'abc')))).to.match(/members\[0\].permissionSetId "abc" is not a Salesforce Id/);
      expect(refusal(group((f) => (f.snapshot.group!.record.DeveloperName = 'Team; DROP')))).to.match(/record.DeveloperName .* is not an API name/);
      expect(refusal(group((f) => (f.snapshot.group!.mutingPermissionSet = { Id: 'nope', DeveloperName: 'M' })))).to.match(/mutingPermissionSet.Id "nope"/);
    });
  });

  it('writes a new file owner-only and never over an existing one', async () => {
    const path = join(folder, 'b.json');
    await writeNewBackup(path, content());
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const first = readFileSync(path, 'utf8');
    let key = 'no error';
    await writeNewBackup(path, content('Other')).catch((error: BackupError) => (key = error.key));
    expect(key).to.equal('error.BackupExists');
    expect(readFileSync(path, 'utf8')).to.equal(first);
  });

  it('replaces its own backup in one rename, keeping it owner-only', async () => {
    const path = join(folder, 'b.json');
    await writeNewBackup(path, content());
    await replaceOwnBackup(path, { ...content(), updatedAt: '2030-01-02T00:00:00.000Z' });
    expect((await readBackup(path)).updatedAt).to.equal('2030-01-02T00:00:00.000Z');
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  it('never writes through a symlink at the backup path, dangling or not, and leaves no temporary file', async () => {
    const victim = join(folder, 'victim.txt');
    writeFileSync(victim, 'precious', { mode: 0o644 });
    const linked = join(folder, 'linked.json');
    symlinkSync(victim, linked);
    const dangling = join(folder, 'dangling.json');
    symlinkSync(join(folder, 'not-there.txt'), dangling);
    for (const path of [linked, dangling]) {
      let key = 'no error';
      await writeNewBackup(path, content()).catch((error: BackupError) => (key = error.key));
      expect(key, path).to.equal('error.BackupExists');
    }
    expect(readFileSync(victim, 'utf8')).to.equal('precious');
    expect(statSync(victim).mode & 0o777).to.equal(0o644);
    expect(readdirSync(folder).sort()).to.deep.equal(['dangling.json', 'linked.json', 'victim.txt']);
  });

  it('replaces a symlink to its own backup with a file, leaving the link target as it was', async () => {
    const real = join(folder, 'real.json');
    await writeNewBackup(real, content());
    const before = readFileSync(real, 'utf8');
    const link = join(folder, 'latest.json');
    symlinkSync(real, link);
    await replaceOwnBackup(link, { ...content(), updatedAt: '2030-01-02T00:00:00.000Z' });
    expect(lstatSync(link).isSymbolicLink()).to.equal(false);
    expect(statSync(link).mode & 0o777).to.equal(0o600);
    expect(readFileSync(real, 'utf8')).to.equal(before);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('does not follow a symlink planted where its temporary file used to go (.<name>.<pid>.tmp)', async () => {
    const path = join(folder, 'b.json');
    await writeNewBackup(path, content());
    const victim = join(folder, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(folder, `.b.json.${process.pid}.tmp`));
    await replaceOwnBackup(path, { ...content(), updatedAt: '2030-01-02T00:00:00.000Z' });
    expect(readFileSync(victim, 'utf8')).to.equal('precious');
    expect((await readBackup(path)).updatedAt).to.equal('2030-01-02T00:00:00.000Z');
  });

  it('says a backup in a missing folder cannot be written', async () => {
    let key = 'no error';
    let tokens: string[] = [];
    await writeNewBackup(join(folder, 'nowhere', 'b.json'), content()).catch((error: BackupError) => ((key = error.key), (tokens = error.tokens)));
    expect(key).to.equal('error.BackupUnwritable');
    expect(tokens).to.deep.equal([join(folder, 'nowhere', 'b.json'), "its folder doesn't exist"]);
  });

  it('says a missing file is missing', async () => {
    let key = 'no error';
    await readBackup(join(folder, 'none.json')).catch((error: BackupError) => (key = error.key));
    expect(key).to.equal('error.BackupMissing');
  });

  it('finds the backups of one target in one org, newest first, ignoring damaged look-alikes', async () => {
    const older = defaultBackupName('permissionSet', 'Legacy', ORG, new Date('2030-01-01T00:00:00Z'));
    const newer = defaultBackupName('permissionSet', 'Legacy', ORG, new Date('2030-02-01T00:00:00Z'));
    expect(older).to.equal('retire-ps-Legacy-00D5g0000000001-20300101T000000Z.json');
    await writeNewBackup(join(folder, older), content());
    await writeNewBackup(join(folder, newer), content());
    writeFileSync(join(folder, defaultBackupName('permissionSet', 'Legacy', ORG, new Date('2030-03-01T00:00:00Z'))), '{broken');
    await writeNewBackup(join(folder, defaultBackupName('permissionSet', 'Other', ORG, new Date())), content('Other'));
    const found = await findBackups(folder, 'permissionSet', 'Legacy', ORG);
    expect(found.map((f) => f.path)).to.deep.equal([join(folder, newer), join(folder, older)]);
    expect(await findBackups(folder, 'permissionSet', 'Legacy', '00D5g0000000002EAA')).to.deep.equal([]);
  });
});

describe('backup file of a removal', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'removal-backup-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const removal = (): RemovalBackupContent => ({
    operation: 'unassign',
    orgId: ORG,
    createdAt: '2030-01-01T00:00:00.000Z',
    removed: {
      assignments: [
        { id: '0Pa5g0000000001CAA', assigneeId: '0055g0000000001AAA', username: 'a@x', kind: 'permissionSetGroup', targetId: '0PG5g0000000001GAA', targetName: 'Sales_Group', expirationDate: '2031-01-01T00:00:00.000Z' },
      ],
      licenseAssignments: [{ id: '2LA5g0000000001AAA', assigneeId: '0055g0000000001AAA', username: 'a@x', licenseId: '0PL5g0000000001AAA', licenseName: 'CRM_User' }],
    },
  });

  it('round-trips with its operation and rows, and is not a retirement backup', async () => {
    const path = join(folder, 'u.json');
    await writeNewBackup(path, removal());
    const file = await readBackup(path);
    expect(file).to.include({ format: 'plugin-permset-ops/backup', operation: 'unassign' });
    expect(file.operation === 'unassign' && file.removed.assignments[0].expirationDate).to.equal('2031-01-01T00:00:00.000Z');
    let refused = '';
    await readRetireBackup(path).catch((error: BackupError) => (refused = error.tokens[1]));
    expect(refused).to.match(/written by sf permset unassign, not by a retirement/);
  });

  it('refuses Ids of the wrong object, unknown kinds and operations, even under a recomputed sha256', () => {
    const resealed = (edit: (body: Record<string, unknown>) => void): string => {
      const body = JSON.parse(serializeBackup(removal())) as Record<string, unknown>;
      delete body.sha256;
      edit(body);
      return JSON.stringify({ ...body, sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex') });
    };
    const rows = (body: Record<string, unknown>) => body.removed as { assignments: Array<Record<string, unknown>>; licenseAssignments: Array<Record<string, unknown>> };
    expect(keyOf(() => parseBackup(resealed((b) => (rows(b).assignments[0].targetId = '0PS5g0000000001GAA')), 'x'))).to.equal('error.BackupValue');
    expect(keyOf(() => parseBackup(resealed((b) => (rows(b).assignments[0].kind = 'profile')), 'x'))).to.equal('error.BackupValue');
    expect(keyOf(() => parseBackup(resealed((b) => (rows(b).licenseAssignments[0].licenseName = "x' OR Id != null")), 'x'))).to.equal('error.BackupValue');
    expect(keyOf(() => parseBackup(resealed((b) => (b.operation = 'wipe')), 'x'))).to.equal('error.BackupFormat');
    expect(keyOf(() => parseBackup(resealed(() => undefined), 'x'))).to.equal('no error');
  });

  it('still reads a retirement backup written before the format was shared', () => {
    const body = { format: 'plugin-permset-ops/retire-backup', formatVersion: 1, ...content() };
    const legacy = JSON.stringify({ ...body, sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex') });
    const file = parseBackup(legacy, 'old.json');
    expect(file.operation).to.equal('retire');
    expect(keyOf(() => parseBackup(legacy.replace('Legacy', 'Legacy2'), 'old.json'))).to.equal('error.BackupEdited');
  });

  it('names a removal backup by operation, org and time to the millisecond', () => {
    expect(defaultRemovalBackupName('reclaim', ORG, new Date('2030-01-02T03:04:05.678Z'))).to.equal('reclaim-00D5g0000000001-20300102T030405678Z.json');
  });
});
