import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OPERATION_COMMANDS, type RemovalOperation, type RemovalSnapshot } from '../planning/removal/types.js';
import { type RetireSnapshot } from '../planning/retire/types.js';
import { isObject, removalProblem, retireShapeProblem, retireValueProblem } from './backup-checks.js';
import { InputError } from './input-error.js';

/**
 * The one backup format of every command that removes something (retire, unassign, assign --sync, psl reclaim): one
 * JSON file, written before the first change, owner-only (0600), never overwriting a file that is not the backup of
 * the same run. `operation` says what wrote it; a retirement keeps its `snapshot` (the set or group and all that
 * hung on it), the others the `removed` rows. It holds org records only - never a token, an instance URL or a
 * username of the CLI's auth. A SHA-256 over the content catches a truncated or hand-edited file before a restore
 * writes anything from it.
 */
export const BACKUP_FORMAT = 'plugin-permset-ops/backup';
export const BACKUP_FORMAT_VERSION = 1;
/** What `psg retire` wrote before the format was shared; still read (as operation `retire`), never written. */
export const LEGACY_RETIRE_FORMAT = 'plugin-permset-ops/retire-backup';

type Header = { format: string; formatVersion: number; orgId: string; createdAt: string; updatedAt?: string; sha256: string };
export type RetireBackupFile = Header & { operation: 'retire'; snapshot: RetireSnapshot };
export type RemovalBackupFile = Header & { operation: RemovalOperation; removed: RemovalSnapshot };
export type BackupFile = RetireBackupFile | RemovalBackupFile;

type ContentOf<T> = Omit<T, 'format' | 'formatVersion' | 'sha256'>;
/** A retirement's content (its operation is implied); a removal names its operation. */
export type RetireBackupContent = Omit<ContentOf<RetireBackupFile>, 'operation'>;
export type RemovalBackupContent = ContentOf<RemovalBackupFile>;
export type BackupContent = RetireBackupContent | RemovalBackupContent;

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

function digest(content: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function serializeBackup(content: BackupContent): string {
  const operation = 'snapshot' in content ? 'retire' : content.operation;
  const body = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, operation, ...content };
  return `${JSON.stringify({ ...body, sha256: digest(body) }, null, 2)}\n`;
}

/** Parses and checks a backup's text: JSON, our format and version, the expected shape, an intact checksum, sane values. */
export function parseBackup(text: string, path: string): BackupFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BackupError('error.BackupUnreadable', [path, (error as Error).message]);
  }
  const legacy = isObject(parsed) && parsed.format === LEGACY_RETIRE_FORMAT;
  if (!isObject(parsed) || (parsed.format !== BACKUP_FORMAT && !legacy)) throw new BackupError('error.BackupFormat', [path, `not a ${BACKUP_FORMAT} file`]);
  if (parsed.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError('error.BackupFormat', [path, `format version ${String(parsed.formatVersion)}, this plugin reads ${BACKUP_FORMAT_VERSION}`]);
  }
  const file = legacy ? { ...parsed, operation: 'retire' } : parsed;
  const problem = shapeProblem(file);
  if (problem) throw new BackupError('error.BackupFormat', [path, problem]);
  const { sha256, ...body } = parsed;
  if (digest(body) !== sha256) throw new BackupError('error.BackupEdited', [path]);
  const checked = file as BackupFile;
  const bad = checked.operation === 'retire' ? retireValueProblem(checked.snapshot) : removalProblem(checked.removed);
  if (bad) throw new BackupError('error.BackupValue', [path, bad]);
  return checked;
}

/** The operations a backup may name: those whose command is known. */
const OPERATIONS = new Set(Object.keys(OPERATION_COMMANDS));

function shapeProblem(file: Record<string, unknown>): string | undefined {
  if (typeof file.orgId !== 'string' || !/^00D\w{12,15}$/.test(file.orgId)) return 'orgId missing or not an org Id';
  if (typeof file.createdAt !== 'string' || Number.isNaN(Date.parse(file.createdAt))) return 'createdAt missing';
  if (typeof file.sha256 !== 'string') return 'sha256 missing';
  if (typeof file.operation !== 'string' || !OPERATIONS.has(file.operation)) return `operation ${JSON.stringify(file.operation)} is not one this plugin writes`;
  if (file.operation === 'retire') return retireShapeProblem(file.snapshot);
  return isObject(file.removed) ? undefined : 'removed missing';
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

/** Refuses a backup made in another org than `orgId` (15- and 18-character Ids compare alike), before any request. */
export function assertBackupOfOrg(file: BackupFile, path: string, orgId: string): void {
  if (file.orgId.slice(0, 15) !== orgId.slice(0, 15)) throw new BackupError('error.BackupOtherOrg', [path, file.orgId, orgId]);
}

/** A retirement's backup (what `psg restore` and a resumed `psg retire` read); any other backup is refused. */
export async function readRetireBackup(path: string): Promise<RetireBackupFile> {
  const file = await readBackup(path);
  if (file.operation !== 'retire') throw new BackupError('error.BackupFormat', [path, `it was written by ${OPERATION_COMMANDS[file.operation]}, not by a retirement (restore it with sf permset restore)`]);
  return file;
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

/**
 * `<operation>-<org>-<UTC time with milliseconds>.json` for a removal (unassign, sync, reclaim): each run has its own
 * file, sortable, and two runs in one second do not meet.
 */
export function defaultRemovalBackupName(operation: RemovalOperation, orgId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${operation}-${orgId.slice(0, 15)}-${stamp}.json`;
}

function backupPrefix(kind: 'permissionSet' | 'group', name: string, orgId: string): string {
  return `retire-${kind === 'group' ? 'psg' : 'ps'}-${name.replace(/[^A-Za-z0-9_]/g, '_')}-${orgId.slice(0, 15)}-`;
}

/** Valid backups of this target in this org found in `folder`, newest first (unreadable look-alikes are ignored). */
export async function findBackups(folder: string, kind: 'permissionSet' | 'group', name: string, orgId: string): Promise<Array<{ path: string; file: RetireBackupFile }>> {
  const prefix = backupPrefix(kind, name, orgId);
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return [];
  }
  const found: Array<{ path: string; file: RetireBackupFile }> = [];
  for (const entry of entries.filter((e) => e.startsWith(prefix) && e.endsWith('.json')).sort().reverse()) {
    const path = join(folder, entry);
    try {
      const file = await readRetireBackup(path);
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
