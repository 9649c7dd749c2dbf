import { ComponentSet, RegistryAccess, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { type ComponentType } from '../../planning/audit/model.js';
import { typeBySuffix } from './tree-walk.js';

/** A component SDR resolved: its main file and, for a decomposed permission set, the part files. */
export type Resolved = { type: ComponentType; name: string; xml: string; parts: string[] };

const TYPES = new Set<string>(['PermissionSetGroup', 'PermissionSet', 'MutingPermissionSet']);

/**
 * Resolves the candidate paths with source-deploy-retrieve (source and metadata-API formats, decomposed sets, the
 * project's sourceBehaviorOptions through `registryDir`). SDR stops a whole resolution at one file it cannot type
 * (an unknown `-meta.xml`), so when the batch throws each path is resolved alone and the paths that still throw are
 * left to the caller, whose files then stay unclaimed (read by suffix, or reported as stray). `rejected` holds the
 * main files SDR took for a component although their names do not end with the type's suffix (`X.permissionset-meta.xml.bak`).
 */
export function resolveComponents(paths: string[], registryDir: string): { resolved: Resolved[]; rejected: string[] } {
  const registry = new RegistryAccess(undefined, registryDir);
  const components = tryResolve(paths, registry) ?? paths.flatMap((p) => tryResolve([p], registry) ?? []);
  const resolved: Resolved[] = [];
  const rejected: string[] = [];
  for (const c of components) {
    if (!TYPES.has(c.type.name) || !c.xml) continue;
    const announced = typeBySuffix(c.xml);
    if (announced?.type !== c.type.name) {
      rejected.push(c.xml);
      continue;
    }
    const parts = c.content ? c.walkContent().filter((f) => f !== c.xml) : [];
    resolved.push({ type: announced.type, name: c.fullName, xml: c.xml, parts });
  }
  return { resolved, rejected };
}

function tryResolve(paths: string[], registry: RegistryAccess): SourceComponent[] | undefined {
  if (paths.length === 0) return [];
  try {
    return ComponentSet.fromSource({ fsPaths: paths, registry }).getSourceComponents().toArray();
  } catch {
    return undefined;
  }
}
