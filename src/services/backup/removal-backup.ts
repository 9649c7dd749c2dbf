import { resolve } from 'node:path';
import {
  BackupError,
  assertBackupOfOrg,
  type RemovalBackupFile,
  defaultRemovalBackupName,
  fileExists,
  readBackup,
  replaceOwnBackup,
  writeNewBackup,
} from '../../io/backup-file.js';
import { OPERATION_COMMANDS, mergeRemovals, type RemovalOperation, type RemovalSnapshot } from '../../planning/removal/types.js';

/**
 * Where a removal (unassign, sync, reclaim) keeps its backup: --backup-file, or a new timestamped file in the
 * current folder. An explicit file that exists must be a backup of the same operation in the same org: a rerun
 * with the same --backup-file extends it (every row that is gone stays in it), anything else is refused untouched.
 */
export type RemovalBackupLocation = { path: string; prior: RemovalBackupFile | null };

export type LocateRemovalOptions = { explicitPath?: string; cwd: string; orgId: string; operation: RemovalOperation; now: Date };

export async function locateRemovalBackup(options: LocateRemovalOptions): Promise<RemovalBackupLocation> {
  if (!options.explicitPath) return { path: resolve(options.cwd, defaultRemovalBackupName(options.operation, options.orgId, options.now)), prior: null };
  const path = resolve(options.cwd, options.explicitPath);
  if (!(await fileExists(path))) return { path, prior: null };
  const file = await readBackup(path).catch((error: unknown) => {
    // A file that is not a backup at all is someone else's: say it is taken, not that a backup is damaged.
    if (error instanceof BackupError && error.key !== 'error.BackupMissing') throw new BackupError('error.BackupExists', [path]);
    throw error;
  });
  assertBackupOfOrg(file, path, options.orgId);
  if (file.operation !== options.operation) throw new BackupError('error.BackupOtherTarget', [path, OPERATION_COMMANDS[file.operation]]);
  return { path, prior: file };
}

/**
 * Writes the rows about to be deleted, before the first delete (synced to disk). With a prior backup at the same
 * path, the file is replaced by the union of both in one rename.
 */
export async function saveRemovalBackup(
  location: RemovalBackupLocation,
  content: { operation: RemovalOperation; orgId: string; removed: RemovalSnapshot; now: Date }
): Promise<void> {
  const stamp = content.now.toISOString();
  const { operation, orgId } = content;
  if (location.prior) {
    await replaceOwnBackup(location.path, {
      operation,
      orgId,
      createdAt: location.prior.createdAt,
      updatedAt: stamp,
      removed: mergeRemovals(location.prior.removed, content.removed),
    });
  } else {
    await writeNewBackup(location.path, { operation, orgId, createdAt: stamp, removed: content.removed });
  }
}
