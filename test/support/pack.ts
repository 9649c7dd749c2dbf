import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

export type PackedPlugin = {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** The clean tree it was packed from (what a fresh clone holds, plus a link to this checkout's node_modules). */
  tree: string;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
};

/**
 * Packs the plugin the way a release does (`npm pack`, so prepack and postpack run), from a copy of the files git
 * would clone: what git tracks plus new files it does not ignore, never lib/, caches or a manifest left behind.
 * Packing a copy keeps this checkout's lib/ in place for the tests that run beside this one.
 */
export async function packFromCleanTree(): Promise<PackedPlugin> {
  const tree = mkdtempSync(join(tmpdir(), 'permset-ops-pack-'));
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  for (const path of stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    try {
      copyFileSync(join(ROOT, path), join(tree, path));
    } catch (error) {
      // A tracked file deleted in the working tree is not part of what would be packed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const out = join(tree, '.pack-out');
  mkdirSync(out);
  try {
    await run('npm', ['pack', '--pack-destination', out], { cwd: tree, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`npm pack failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}${failed.message}`);
  }
  const tarball = join(out, readdirSync(out).find((name) => name.endsWith('.tgz')) ?? '');
  const listing = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  const files = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();
  return { tarball, tree, files };
}
