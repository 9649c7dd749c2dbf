import { type Draft } from '../findings.js';
import { type GroupDef } from '../model.js';
import { at } from './composition.js';
import { type RuleCheck } from './types.js';

const MINUTE_MS = 60_000;

/** Whole minutes since the group's LastModifiedDate at the time of the read; undefined when either is unknown. */
function minutesSince(group: GroupDef, now: string | undefined): number | undefined {
  if (!group.lastModified || !now) return undefined;
  const since = Date.parse(now) - Date.parse(group.lastModified);
  return Number.isNaN(since) ? undefined : Math.floor(since / MINUTE_MS);
}

const statusOf = (g: GroupDef): string => g.status?.value ?? '';
/** Outdated and Updating are the states a recalculation passes through; Failed has its own rule. */
const recalculating = (g: GroupDef): boolean => ['Outdated', 'Updating'].includes(statusOf(g));

export const groupFailed: RuleCheck = ({ model }) => model.groups.filter((g) => statusOf(g) === 'Failed').map((g) => at(g, { tokens: [g.name] }));

/** Not Updated for longer than --stuck-after: a recalculation that should have ended long ago. */
export const groupStuck: RuleCheck = ({ model }, settings) =>
  model.groups.flatMap((g): Draft[] => {
    const minutes = minutesSince(g, model.org?.now);
    if (!recalculating(g) || minutes === undefined || minutes <= settings.stuckAfterMinutes) return [];
    return [at(g, { tokens: [g.name, statusOf(g), String(minutes), String(settings.stuckAfterMinutes)] })];
  });

/** Not Updated, changed recently: its users do not have its new access yet. */
export const groupOutdated: RuleCheck = ({ model }, settings) =>
  model.groups.flatMap((g): Draft[] => {
    const minutes = minutesSince(g, model.org?.now);
    if (!recalculating(g) || minutes === undefined || minutes > settings.stuckAfterMinutes) return [];
    return [at(g, { tokens: [g.name, statusOf(g), String(minutes)] })];
  });
