import { type Severity, SEVERITIES } from './findings.js';
import { RULES } from './rules/catalogue.js';

export type RuleLevel = Severity | 'off';

/** What a team may tune: rule levels and the naming patterns (flags over sfdx-project.json over these defaults). */
export type AuditSettings = {
  rules: Record<string, RuleLevel>;
  groupNaming: string;
  muteNaming: string;
  /** Org rules: minutes a group may stay not Updated (group-stuck), PSL usage percent (psl-near-exhaustion), days (expiring-soon). */
  stuckAfterMinutes: number;
  pslThreshold: number;
  expiringWithinDays: number;
};

export const DEFAULT_THRESHOLDS = { stuckAfterMinutes: 60, pslThreshold: 90, expiringWithinDays: 14 } as const;
type Threshold = keyof typeof DEFAULT_THRESHOLDS;
const THRESHOLD_RANGE: Record<Threshold, [number, number]> = { stuckAfterMinutes: [1, 525_600], pslThreshold: [1, 100], expiringWithinDays: [1, 3650] };

export const DEFAULT_GROUP_NAMING = '^PSG_[A-Za-z0-9]+_[A-Za-z0-9]+$';
export const DEFAULT_MUTE_NAMING = '^MutePS_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$';

/** A setting that cannot be used, as a message key of messages/psg.audit.md and its tokens (the input named). */
export class SettingsError extends Error {
  public constructor(public readonly key: string, public readonly tokens: string[]) {
    super(`${key}: ${tokens.join(' | ')}`);
    this.name = 'SettingsError';
  }
}

/** The settings as a project file or flags give them; every field optional. */
export type PartialSettings = { rules?: Record<string, string>; groupNaming?: string; muteNaming?: string } & Partial<Record<Threshold, number>>;

/** `id=level` from --rule, checked: a known rule id, and off|error|warning|info. */
export function parseRuleEntry(entry: string, origin: string): [string, RuleLevel] {
  const at = entry.indexOf('=');
  if (at < 1) throw new SettingsError('error.RuleSyntax', [entry, origin]);
  const id = entry.slice(0, at).trim();
  const level = entry.slice(at + 1).trim().toLowerCase();
  return [checkedId(id, origin), checkedLevel(level, entry, origin)];
}

/** Layers settings: later layers win, rule by rule; every value is validated and patterns compiled once here. */
export function resolveSettings(layers: Array<{ origin: string; settings: PartialSettings }>): AuditSettings {
  const resolved: AuditSettings = { rules: {}, groupNaming: DEFAULT_GROUP_NAMING, muteNaming: DEFAULT_MUTE_NAMING, ...DEFAULT_THRESHOLDS };
  for (const { origin, settings } of layers) {
    for (const [id, level] of Object.entries(settings.rules ?? {})) {
      const entry = `${id}=${String(level)}`;
      resolved.rules[checkedId(id, origin)] = checkedLevel(String(level).toLowerCase(), entry, origin);
    }
    if (settings.groupNaming !== undefined) resolved.groupNaming = checkedPattern(settings.groupNaming, origin);
    if (settings.muteNaming !== undefined) resolved.muteNaming = checkedPattern(settings.muteNaming, origin);
    for (const name of Object.keys(DEFAULT_THRESHOLDS) as Threshold[]) {
      const value = settings[name];
      if (value !== undefined) resolved[name] = checkedThreshold(name, value, origin);
    }
  }
  return resolved;
}

function checkedId(id: string, origin: string): string {
  if (!RULES.some((r) => r.id === id)) throw new SettingsError('error.RuleUnknown', [id, origin, RULES.map((r) => r.id).join(', ')]);
  return id;
}

function checkedLevel(level: string, entry: string, origin: string): RuleLevel {
  if (level === 'off' || (SEVERITIES as readonly string[]).includes(level)) return level as RuleLevel;
  throw new SettingsError('error.RuleLevel', [entry, origin]);
}

function checkedThreshold(name: Threshold, value: unknown, origin: string): number {
  const [min, max] = THRESHOLD_RANGE[name];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new SettingsError('error.Threshold', [name, String(value), origin, String(min), String(max)]);
}

function checkedPattern(pattern: string, origin: string): string {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new SettingsError('error.Pattern', [pattern, origin, (error as Error).message]);
  }
  return pattern;
}
