import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isSalesforceId } from '../gateway/soql-literal.js';
import { type RetireSnapshot } from '../planning/retire/types.js';
import { InputError } from './input-error.js';

/**
 * The retirement backup: one JSON file, written before the first change, owner-only (0600), never overwriting a
 * file that is not the backup of the same retirement. It holds org records only - never a token, an instance URL
 * or a username of the CLI's auth. A SHA-256 over the content catches a truncated or hand-edited file before a
 * restore writes anything from it.
 */
export const BACKUP_FORMAT = 'plugin-permset-ops/retire-backup';
export const BACKUP_FORMAT_VERSION = 1;

export type BackupFile = {
  format: string;
  formatVersion: number;
  orgId: string;
  createdAt: string;
  updatedAt?: string;
  snapshot: RetireSnapshot;
  sha256: string;
};

export type BackupContent = Omit<BackupFile, 'format' | 'formatVersion' | 'sha256'>;

/** Message keys (messages/psg.restore.md) of refusals about a backup file. */
export type BackupErrorKey =
  | 'error.BackupMissing'
  | 'error.BackupUnreadable'
  | 'error.BackupFormat'
  | 'error.BackupEdited'
  | 'error.BackupValue'
  | 'error.BackupUnwritable'
  | 'error.BackupExists'
  | 'error.BackupOtherOrg'
  | 'error.BackupOtherTarget';

export class BackupError extends InputError {
  public constructor(key: BackupErrorKey, tokens: string[]) {
    super(key, tokens);
    this.name = 'BackupError';
  }
}

function digest(content: Omit<BackupFile, 'sha256'>): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function serializeBackup(content: BackupContent): string {
  const body = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, ...content };
  return `${JSON.stringify({ ...body, sha256: digest(body) }, null, 2)}\n`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks a backup's text: JSON, our format and version, the expected shape, an intact checksum. */
export function parseBackup(text: string, path: string): BackupFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BackupError('error.BackupUnreadable', [path, (error as Error).message]);
  }
  if (!isObject(parsed) || parsed.format !== BACKUP_FORMAT) throw new BackupError('error.BackupFormat', [path, `not a ${BACKUP_FORMAT} file`]);
  if (parsed.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError('error.BackupFormat', [path, `format version ${String(parsed.formatVersion)}, this plugin reads ${BACKUP_FORMAT_VERSION}`]);
  }
  const problem = shapeProblem(parsed);
  if (problem) throw new BackupError('error.BackupFormat', [path, problem]);
  const { sha256, ...body } = parsed as BackupFile;
  if (digest(body) !== sha256) throw new BackupError('error.BackupEdited', [path]);
  // The checksum only proves the file is as it was last written, not who wrote it: values that reach the org
  // (Ids, API names, field names) are checked too, so a crafted file never gets as far as a write.
  const bad = valueProblem((parsed as BackupFile).snapshot);
  if (bad) throw new BackupError('error.BackupValue', [path, bad]);
  return parsed as BackupFile;
}

function shapeProblem(file: Record<string, unknown>): string | undefined {
  if (typeof file.orgId !== 'string' || !/^00D\w{12,15}$/.test(file.orgId)) return 'orgId missing or not an org Id';
  if (typeof file.createdAt !== 'string' || Number.isNaN(Date.parse(file.createdAt))) return 'createdAt missing';
  if (typeof file.sha256 !== 'string') return 'sha256 missing';
  const snapshot = file.snapshot;
  if (!isObject(snapshot) || !isObject(snapshot.target)) return 'snapshot.target missing';
  return snapshotProblem(snapshot);
}

function snapshotProblem(snapshot: Record<string, unknown>): string | undefined {
  const target = snapshot.target as Record<string, unknown>;
  if ((target.kind !== 'permissionSet' && target.kind !== 'group') || typeof target.id !== 'string' || typeof target.name !== 'string') {
    return 'snapshot.target is not a permission set or group';
  }
  if (!Array.isArray(snapshot.memberships) || !Array.isArray(snapshot.assignments)) return 'memberships or assignments missing';
  if (target.kind === 'permissionSet' && !isObject(snapshot.permissionSet)) return 'the permission set record is missing';
  if (target.kind === 'group' && !isObject(snapshot.group)) return 'the group record is missing';
  return undefined;
}

