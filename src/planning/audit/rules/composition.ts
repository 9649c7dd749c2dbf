import { distinctNames } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type ComponentDef, type GroupDef, type NameRef } from '../model.js';
import { type RuleCheck } from './types.js';

/** Salesforce's limit on permission sets in one group (muting sets not counted). */
export const MEMBER_LIMIT = 100;
export const STATUS_VALUES = ['Updated', 'Outdated', 'Updating', 'Failed'];
/** A description longer than this does not deploy; from DESCRIPTION_WARN + 1 on, it is close to that. */
export const DESCRIPTION_MAX = 255;
export const DESCRIPTION_WARN = 200;

export function at(def: ComponentDef, extra: Partial<Draft> = {}): Draft {
  return { component: def.name, componentType: def.kind, file: def.file, line: def.line, tokens: [def.name], ...extra };
}

export const groupEmpty: RuleCheck = ({ model }) => model.groups.filter((g) => g.members.length === 0).map((g) => at(g));

export const groupDuplicateMember: RuleCheck = ({ model }) => model.groups.flatMap((g) => [...duplicates(g, g.members), ...duplicates(g, g.mutes)]);

/** The second and later listings of a name, each at its own line. */
function duplicates(group: GroupDef, refs: NameRef[]): Draft[] {
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  for (const ref of refs) {
    if (seen.has(ref.name)) drafts.push(at(group, { file: ref.file ?? group.file, line: ref.line, tokens: [group.name, ref.name], key: `${group.name}/${ref.name}` }));
    seen.add(ref.name);
  }
  return drafts;
}

export const missingLabel: RuleCheck = ({ model }) =>
  [...model.groups, ...model.mutes].filter((d) => !d.label?.value.trim()).map((d) => at(d));

export const invalidStatus: RuleCheck = ({ model }) =>
  model.groups
    .filter((g) => g.status !== undefined && !STATUS_VALUES.includes(g.status.value.trim()))
    .map((g) => at(g, { line: g.status?.line ?? g.line, tokens: [g.name, g.status?.value ?? '', STATUS_VALUES.join(', ')] }));

function descriptionCheck(test: (length: number) => boolean): RuleCheck {
  return ({ model }) =>
    [...model.groups, ...model.sets, ...model.mutes].flatMap((d) => {
      const length = d.description ? [...d.description.value].length : 0;
      return d.description && test(length) ? [at(d, { line: d.description.line ?? d.line, tokens: [d.name, String(length), String(DESCRIPTION_MAX)] })] : [];
    });
}

export const descriptionTooLong = descriptionCheck((n) => n > DESCRIPTION_MAX);
export const descriptionLong = descriptionCheck((n) => n > DESCRIPTION_WARN && n <= DESCRIPTION_MAX);

export const groupNaming: RuleCheck = ({ model }, settings) => {
  const pattern = new RegExp(settings.groupNaming, 'u');
  return model.groups.filter((g) => !pattern.test(g.name)).map((g) => at(g, { tokens: [g.name, settings.groupNaming] }));
};

export const muteNaming: RuleCheck = ({ model }, settings) => {
  const pattern = new RegExp(settings.muteNaming, 'u');
  return model.mutes.filter((m) => !pattern.test(m.name)).map((m) => at(m, { tokens: [m.name, settings.muteNaming] }));
};

/** A group holds at most one muting set: a second one does not deploy. */
export const muteLimit: RuleCheck = ({ model }) =>
  model.groups.flatMap((g) => {
    const mutes = distinctNames(g.mutes);
    return mutes.length > 1 ? [at(g, { line: g.mutes[1]?.line ?? g.line, tokens: [g.name, String(mutes.length), mutes.join(', ')] })] : [];
  });

export const memberLimit: RuleCheck = ({ model }) =>
  model.groups.flatMap((g) => {
    const count = distinctNames(g.members).length;
    return count > MEMBER_LIMIT ? [at(g, { line: g.members[MEMBER_LIMIT]?.line ?? g.line, tokens: [g.name, String(count), String(MEMBER_LIMIT)] })] : [];
  });
