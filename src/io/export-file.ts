import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from './input-error.js';

/**
 * Report exports: written owner-only (0600: reports name users and licenses) and never over an existing file
 * unless the caller says so, in which case the new content is written beside it and renamed over it, so a
 * failed run never leaves half a report.
 */
export type ExportFormat = 'csv' | 'json' | 'sarif';

const DEFAULT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** The format from the file name's extension (any case) among those the command writes; anything else is refused. */
export function exportFormatOf(path: string, formats: readonly ExportFormat[] = DEFAULT_FORMATS): ExportFormat {
  const ext = extname(path).toLowerCase().slice(1);
  const format = formats.find((f) => f === ext);
  if (format) return format;
  throw new InputError('error.OutputFormat', [path]);
}

/** Checks before any work is done: a known extension, an existing directory, no file in the way (unless overwrite). */
export async function checkExportTarget(path: string, overwrite: boolean, formats: readonly ExportFormat[] = DEFAULT_FORMATS): Promise<ExportFormat> {
  const format = exportFormatOf(path, formats);
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new InputError('error.OutputDirectory', [path]);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new InputError('error.OutputDirectory', [path]);
  if (existing && !overwrite) throw new InputError('error.OutputExists', [path]);
  return format;
}

export async function writeExport(path: string, content: string, overwrite: boolean): Promise<void> {
  if (!overwrite) {
    await writeNew(path, content).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new InputError('error.OutputExists', [path]) : error;
    });
    return;
  }
  // An unguessable name: a leftover of a killed run (or a file planted there) can never be in the way.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNew(temporary, content);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** O_EXCL: fails with EEXIST instead of replacing a file that appeared since the check. */
async function writeNew(path: string, content: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
}

/**
 * The folder must let this process create the file, checked before the work so a long run is not wasted. A probe
 * file is created and removed: permission bits alone do not tell (root passes access() on read-only file systems).
 */
export async function checkWritableFolder(path: string): Promise<void> {
  const probe = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.probe`);
  try {
    await writeNew(probe, '');
  } catch {
    throw new InputError('error.OutputNotWritable', [path]);
  }
  await rm(probe, { force: true });
}
