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
