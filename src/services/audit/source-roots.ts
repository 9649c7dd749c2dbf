import { resolve } from 'node:path';
import { InputError } from '../../io/input-error.js';
import { enclosingProjectDir, isDirectory, type ProjectFile, readProject } from '../../io/source/project.js';
import { type SourceRoot } from '../../io/source/read-source.js';

export type Roots = { roots: SourceRoot[]; projects: ProjectFile[] };

/**
 * The folders to read. No --source-dir: every package directory of the sfdx-project.json in `cwd`. A --source-dir
 * holding an sfdx-project.json is that whole project; any other folder is a plain tree (whose enclosing project, if
 * any, still decides how SDR resolves it, e.g. decomposed permission sets).
 */
export async function sourceRoots(sourceDirs: string[], cwd: string): Promise<Roots> {
  if (sourceDirs.length === 0) {
    const project = await readProject(cwd);
    if (!project) throw new InputError('error.NoProject', [cwd]);
    return { roots: await projectRoots(project), projects: [project] };
  }
  const out: Roots = { roots: [], projects: [] };
  for (const given of sourceDirs) {
    const dir = resolve(cwd, given);
    if (!(await isDirectory(dir))) throw new InputError('error.SourceDir', [given]);
    const project = await readProject(dir);
    if (project) {
      out.projects.push(project);
      out.roots.push(...(await projectRoots(project)));
    } else {
      out.roots.push({ dir, registryDir: (await enclosingProjectDir(dir)) ?? dir });
    }
  }
  const unique = new Map(out.roots.map((r) => [r.dir, r]));
  return { roots: [...unique.values()], projects: out.projects };
}

async function projectRoots(project: ProjectFile): Promise<SourceRoot[]> {
  const roots: SourceRoot[] = [];
  for (const dir of project.packageDirectories) {
    if (!(await isDirectory(dir))) throw new InputError('error.PackageDir', [dir, project.file]);
    roots.push({ dir, registryDir: project.dir });
  }
  return roots;
}
