import { stringify } from 'csv-stringify/sync';
import { type PslReportResult } from '../services/psl/report-service.js';

/** CSV columns, in order: one row per license, user licenses after the permission set licenses. */
const COLUMNS = [
  'kind',
  'developerName',
  'masterLabel',
  'status',
  'state',
  'states',
  'flagged',
  'totalLicenses',
  'usedLicenses',
  'available',
  'percentUsed',
  'expirationDate',
  'daysLeft',
  'activeHolders',
  'inactiveHolders',
  'unusedHolders',
  'wasted',
  'permissionSets',
  'groups',
] as const;

type CsvRow = Partial<Record<(typeof COLUMNS)[number], string | number | boolean | null>>;

/** The report as CSV with a header row; lists inside a cell are separated by semicolons. */
export function reportCsv(result: PslReportResult): string {
  const rows: CsvRow[] = result.licenses.map((r) => ({
    kind: 'PermissionSetLicense',
    developerName: r.developerName,
    masterLabel: r.masterLabel,
    status: r.status,
    state: r.state,
    states: r.states.join(';'),
    flagged: r.flagged,
    totalLicenses: r.totalLicenses,
    usedLicenses: r.usedLicenses,
    available: r.available,
    percentUsed: r.percentUsed,
    expirationDate: r.expirationDate,
    daysLeft: r.daysLeft,
    activeHolders: r.activeHolders,
    inactiveHolders: r.inactiveHolders,
    unusedHolders: r.unusedHolders,
    wasted: r.wasted,
    permissionSets: r.permissionSets.join(';'),
    groups: r.groups.join(';'),
  }));
  for (const u of result.userLicenses ?? []) {
    rows.push({
      kind: 'UserLicense',
      developerName: u.name,
      masterLabel: u.masterLabel,
      status: u.status,
      state: u.state,
      states: u.states.join(';'),
      flagged: u.flagged,
      totalLicenses: u.totalLicenses,
      usedLicenses: u.usedLicenses,
      available: u.available,
      percentUsed: u.percentUsed,
    });
  }
  return stringify(rows, {
    header: true,
    columns: [...COLUMNS],
    cast: { boolean: (value) => String(value), string: guardFormula },
  });
}

/**
 * Labels come from the org and may start with = + - @: spreadsheets would run them as formulas, so such a cell
 * gets a leading apostrophe (the usual CSV-injection guard). Numbers are cast separately and never touched.
 */
function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The JSON export: the same document --json prints as `result`. */
export function reportJson(result: PslReportResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
