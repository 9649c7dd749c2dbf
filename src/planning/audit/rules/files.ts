import { type ComponentDef } from '../model.js';
import { type Draft } from '../findings.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

export const unparsableFile: RuleCheck = ({ model }) =>
  model.problems.flatMap((p) =>
    p.kind === 'unparsable'
      ? [{ component: p.name ?? p.file, componentType: p.componentType, file: p.file, line: p.line, tokens: [p.file, p.detail], key: p.file }]
      : []
  );

export const strayFile: RuleCheck = ({ model }) =>
  model.problems.flatMap((p) =>
    p.kind === 'stray' ? [{ component: p.file.slice(p.file.lastIndexOf('/') + 1), componentType: p.componentType, file: p.file, tokens: [p.file, p.folder], key: p.file }] : []
  );

/**
 * The same name defined twice with different contents: which one deploys depends on the order the tooling reads
 * them. Identical copies are left alone. Each definition after the first is reported, naming the others' files.
 */
export const duplicateComponent: RuleCheck = ({ groupsByName, setsByName, mutesByName }) =>
  [groupsByName, setsByName, mutesByName].flatMap((byName) => [...byName.values()].flatMap((defs: ComponentDef[]) => duplicatesOf(defs)));

function duplicatesOf(defs: ComponentDef[]): Draft[] {
  if (defs.length < 2 || new Set(defs.map((d) => d.fingerprint)).size < 2) return [];
  return defs.slice(1).map((d) => {
    const others = defs.filter((o) => o !== d).map((o) => o.file ?? '?');
    return at(d, { tokens: [d.name, String(defs.length), others.join(', ')], key: `${d.kind}/${d.name}/${d.file ?? ''}` });
  });
}
