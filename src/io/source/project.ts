import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../input-error.js';

export const PROJECT_FILE = 'sfdx-project.json';

/** What the audit reads from sfdx-project.json. */
export type ProjectFile = {
  file: string;
  dir: string;
  /** Absolute paths of the package directories. */
  packageDirectories: string[];
  namespace?: string;
  /** Package dependencies of any package directory (`package` names, as written). */
  dependencies: string[];
  /** `plugins.permsetOps.audit`, unchecked (the settings layer validates it). */
  auditSettings?: unknown;
};

type RawProject = {
  packageDirectories?: Array<{ path?: unknown; dependencies?: Array<{ package?: unknown }> }>;
  namespace?: unknown;
  plugins?: { permsetOps?: { audit?: unknown } };
};

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** The project whose sfdx-project.json sits in `dir`, or undefined when there is none. */
export async function readProject(dir: string): Promise<ProjectFile | undefined> {
  const file = join(dir, PROJECT_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InputError('error.ProjectFile', [file, error.message]);
  });
  if (text === undefined) return undefined;
  let raw: RawProject;
  try {
    raw = JSON.parse(text) as RawProject;
  } catch (error) {
    throw new InputError('error.ProjectFile', [file, (error as Error).message]);
  }
  const packageDirs = Array.isArray(raw.packageDirectories) ? raw.packageDirectories : [];
  const paths = packageDirs.map((p) => p.path).filter((p): p is string => typeof p === 'string');
  if (paths.length === 0) throw new InputError('error.ProjectFile', [file, 'no packageDirectories']);
  const dependencies = packageDirs.flatMap((p) => (Array.isArray(p.dependencies) ? p.dependencies : []).map((d) => d.package)).filter((d): d is string => typeof d === 'string');
  return {
    file,
    dir,
    packageDirectories: paths.map((p) => resolve(dir, p)),
    namespace: typeof raw.namespace === 'string' && raw.namespace.trim() ? raw.namespace.trim() : undefined,
    dependencies: [...new Set(dependencies)],
    auditSettings: raw.plugins?.permsetOps?.audit,
  };
}

/** The nearest folder at or above `dir` holding an sfdx-project.json (its source behaviour options shape resolution). */
export async function enclosingProjectDir(dir: string): Promise<string | undefined> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if ((await stat(join(current, PROJECT_FILE)).catch(() => undefined))?.isFile()) return current;
    if (dirname(current) === current) return undefined;
  }
}
