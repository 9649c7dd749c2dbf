import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ForceIgnore } from '@salesforce/source-deploy-retrieve';
import { type ComponentType } from '../../planning/audit/model.js';

/** The three types the audit reads: SDR's type name, its folder name and its file suffix. */
export const AUDITED_TYPES: ReadonlyArray<{ type: ComponentType; folder: string; suffix: string }> = [
  { type: 'PermissionSetGroup', folder: 'permissionsetgroups', suffix: 'permissionsetgroup' },
  { type: 'PermissionSet', folder: 'permissionsets', suffix: 'permissionset' },
  { type: 'MutingPermissionSet', folder: 'mutingpermissionsets', suffix: 'mutingpermissionset' },
];

/** Folders never walked: dependencies and tool state, not a project's metadata. */
const SKIPPED = new Set(['node_modules', '.git', '.sf', '.sfdx']);

/**
 * Every file under `root` that the project's .forceignore lets through. Hidden files and folders (.DS_Store, .git)
 * are skipped as SDR's default ignores skip them — SDR applies those only when a .forceignore exists.
 */
export async function walkFiles(root: string): Promise<string[]> {
  const ignore = ForceIgnore.findAndCreate(root);
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && ignore.accepts(path)) pending.push(path);
      } else if (entry.isFile() && ignore.accepts(path)) files.push(path);
    }
  }
  return files.sort();
}

/** The outermost metadata folder (permissionsets/, PermissionSetGroups/…, any casing) holding the file, under root. */
export function metadataFolderOf(file: string, root: string): { folder: string; type: ComponentType } | undefined {
  let found: { folder: string; type: ComponentType } | undefined;
  for (let dir = dirname(file); dir.length >= root.length && dir !== dirname(dir); dir = dirname(dir)) {
    const match = AUDITED_TYPES.find((t) => t.folder === basename(dir).toLowerCase());
    if (match) found = { folder: dir, type: match.type };
    if (dir === root) break;
  }
  return found;
}

/** The type and component name a file's name announces (`X.permissionset-meta.xml` or `X.permissionset`). */
export function typeBySuffix(file: string): { type: ComponentType; name: string; sourceFormat: boolean } | undefined {
  const name = basename(file);
  for (const t of AUDITED_TYPES) {
    for (const [ending, sourceFormat] of [[`.${t.suffix}-meta.xml`, true], [`.${t.suffix}`, false]] as const) {
      if (name.endsWith(ending) && name.length > ending.length) return { type: t.type, name: name.slice(0, -ending.length), sourceFormat };
    }
  }
  return undefined;
}
