import { brokenKey, type Catalog, definitionOf, distinctNames, localName } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type ComponentType, type GroupDef, type NameRef } from '../model.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

/** `ns__Name`: a component of the managed package (or platform, `force`) with namespace `ns`. */
const NAMESPACED = /^([A-Za-z][A-Za-z0-9]*)__([A-Za-z0-9_]+)$/u;
/** The platform's own sets (e.g. force__... from Salesforce) carry this namespace. */
const PLATFORM_NAMESPACE = 'force';

export type Resolution =
  | { kind: 'found' }
  | { kind: 'broken'; file: string }
  | { kind: 'external'; variant: 'namespace' | 'platform' | 'dependency'; detail: string }
  | { kind: 'missing' };

/** Where a group's reference leads: to a definition in the tree, a broken file, something external, or nothing. */
export function resolveRef(catalog: Catalog, type: 'PermissionSet' | 'MutingPermissionSet', name: string): Resolution {
  const defined: Map<string, unknown[]> = type === 'PermissionSet' ? catalog.setsByName : catalog.mutesByName;
  const local = localName(catalog, name);
  if (definitionOf(catalog, defined, name)) return { kind: 'found' };
  const brokenFile = catalog.broken.get(brokenKey(type, name)) ?? (local !== undefined ? catalog.broken.get(brokenKey(type, local)) : undefined);
  if (brokenFile) return { kind: 'broken', file: brokenFile };
  const namespaced = NAMESPACED.exec(name);
  if (namespaced) {
    const ns = namespaced[1];
    return { kind: 'external', variant: ns.toLowerCase() === PLATFORM_NAMESPACE ? 'platform' : 'namespace', detail: ns };
  }
  const deps = catalog.model.project.dependencies;
  if (deps.length > 0) return { kind: 'external', variant: 'dependency', detail: deps.join(', ') };
  return { kind: 'missing' };
}

type RefKind = { list: (g: GroupDef) => NameRef[]; type: 'PermissionSet' | 'MutingPermissionSet' };
const MEMBERS: RefKind = { list: (g) => g.members, type: 'PermissionSet' };
const MUTES: RefKind = { list: (g) => g.mutes, type: 'MutingPermissionSet' };

/** Each distinct reference of each group, resolved; the first listing gives the line. */
function eachRef(catalog: Catalog, kind: RefKind, visit: (g: GroupDef, ref: NameRef, r: Resolution) => Draft | undefined): Draft[] {
  const drafts: Draft[] = [];
  for (const g of catalog.model.groups) {
    const seen = new Set<string>();
    for (const ref of kind.list(g)) {
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      const draft = visit(g, ref, resolveRef(catalog, kind.type, ref.name));
      if (draft) drafts.push(draft);
    }
  }
  return drafts;
}

function missing(kind: RefKind): RuleCheck {
  return (catalog) =>
    eachRef(catalog, kind, (g, ref, r) => {
      if (r.kind === 'missing') return at(g, { line: ref.line, tokens: [g.name, ref.name], key: `${g.name}/${ref.name}` });
      if (r.kind === 'broken') return at(g, { line: ref.line, tokens: [g.name, ref.name, r.file], variant: 'broken', key: `${g.name}/${ref.name}` });
      return undefined;
    });
}

export const missingMember = missing(MEMBERS);
export const missingMute = missing(MUTES);

export const externalReference: RuleCheck = (catalog) =>
  [MEMBERS, MUTES].flatMap((kind) =>
    eachRef(catalog, kind, (g, ref, r) =>
      r.kind === 'external' ? at(g, { line: ref.line, tokens: [g.name, ref.name, r.detail], variant: r.variant, key: `${g.name}/${ref.name}` }) : undefined
    )
  );

/** Names of every set (or mute) some group lists, after the project's namespace is taken off. */
function usedNames(catalog: Catalog, kind: RefKind): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const g of catalog.model.groups) {
    for (const name of distinctNames(kind.list(g))) {
      const key = localName(catalog, name) ?? name;
      const list = users.get(key) ?? [];
      if (!list.includes(g.name)) list.push(g.name);
      users.set(key, list);
    }
  }
  return users;
}

/** One finding per defined name (duplicate definitions are duplicate-component's business). */
function firstDefinitions<T extends { name: string }>(byName: Map<string, T[]>): T[] {
  return [...byName.values()].map((defs) => defs[0]);
}

export const orphanMute: RuleCheck = (catalog) => {
  const used = usedNames(catalog, MUTES);
  return firstDefinitions(catalog.mutesByName).filter((m) => !used.has(m.name)).map((m) => at(m));
};

export const setInNoGroup: RuleCheck = (catalog) => {
  const used = usedNames(catalog, MEMBERS);
  return firstDefinitions(catalog.setsByName).filter((s) => !used.has(s.name)).map((s) => at(s));
};

export const sharedSet: RuleCheck = (catalog) => {
  const used = usedNames(catalog, MEMBERS);
  return firstDefinitions(catalog.setsByName).flatMap((s) => {
    const groups = used.get(s.name) ?? [];
    return groups.length >= 2 ? [at(s, { tokens: [s.name, String(groups.length), groups.join(', ')] })] : [];
  });
};

export const noGroups: RuleCheck = ({ model }) => {
  const brokenGroup = model.problems.some((p) => p.kind === 'unparsable' && p.componentType === 'PermissionSetGroup');
  if (model.groups.length > 0 || brokenGroup) return [];
  const componentType: ComponentType = 'PermissionSetGroup';
  return [{ component: '', componentType, tokens: [] }];
};