/** An API name as Salesforce spells them (Name, DeveloperName, field names): letters, digits, underscores, ns__ prefix. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;
const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

type Check = (value: unknown, at: string) => string | undefined;
const id: Check = (value, at) => (typeof value === 'string' && isSalesforceId(value) ? undefined : `${at} ${show(value)} is not a Salesforce Id`);
const optionalId: Check = (value, at) => (value === undefined || value === null ? undefined : id(value, at));
const apiName: Check = (value, at) => (typeof value === 'string' && API_NAME.test(value) ? undefined : `${at} ${show(value)} is not an API name`);
const text: Check = (value, at) => (typeof value === 'string' ? undefined : `${at} ${show(value)} is not text`);
const date: Check = (value, at) =>
  value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ? undefined : `${at} ${show(value)} is not a date`;
const flag: Check = (value, at) => (typeof value === 'boolean' ? undefined : `${at} ${show(value)} is not true or false`);

/** Each listed field of `row` through its check; the first problem found. */
function fields(row: unknown, at: string, checks: Record<string, Check>): string | undefined {
  if (!isObject(row)) return `${at} is not an object`;
  for (const [field, check] of Object.entries(checks)) {
    const problem = check(row[field], `${at}.${field}`);
    if (problem) return problem;
  }
  return undefined;
}

