import { dirname, resolve } from 'node:path';
import { BackupError, type RetireBackupFile, assertBackupOfOrg, defaultBackupName, fileExists, findBackups, readRetireBackup } from '../../io/backup-file.js';
import { type RetireTarget } from '../../planning/retire/types.js';

export type BackupLocation = {
  /** Where this run's backup goes. */
  path: string;
  /** The backup an earlier run on the same target left there (resume), if any. */
  prior: RetireBackupFile | null;
};

export type LocateOptions = {
  /** --backup-file; undefined for the default timestamped file in `folder`. */
  explicitPath?: string;
  folder: string;
  orgId: string;
  kind: 'permissionSet' | 'group';
  /** The API name as given. */
  name: string;
  /** The target as the org shows it now (null: gone). */
  current: RetireTarget | null;
  now: Date;
};

/**
 * Chooses the backup file and finds an earlier run's backup to resume from. An explicit file that exists must be
 * the backup of this same target in this org (it is then extended, never replaced by something else); any other
 * existing file is refused. Without --backup-file, the newest backup of this target in the folder is resumed.
 */
export async function locateBackup(options: LocateOptions): Promise<BackupLocation> {
  if (options.explicitPath) {
    const path = resolve(options.explicitPath);
    if (!(await fileExists(path))) return { path, prior: null };
    const file = await readRetireBackup(path);
    assertBackupOfOrg(file, path, options.orgId);
    if (!sameTarget(file, options)) throw new BackupError('error.BackupOtherTarget', [path, file.snapshot.target.name]);
    return { path, prior: file };
  }
  const folder = resolve(options.folder);
  const found = (await findBackups(folder, options.kind, canonical(options), options.orgId)).find(({ file }) => sameTarget(file, options));
  if (found) return { path: found.path, prior: found.file };
  return { path: resolve(folder, defaultBackupName(options.kind, canonical(options), options.orgId, options.now)), prior: null };
}

/** The name under which backups are filed: the org's spelling when the target exists, else the one given. */
function canonical(options: LocateOptions): string {
  return options.current?.name ?? options.name;
}

function sameTarget(file: RetireBackupFile, options: LocateOptions): boolean {
  const target = file.snapshot.target;
  if (target.kind !== options.kind) return false;
  // While the target exists, only a backup of this very record (same Id) is resumed: a set restored and retired
  // again is a new retirement with its own backup.
  if (options.current) return target.id === options.current.id;
  return target.name.toLowerCase() === options.name.toLowerCase();
}

export function backupFolder(explicitPath: string | undefined, cwd: string): string {
  return explicitPath ? dirname(resolve(explicitPath)) : cwd;
}
