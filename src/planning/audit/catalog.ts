import { type AuditModel, type ComponentType, type GroupDef, type MuteDef, type SetDef } from './model.js';

/** Lookups the rules share, built once per run: definitions by name, broken files by component name. */
export type Catalog = {
  model: AuditModel;
  setsByName: Map<string, SetDef[]>;
  mutesByName: Map<string, MuteDef[]>;
  groupsByName: Map<string, GroupDef[]>;
  /** Components whose file exists but does not parse, by type and name (a broken mute is never a good mute). */
  broken: Map<string, string>;
};

export function buildCatalog(model: AuditModel): Catalog {
  const broken = new Map<string, string>();
  for (const p of model.problems) if (p.kind === 'unparsable' && p.name) broken.set(brokenKey(p.componentType, p.name), p.file);
  return {
    model,
    setsByName: byName(model.sets),
    mutesByName: byName(model.mutes),
    groupsByName: byName(model.groups),
    broken,
  };
}

export function brokenKey(type: ComponentType, name: string): string {
  return `${type}:${name}`;
}

function byName<T extends { name: string }>(defs: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const d of defs) {
    const list = map.get(d.name);
    if (list) list.push(d);
    else map.set(d.name, [d]);
  }
  return map;
}

/** Each name once, in first-seen order (a group listing a set twice still holds it once). */
export function distinctNames(refs: Array<{ name: string }>): string[] {
  return [...new Set(refs.map((r) => r.name))];
}

/**
 * The member sets of a group that the model defines (first definition of each name), in listing order: what the
 * access model unions. Names the model does not define (missing, external) are left out.
 */
export function memberSetsOf(catalog: Catalog, group: GroupDef): SetDef[] {
  return distinctNames(group.members).flatMap((name) => definitionOf(catalog, catalog.setsByName, name) ?? []);
}

/** The group's muting sets that the model defines (a valid group has at most one): what the access model subtracts. */
export function mutesOf(catalog: Catalog, group: GroupDef): MuteDef[] {
  return distinctNames(group.mutes).flatMap((name) => definitionOf(catalog, catalog.mutesByName, name) ?? []);
}

/** The first definition a reference names: as written, or, for `ns__X` in a project of namespace `ns`, the local X. */
export function definitionOf<T>(catalog: Catalog, byName: Map<string, T[]>, name: string): T | undefined {
  const local = localName(catalog, name);
  return byName.get(name)?.[0] ?? (local === undefined ? undefined : byName.get(local)?.[0]);
}

/** `ns__X` in a project whose own namespace is `ns` names the local X. */
export function localName(catalog: Catalog, name: string): string | undefined {
  const ns = catalog.model.project.namespace;
  return ns && name.toLowerCase().startsWith(`${ns.toLowerCase()}__`) ? name.slice(ns.length + 2) : undefined;
}