/** A backed-up record: API-name keys, plain values, Ids where a field is a reference (…Id). */
function recordProblem(record: unknown, at: string): string | undefined {
  if (!isObject(record)) return `${at} is not an object`;
  for (const [field, value] of Object.entries(record)) {
    if (!API_NAME.test(field)) return `${at} has a field named ${show(field)}, which is not a field name`;
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return `${at}.${field} is not a plain value`;
    if (/Id$/.test(field) && value !== null) {
      const problem = id(value, `${at}.${field}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function listProblem(rows: unknown, at: string, check: (row: unknown, at: string) => string | undefined): string | undefined {
  if (!Array.isArray(rows)) return `${at} is not a list`;
  for (const [i, row] of rows.entries()) {
    const problem = check(row, `${at}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** The values of a snapshot whose shape is known good: the first one a real retirement could not have written. */
function valueProblem(snapshot: RetireSnapshot): string | undefined {
  const checks: Array<() => string | undefined> = [
    () => fields(snapshot.target, 'snapshot.target', { id, name: apiName }),
    () => listProblem(snapshot.memberships, 'snapshot.memberships', (row, at) => fields(row, at, { groupId: id, groupName: apiName, componentId: optionalId })),
    () => listProblem(snapshot.assignments, 'snapshot.assignments', (row, at) => fields(row, at, { id, assigneeId: id, username: text, expirationDate: date })),
  ];
  const set = snapshot.permissionSet;
  if (set) {
    checks.push(
      () => recordProblem(set.record, 'snapshot.permissionSet.record'),
      () => apiName(set.record.Name, 'snapshot.permissionSet.record.Name'),
      ...(['objectPermissions', 'fieldPermissions', 'setupEntityAccess'] as const).map(
        (kind) => () => listProblem(set[kind], `snapshot.permissionSet.${kind}`, recordProblem)
      )
    );
  }
  const group = snapshot.group;
  if (group) {
    checks.push(
      () => recordProblem(group.record, 'snapshot.group.record'),
      () => apiName(group.record.DeveloperName, 'snapshot.group.record.DeveloperName'),
      () => listProblem(group.members, 'snapshot.group.members', (row, at) => fields(row, at, { permissionSetId: id, name: apiName, muting: flag })),
      () => (group.mutingPermissionSet === null || group.mutingPermissionSet === undefined ? undefined : recordProblem(group.mutingPermissionSet, 'snapshot.group.mutingPermissionSet'))
    );
  }
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

export async function readBackup(path: string): Promise<BackupFile> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError('error.BackupMissing', [path]);
    throw new BackupError('error.BackupUnreadable', [path, (error as Error).message]);
  }
  return parseBackup(text, path);
}

/**
 * Writes a new backup; refuses when anything is already at `path` (a file, a folder, a symlink, even a dangling
 * one). The content goes to a temporary file first and is then hard-linked into place, which fails rather than
 * replaces: a run killed mid-write leaves no half backup at `path` for the next run to trip over.
 */
export async function writeNewBackup(path: string, content: BackupContent): Promise<void> {
  const temporary = temporaryBeside(path);
  const text = serializeBackup(content);
  try {
    await writeExclusive(temporary, text).catch(unwritable(path));
    await fs.link(temporary, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new BackupError('error.BackupExists', [path]);
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(error.code ?? '')) throw error;
      // A file system without hard links: O_EXCL still never replaces anything.
      await writeExclusive(path, text).catch((failure: NodeJS.ErrnoException) => {
        throw failure.code === 'EEXIST' ? new BackupError('error.BackupExists', [path]) : failure;
      });
    });
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/**
 * Replaces the backup of the same retirement (a resumed run adds what it sees now) in one rename, so a crash
 * leaves either the old or the new file, never half of one. The temporary file is created with O_EXCL under an
 * unguessable name, so nothing planted beside the backup (a symlink) is followed.
 */
export async function replaceOwnBackup(path: string, content: BackupContent): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    await writeExclusive(temporary, serializeBackup(content)).catch(unwritable(path));
    await fs.rename(temporary, path);
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/** A folder that is missing or not writable, said about the backup (not about its temporary file). */
function unwritable(path: string): (error: NodeJS.ErrnoException) => never {
  const reasons: Record<string, string> = {
    ENOENT: "its folder doesn't exist",
    ENOTDIR: "its folder doesn't exist",
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  return (error) => {
    throw new BackupError('error.BackupUnwritable', [path, reasons[error.code ?? ''] ?? error.code ?? error.message]);
  };
}

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** O_CREAT | O_EXCL, owner-only: fails on anything already there, symlinks included, and never follows one. */
async function writeExclusive(path: string, text: string): Promise<void> {
  const handle = await fs.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(0o600);
    // On disk before the first change to the org: a power cut after the detach must not lose the backup.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `retire-<kind>-<name>-<org>-<UTC time>.json`: sortable, and findable again by a rerun in the same folder. */
export function defaultBackupName(kind: 'permissionSet' | 'group', name: string, orgId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${backupPrefix(kind, name, orgId)}${stamp}.json`;
}

function backupPrefix(kind: 'permissionSet' | 'group', name: string, orgId: string): string {
  return `retire-${kind === 'group' ? 'psg' : 'ps'}-${name.replace(/[^A-Za-z0-9_]/g, '_')}-${orgId.slice(0, 15)}-`;
}

/** Valid backups of this target in this org found in `folder`, newest first (unreadable look-alikes are ignored). */
export async function findBackups(folder: string, kind: 'permissionSet' | 'group', name: string, orgId: string): Promise<Array<{ path: string; file: BackupFile }>> {
  const prefix = backupPrefix(kind, name, orgId);
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return [];
  }
  const found: Array<{ path: string; file: BackupFile }> = [];
  for (const entry of entries.filter((e) => e.startsWith(prefix) && e.endsWith('.json')).sort().reverse()) {
    const path = join(folder, entry);
    try {
      const file = await readBackup(path);
      if (file.orgId.slice(0, 15) === orgId.slice(0, 15) && file.snapshot.target.kind === kind && file.snapshot.target.name === name) found.push({ path, file });
    } catch {
      // Not ours or damaged: a resume never builds on a file it cannot trust.
    }
  }
  return found;
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await fs.access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
