import { type BackupFile, assertBackupOfOrg, readBackup } from '../../io/backup-file.js';

/**
 * Reads any backup this plugin writes (retire, unassign, sync, reclaim) and checks it belongs to the target org,
 * before a single request: a file that is missing, damaged, edited, foreign or of another org never reaches a write.
 */
export async function openBackup(path: string, orgId: string): Promise<BackupFile> {
  const file = await readBackup(path);
  assertBackupOfOrg(file, path, orgId);
  return file;
}
