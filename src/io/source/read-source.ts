import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { type ComponentDef, type FileProblem } from '../../planning/audit/model.js';
import { mapLimit } from '../../shared/map-limit.js';
import { parseComponent, type Parsed, type XmlFile } from './parse-component.js';
import { type Resolved, resolveComponents } from './resolve-components.js';
import { metadataFolderOf, typeBySuffix, walkFiles } from './tree-walk.js';

/** A folder to read: a package directory of a project, or a plain tree; `registryDir` holds its sfdx-project.json. */
export type SourceRoot = { dir: string; registryDir: string };

export type SourceRead = { defs: ComponentDef[]; problems: FileProblem[]; files: number };

/** Files read at once: enough to keep the disk busy, few enough to keep descriptors and memory low. */
const READ_AHEAD = 32;

/**
 * Reads the groups, sets and mutes under each root. SDR decides what is a component; what it leaves unclaimed in a
 * metadata folder is either a component file SDR skipped (metadata-API format in a folder of other casing: read by
 * its suffix) or a stray file (never read as a component). Paths in the result are relative to `repoRoot`.
 */
export async function readSource(roots: SourceRoot[], repoRoot: string): Promise<SourceRead> {
  const out: SourceRead = { defs: [], problems: [], files: 0 };
  const seen = new Set<string>();
  for (const root of roots) {
    const files = (await walkFiles(root.dir)).filter((f) => !seen.has(f));
    files.forEach((f) => seen.add(f));
    out.files += files.length;
    const { components, strays } = classify(root, files);
    const parsed = await mapLimit(components, READ_AHEAD, (c) => readOne(c, repoRoot));
    for (const p of parsed) {
      if ('def' in p) out.defs.push(p.def);
      else out.problems.push(p.problem);
    }
    for (const s of strays) out.problems.push({ ...s, file: rel(repoRoot, s.file), folder: rel(repoRoot, s.folder) });
  }
  return out;
}

type Stray = Extract<FileProblem, { kind: 'stray' }>;

function classify(root: SourceRoot, files: string[]): { components: Resolved[]; strays: Stray[] } {
  const folders = new Map(files.map((f) => [f, metadataFolderOf(f, root.dir)]));
  // Candidates: each metadata folder, and each component file outside one (source format may live anywhere).
  const candidates = new Set<string>();
  for (const f of files) {
    const folder = folders.get(f);
    if (folder) candidates.add(folder.folder);
    else if (typeBySuffix(f)) candidates.add(f);
  }
  const { resolved, rejected } = resolveComponents([...candidates], root.registryDir);
  const claimed = new Set(resolved.flatMap((c) => [c.xml, ...c.parts]));
  const rejectedSet = new Set(rejected);
  const components = [...resolved];
  const strays: Stray[] = [];
  for (const f of files.filter((file) => !claimed.has(file))) {
    const unclaimed = unclaimedFile(f, folders.get(f), rejectedSet.has(f));
    if (unclaimed && 'xml' in unclaimed) components.push(unclaimed);
    else if (unclaimed) strays.push(unclaimed);
  }
  return { components, strays };
}

/**
 * A file SDR did not claim: a component file of the folder's own type (metadata-API format in a folder of other
 * casing, which SDR skips) is read by its suffix; anything else in a metadata folder, or a file SDR took for a
 * component under a wrong name, is stray; files elsewhere are not the audit's business.
 */
function unclaimedFile(file: string, folder: ReturnType<typeof metadataFolderOf>, rejected: boolean): Resolved | Stray | undefined {
  const announced = typeBySuffix(file);
  if (announced && !rejected && (folder === undefined || folder.type === announced.type)) {
    return { type: announced.type, name: announced.name, xml: file, parts: [] };
  }
  if (!folder && !rejected) return undefined;
  return { kind: 'stray', file, folder: folder?.folder ?? file, componentType: folder?.type ?? announced?.type ?? 'PermissionSet' };
}

async function readOne(c: Resolved, repoRoot: string): Promise<Parsed> {
  const load = async (path: string): Promise<XmlFile> => ({ text: await readFile(path, 'utf8'), file: rel(repoRoot, path) });
  const [main, ...parts] = await Promise.all([c.xml, ...c.parts].map(load));
  return parseComponent(c.type, c.name, main, parts);
}

/** Repository-relative, with forward slashes (SARIF URIs and CSV cells look the same on every OS). */
export function rel(repoRoot: string, path: string): string {
  return relative(repoRoot, path).split(sep).join('/');
}
