import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/** Writes a new backup; refuses when any file is already at `path`. */
export async function writeNewBackup(path: string, content: BackupContent): Promise<void> {
  try {
    await fs.writeFile(path, serializeBackup(content), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError('error.BackupExists', [path]);
    throw error;
  }
}

/**
 * Replaces the backup of the same retirement (a resumed run adds what it sees now) in one rename, so a crash
 * leaves either the old or the new file, never half of one.
 */
export async function replaceOwnBackup(path: string, content: BackupContent): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await fs.writeFile(temporary, serializeBackup(content), { flag: 'w', mode: 0o600 });
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, path);
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
