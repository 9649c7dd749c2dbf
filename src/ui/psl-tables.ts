import { type PslRow, type UserLicenseRow } from '../planning/psl/types.js';
import { type PslReportResult } from '../services/psl/report-service.js';

type Cell = string | number;
/** Flagged rows start with this mark, so they stand out in a terminal without colour. */
const FLAG = '!';
/** Lists longer than this show their first names and a count. */
const LIST_SHOWN = 3;

const percent = (value: number | null): string => (value === null ? '-' : `${value}%`);
const list = (names: string[]): string =>
  names.length <= LIST_SHOWN ? names.join(', ') || '-' : `${names.slice(0, LIST_SHOWN).join(', ')} +${names.length - LIST_SHOWN} more`;
const expires = (row: PslRow): string => (row.expirationDate ? `${row.expirationDate.slice(0, 10)} (${row.daysLeft}d)` : '-');

/** The permission set license table, worst first, with a Total row at the bottom. */
export function licenseRows(result: PslReportResult): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = result.licenses.map((r) => ({
    ' ': r.flagged ? FLAG : '',
    State: r.states.join(' '),
    License: r.developerName,
    Label: r.masterLabel,
    Status: r.status,
    Used: r.usedLicenses,
    Total: r.totalLicenses,
    Free: r.available,
    Usage: percent(r.percentUsed),
    Expires: expires(r),
    Inactive: r.inactiveHolders,
    Unused: r.unusedHolders,
    'Permission sets': list(r.permissionSets),
    Groups: list(r.groups),
  }));
  const t = result.totals;
  rows.push({
    ' ': '',
    State: `${t.flagged} flagged`,
    License: `Total (${t.licenses})`,
    Label: '',
    Status: '',
    Used: t.usedLicenses,
    Total: t.totalLicenses,
    Free: t.available,
    Usage: percent(t.totalLicenses > 0 ? Math.round((t.usedLicenses / t.totalLicenses) * 1000) / 10 : null),
    Expires: '',
    Inactive: t.inactiveHolders,
    Unused: t.unusedHolders,
    'Permission sets': '',
    Groups: '',
  });
  return rows;
}

export function userLicenseRows(rows: readonly UserLicenseRow[]): Array<Record<string, Cell>> {
  return rows.map((r) => ({
    ' ': r.flagged ? FLAG : '',
    State: r.states.join(' '),
    'User license': r.name,
    Status: r.status,
    Used: r.usedLicenses,
    Total: r.totalLicenses,
    Free: r.available,
    Usage: percent(r.percentUsed),
  }));
}

export function holderRows(result: PslReportResult): Array<Record<string, Cell>> {
  return (result.holders ?? []).map((h) => ({ License: h.license, User: h.username, 'User Id': h.userId, Reason: h.reason === 'INACTIVE' ? 'inactive user' : 'not needed' }));
}

/** "3 licenses: 1 EXHAUSTED, 1 NEAR, 1 OK; 7 seats wasted (4 inactive, 3 unused); 6 requests." */
export function totalsLine(result: PslReportResult): string {
  const t = result.totals;
  const states = Object.entries(t.byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  return `${t.licenses} permission set licenses${states ? `: ${states}` : ''}; ${t.wasted} seats wasted (${t.inactiveHolders} held by inactive users, ${t.unusedHolders} not needed); ${result.requests} requests.`;
}
