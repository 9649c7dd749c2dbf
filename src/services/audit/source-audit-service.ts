import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { enclosingProjectDir, type ProjectFile, readProject } from '../../io/source/project.js';
import { readSource } from '../../io/source/read-source.js';
import { type AuditOutcome, runAudit } from '../../planning/audit/engine.js';
import { type AuditModel, type GroupDef, type MuteDef, type SetDef } from '../../planning/audit/model.js';
import { type AuditSettings, type PartialSettings, resolveSettings, SettingsError } from '../../planning/audit/settings.js';
import { sourceRoots } from './source-roots.js';

export type SourceAuditRequest = {
  sourceDirs: string[];
  cwd: string;
  /** Settings from flags: they win over sfdx-project.json's `plugins.permsetOps.audit`. */
  flagSettings: PartialSettings;
};

export type SourceAudit = AuditOutcome & { repoRoot: string; settings: AuditSettings; files: number };

/** Settings from sfdx-project.json, then the flags. */
export async function auditSettings(cwd: string, flagSettings: PartialSettings): Promise<AuditSettings> {
  return resolveSettings([...(await projectSettings(resolve(cwd))), { origin: '--rule / naming / threshold flags', settings: flagSettings }]);
}

/** The source audit: find the folders, read the components, resolve the settings, run the rules. */
export async function auditSource(request: SourceAuditRequest): Promise<SourceAudit> {
  const settings = await auditSettings(request.cwd, request.flagSettings);
  const { model, repoRoot, files } = await readSourceModel(request.sourceDirs, request.cwd);
  return { ...runAudit(model, settings), repoRoot, settings, files };
}

/** The normalised model of the source folders (also the source side of the org audit's drift). */
export async function readSourceModel(sourceDirs: string[], cwdGiven: string): Promise<{ model: AuditModel; repoRoot: string; files: number }> {
  const cwd = resolve(cwdGiven);
  const { roots, projects } = await sourceRoots(sourceDirs, cwd);
  const repoRoot = await repositoryRoot(cwd);
  const read = await readSource(roots, repoRoot);
  const model: AuditModel = {
    origin: 'source',
    groups: read.defs.filter((d): d is GroupDef => d.kind === 'PermissionSetGroup'),
    sets: read.defs.filter((d): d is SetDef => d.kind === 'PermissionSet'),
    mutes: read.defs.filter((d): d is MuteDef => d.kind === 'MutingPermissionSet'),
    problems: read.problems,
    project: {
      namespace: projects.find((p) => p.namespace)?.namespace,
      dependencies: [...new Set(projects.flatMap((p) => p.dependencies))],
    },
  };
  return { model, repoRoot, files: read.files };
}

/** `plugins.permsetOps.audit` of the project the command runs in (the one enclosing cwd), as a settings layer. */
async function projectSettings(cwd: string): Promise<Array<{ origin: string; settings: PartialSettings }>> {
  const dir = await enclosingProjectDir(cwd);
  const project: ProjectFile | undefined = dir ? await readProject(dir) : undefined;
  if (!project || project.auditSettings === undefined) return [];
  const raw = project.auditSettings as Record<string, unknown>;
  const origin = `${project.file} plugins.permsetOps.audit`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SettingsError('error.ProjectSettings', [origin]);
  const rules = raw.rules;
  if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules))) throw new SettingsError('error.ProjectSettings', [origin]);
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value !== undefined && typeof value !== 'string') throw new SettingsError('error.ProjectSettings', [origin]);
    return value;
  };
  // Thresholds are checked (whole numbers in range) by resolveSettings, which names this file when one is wrong.
  const number = (key: string): number | undefined => raw[key] as number | undefined;
  const settings: PartialSettings = {
    rules: rules as Record<string, string> | undefined,
    groupNaming: text('groupNaming'),
    muteNaming: text('muteNaming'),
    stuckAfterMinutes: number('stuckAfterMinutes'),
    pslThreshold: number('pslThreshold'),
    expiringWithinDays: number('expiringWithinDays'),
  };
  return [{ origin, settings }];
}

/** SARIF and findings name files relative to the repository: the git root above cwd, else cwd. */
async function repositoryRoot(cwd: string): Promise<string> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (await stat(join(dir, '.git')).catch(() => undefined)) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}
