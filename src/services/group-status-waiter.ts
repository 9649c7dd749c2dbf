import { type OrgGateway } from '../gateway/index.js';

export type GroupStatus = 'Updated' | 'Outdated' | 'Updating' | 'Failed';

export type WaitOptions = {
  /** Give up after this long; 0 checks once and does not wait. */
  timeoutMs: number;
  /** First poll interval; doubles up to maxIntervalMs. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  /** Told whenever a group's status differs from what was last seen (the first reading included). */
  onStatus?: (groupId: string, status: GroupStatus) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

export type WaitResult = {
  /** Last seen status of every group asked about (a group that no longer exists is absent). */
  statuses: Map<string, GroupStatus>;
  /** Status queries sent. */
  polls: number;
  timedOut: boolean;
};

const SETTLED = new Set<GroupStatus>(['Updated', 'Failed']);

/**
 * Polls only the given permission set groups until each is Updated or Failed. Salesforce recalculates a group
 * asynchronously after a component change (Outdated -> Updating -> Updated, usually seconds, sometimes much
 * longer) and offers no notification, so polling starts fast and backs off.
 */
export async function waitForGroups(gateway: OrgGateway, groupIds: readonly string[], options: WaitOptions): Promise<WaitResult> {
  const sleep = options.sleep ?? ((ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const statuses = new Map<string, GroupStatus>();
  let interval = options.initialIntervalMs ?? 1_000;
  let polls = 0;
  let open = [...new Set(groupIds)];
  while (open.length > 0) {
    const rows = await gateway.queryIn<{ Id: string; Status: GroupStatus }>(
      'SELECT Id, Status FROM PermissionSetGroup WHERE Id IN {IN}',
      open
    );
    polls++;
    for (const row of rows) {
      if (statuses.get(row.Id) !== row.Status) options.onStatus?.(row.Id, row.Status);
      statuses.set(row.Id, row.Status);
    }
    const found = new Set(rows.map((row) => row.Id));
    open = open.filter((id) => found.has(id) && !SETTLED.has(statuses.get(id)!));
    if (open.length === 0) break;
    const left = deadline - now();
    if (left <= 0) return { statuses, polls, timedOut: true };
    await sleep(Math.min(interval, left));
    interval = Math.min(options.maxIntervalMs ?? 15_000, interval * 2);
  }
  return { statuses, polls, timedOut: false };
}
