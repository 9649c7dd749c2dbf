import { stringify } from 'csv-stringify/sync';
import { type AccessSource } from '../planning/access/index.js';
import { type ExplainedAccess, type ExplainResult } from '../services/explain/explain-service.js';

type Cell = string;

const KIND: Record<AccessSource['kind'], string> = { profile: 'profile', permissionSet: 'permission set', group: 'group' };

/** A reason with its detail: "muted by Mute_X", "expires-soon 2027-01-31", "group-not-updated (Updating)". */
export function reasonText(source: AccessSource): string {
  if (!source.reason) return '';
  const detail = source.mute ?? source.expires?.slice(0, 10) ?? source.status ?? source.license;
  return detail ? `${source.reason} (${detail})` : source.reason;
}

/** One verdict's sources as table rows. */
export function sourceRows(verdict: ExplainedAccess): Array<Record<string, Cell>> {
  return verdict.sources.map((s) => ({
    Source: KIND[s.kind],
    Name: s.name,
    'Member set': s.memberSet ?? '',
    Applies: s.applies ? 'yes' : 'no',
    Reason: reasonText(s),
  }));
}

/** The comparison table: one row per access one user has and the other lacks. */
export function differenceRows(result: ExplainResult): Array<Record<string, Cell>> {
  const left = new Map(result.results.map((v) => [v.access, v]));
  const right = new Map((result.compareUser?.results ?? []).map((v) => [v.access, v]));
  const grantedBy = (v: ExplainedAccess | undefined): string =>
    v?.sources.filter((s) => s.applies).map((s) => (s.memberSet ? `${s.name}/${s.memberSet}` : s.name)).join(', ') ?? '';
  return (result.differences ?? []).map((d) => {
    const [has, lacks, verdict] = d.left.granted ? [d.left.user, d.right.user, left.get(d.access)] : [d.right.user, d.left.user, right.get(d.access)];
    return { Access: d.access, 'Has it': has, Through: grantedBy(verdict), 'Lacks it': lacks };
  });
}

const COLUMNS = ['user', 'access', 'granted', 'sourceKind', 'sourceName', 'memberSet', 'applies', 'reason', 'mute', 'expires', 'status', 'license', 'hints'] as const;

/** CSV: one row per (user, access, source); an access without sources gets one row with empty source cells. */
export function explainCsv(result: ExplainResult): string {
  const rows: Array<Record<string, string | boolean>> = [];
  for (const part of [result, ...(result.compareUser ? [result.compareUser] : [])]) {
    for (const v of part.results) {
      const base = { user: part.user, access: v.access, granted: v.granted, hints: (v.hints ?? []).join(' | ') };
      if (v.sources.length === 0) rows.push(base);
      for (const s of v.sources) {
        rows.push({ ...base, sourceKind: s.kind, sourceName: s.name, memberSet: s.memberSet ?? '', applies: s.applies, reason: s.reason ?? '', mute: s.mute ?? '', expires: s.expires ?? '', status: s.status ?? '', license: s.license ?? '' });
      }
    }
  }
  return stringify(rows, { header: true, columns: [...COLUMNS], cast: { boolean: (b) => (b ? 'true' : 'false') } });
}
