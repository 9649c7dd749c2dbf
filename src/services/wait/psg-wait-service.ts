import { type OrgGateway } from '../../gateway/index.js';
import { isBlocker, matchNames, qualifiedName } from '../../planning/assignment/names.js';
import { closestNames } from '../../planning/names/closest.js';
import { type GroupStatus, waitForGroups } from '../group-status-waiter.js';

export type PsgWaitRequest = {
  /** Group API names (`ns__Name` for a namespaced one); none: every group that is not Updated right now. */
  names: readonly string[];
  /** How long to wait; 0 checks once and reports. */
  timeoutMs: number;
};

export type WaitedGroup = {
  name: string;
  id: string;
  /** The last Status seen; Deleted when the group disappeared while it was waited for. */
  status: GroupStatus | 'Deleted';
  /** From the start of the wait until the group was seen Updated or Failed (or the wait ended). */
  waitedSeconds: number;
};

export type GroupWaitResult = { groups: WaitedGroup[]; timedOut: boolean };

export type PsgWaitEvents = {
  /** The groups the wait is about, with their Status before the first poll. */
  onGroups?: (groups: ReadonlyArray<{ name: string; status: GroupStatus }>) => void;
  onStatus?: (name: string, status: GroupStatus) => void;
};

export type PsgWaitOptions = { events?: PsgWaitEvents; sleep?: (ms: number) => Promise<void>; now?: () => number };

/** Requested names that match no group (with the nearest existing names) or several namespaced ones. */
export class UnknownGroupsError extends Error {
  public constructor(public readonly unknown: ReadonlyArray<{ name: string; suggestions: string[]; ambiguous?: string }>) {
    super(`unknown permission set group(s): ${unknown.map((u) => u.name).join(', ')}`);
  }
}

type GroupRow = { Id: string; DeveloperName: string; NamespacePrefix: string | null; Status: GroupStatus };

const SETTLED = new Set<GroupStatus>(['Updated', 'Failed']);

/**
 * `sf psg wait`: finds the groups (one query of every group: an org holds hundreds at most, and the same answer
 * names the nearest groups for a typo), then waits for the ones still recalculating with the one waiter.
 */
export async function waitForGroupRecalculation(gateway: OrgGateway, request: PsgWaitRequest, options: PsgWaitOptions = {}): Promise<GroupWaitResult> {
  const now = options.now ?? Date.now;
  const rows = await gateway.query<GroupRow>('SELECT Id, DeveloperName, NamespacePrefix, Status FROM PermissionSetGroup ORDER BY DeveloperName');
  const targets = request.names.length > 0 ? resolveNamed(request.names, rows) : rows.filter((row) => row.Status !== 'Updated');
  const name = (row: GroupRow): string => qualifiedName(row.NamespacePrefix, row.DeveloperName);
  options.events?.onGroups?.(targets.map((row) => ({ name: name(row), status: row.Status })));

  const started = now();
  const settledAt = new Map<string, number>();
  const pending = targets.filter((row) => !SETTLED.has(row.Status));
  const names = new Map(targets.map((row) => [row.Id, name(row)]));
  const waited =
    pending.length === 0
      ? { statuses: new Map<string, GroupStatus>(), timedOut: false }
      : await waitForGroups(gateway, pending.map((row) => row.Id), {
          timeoutMs: request.timeoutMs,
          justRead: true,
          sleep: options.sleep,
          now,
          onStatus: (id, status) => {
            if (SETTLED.has(status)) settledAt.set(id, now());
            options.events?.onStatus?.(names.get(id) ?? id, status);
          },
        });
  const ended = now();
  const groups = targets.map((row): WaitedGroup => {
    const wasPending = pending.includes(row);
    const status = wasPending ? waited.statuses.get(row.Id) ?? 'Deleted' : row.Status;
    const until = wasPending ? settledAt.get(row.Id) ?? ended : started;
    return { name: name(row), id: row.Id, status, waitedSeconds: Math.round((until - started) / 100) / 10 };
  });
  return { groups, timedOut: waited.timedOut };
}

function resolveNamed(requested: readonly string[], rows: readonly GroupRow[]): GroupRow[] {
  const matched = matchNames(
    requested,
    rows.map((row) => ({ name: row.DeveloperName, namespace: row.NamespacePrefix, value: row })),
    'UNKNOWN_GROUP'
  );
  const unknown: Array<{ name: string; suggestions: string[]; ambiguous?: string }> = [];
  const found = new Map<string, GroupRow>();
  for (const [wanted, value] of matched) {
    if (!isBlocker(value)) found.set(value.Id, value);
    else if (value.reason === 'AMBIGUOUS_NAME') unknown.push({ name: wanted, suggestions: [], ambiguous: value.tokens[1] });
    else unknown.push({ name: wanted, suggestions: closestNames(wanted, rows.map((row) => qualifiedName(row.NamespacePrefix, row.DeveloperName))) });
  }
  if (unknown.length > 0) throw new UnknownGroupsError(unknown);
  return [...found.values()];
}
