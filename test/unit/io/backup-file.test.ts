import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  BackupError,
  defaultBackupName,
  findBackups,
  parseBackup,
  readBackup,
  replaceOwnBackup,
  serializeBackup,
  writeNewBackup,
  type BackupContent,
} from '../../../src/io/backup-file.js';

const ORG = '00D5g0000000001EAA';
const content = (name = 'Legacy'): BackupContent => ({
  orgId: ORG,
  createdAt: '2030-01-01T00:00:00.000Z',
  snapshot: {
    target: { kind: 'permissionSet', id: '0PS5g0000000001GAA', name },
    permissionSet: { record: { Id: '0PS5g0000000001GAA', Name: name, Label: name }, objectPermissions: [], fieldPermissions: [], setupEntityAccess: [] },
    memberships: [{ groupId: '0PG1', groupName: 'G1' }],
    assignments: [{ id: '0Pa1', assigneeId: '0051', username: 'a@x', expirationDate: '2031-01-01T00:00:00.000Z' }],
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
    const file = parseBackup(serializeBackup(content()), 'x.json');
    expect(file).to.include({ format: 'plugin-permset-ops/retire-backup', formatVersion: 1, orgId: ORG });
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
