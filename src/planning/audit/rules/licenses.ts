import { memberSetsOf as memberSets } from '../catalog.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

/** Sets needing different user licenses: no user holds two user licenses, so nobody can be assigned the group. */
export const licenseConflict: RuleCheck = (catalog) =>
  catalog.model.groups.flatMap((g) => {
    const needs = memberSets(catalog, g).filter((s) => s.license?.kind === 'user');
    const licenses = new Set(needs.map((s) => s.license!.name));
    if (licenses.size < 2) return [];
    const detail = needs.map((s) => `${s.name} (${s.license!.name})`).join(', ');
    return [at(g, { tokens: [g.name, String(licenses.size), detail] })];
  });

/** Sets needing permission set licenses: a group does not assign them, its assignee must already hold each. */
export const licenseMix: RuleCheck = (catalog) =>
  catalog.model.groups.flatMap((g) => {
    const needs = memberSets(catalog, g).filter((s) => s.license && s.license.kind !== 'user');
    if (needs.length === 0) return [];
    return [at(g, { tokens: [g.name, needs.map((s) => `${s.name} (${s.license!.name})`).join(', ')] })];
  });
