import { distinctNames } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type GroupDef } from '../model.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

/** Two groups are near clones when they share at least this many sets and differ by exactly one. */
export const NEAR_CLONE_SHARED = 4;

/**
 * Differing by exactly one set means one group holds the other's sets plus one. Instead of comparing every pair
 * (500 groups: 125,000 pairs), each group's sets minus one of them are looked up among the groups one smaller.
 */
export const nearClone: RuleCheck = ({ groupsByName }) => {
  const groups = [...groupsByName.values()].map((defs) => ({ def: defs[0], sets: distinctNames(defs[0].members).sort() }));
  const byKey = new Map<string, GroupDef[]>();
  for (const g of groups) {
    if (g.sets.length < NEAR_CLONE_SHARED) continue;
    const key = g.sets.join('\u0000');
    byKey.set(key, [...(byKey.get(key) ?? []), g.def]);
  }
  const drafts: Draft[] = [];
  for (const larger of groups) {
    if (larger.sets.length <= NEAR_CLONE_SHARED) continue;
    larger.sets.forEach((extra, k) => {
      const rest = [...larger.sets.slice(0, k), ...larger.sets.slice(k + 1)];
      for (const smaller of byKey.get(rest.join('\u0000')) ?? []) {
        drafts.push(
          at(larger.def, { tokens: [larger.def.name, smaller.name, extra, String(rest.length)], key: `${larger.def.name}/${smaller.name}` })
        );
      }
    });
  }
  return drafts;
};
