import { type AccessSource } from '../planning/access/index.js';
import { type ExplainedAccess, type ExplainResult } from '../services/explain/explain-service.js';

/** The command's message lookup: a key of messages/permset.explain.md and its tokens. */
export type MessageFn = (key: string, tokens: string[]) => string;

const sourceName = (s: AccessSource): string => (s.memberSet ? `${s.name} (${s.memberSet})` : s.name);

/** Each reason's hint: its message key and tokens. */
const HINTS: Partial<Record<NonNullable<AccessSource['reason']>, (s: AccessSource, access: string) => string[]>> = {
  muted: (s, access) => [access, s.mute ?? '?', s.name, s.memberSet ?? '?'],
  'group-not-updated': (s) => [s.name, s.status ?? '?'],
  'session-based': (s) => [sourceName(s)],
  expired: (s) => [sourceName(s), s.expires ?? '?'],
  'expires-soon': (s) => [sourceName(s), s.expires ?? '?'],
  'license-missing': (s) => [s.memberSet ?? s.name, s.license ?? '?'],
  'inactive-user': () => [],
  'field-needs-object-read': (_s, access) => [access.split('.')[0]],
};

function hintOf(source: AccessSource, access: string, message: MessageFn): string | undefined {
  const tokens = source.reason ? HINTS[source.reason] : undefined;
  return tokens && source.reason ? message(`hint.${source.reason}`, tokens(source, access)) : undefined;
}

/** What would change a verdict, in words: one line per distinct reason, then the smallest set that would grant it. */
export function hintsFor(verdict: ExplainedAccess, message: MessageFn): string[] {
  const relevant = verdict.sources.filter((s) => (verdict.granted ? s.reason === 'expires-soon' : s.reason !== 'not-assigned'));
  const hints = relevant.map((s) => hintOf(s, verdict.access, message)).filter((h): h is string => h !== undefined);
  const fix = verdict.sources.find((s) => s.reason === 'not-assigned');
  if (!verdict.granted && fix) hints.push(message(fix.kind === 'group' ? 'hint.grant-with-group' : 'hint.grant-with', [fix.name, verdict.access]));
  return [...new Set(hints)];
}

/** The result with `hints` on every verdict that has some (both users of a comparison). */
export function withHints(result: ExplainResult, message: MessageFn): ExplainResult {
  const add = (results: ExplainedAccess[]): ExplainedAccess[] =>
    results.map((v) => {
      const hints = hintsFor(v, message);
      return hints.length > 0 ? { ...v, hints } : v;
    });
  return { ...result, results: add(result.results), ...(result.compareUser ? { compareUser: { ...result.compareUser, results: add(result.compareUser.results) } } : {}) };
}
