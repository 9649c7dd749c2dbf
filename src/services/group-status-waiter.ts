import { type OrgGateway } from '../gateway/index.js';
import { nextPollDelay, type PollSchedule } from '../planning/wait/poll-schedule.js';

export type GroupStatus = 'Updated' | 'Outdated' | 'Updating' | 'Failed';

export type WaitOptions = {
  /** Give up after this long; 0 checks once and does not wait. */
  timeoutMs: number;
  /** Told whenever a group's status differs from what was last seen (the first reading included). */
  onStatus?: (groupId: string, status: GroupStatus) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** When to poll next. Commands leave it to nextPollDelay; only tests and the benchmark pass another. */
  schedule?: PollSchedule;
  /**
   * The caller read these groups' Status a moment ago and found them pending: that read stands for the first poll,
   * so the first query goes out one gap later instead of at once (one request fewer), and a timeout of 0 sends none.
   */
  justRead?: boolean;
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
 * Polls the given permission set groups until each is Updated or Failed: one query per poll, naming only the
 * groups still pending. Salesforce recalculates a group asynchronously after a component change (Outdated ->
 * Updating -> Updated, usually seconds, sometimes much longer) and offers no notification; when to poll is
 * src/planning/wait/poll-schedule.ts's decision (the first poll at once, then every 1.5 s, backing off after
 * 10 minutes, never sleeping past the deadline).
 */
export async function waitForGroups(gateway: OrgGateway, groupIds: readonly string[], options: WaitOptions): Promise<WaitResult> {
  const sleep = options.sleep ?? ((ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? nextPollDelay;
  const started = now();
  const statuses = new Map<string, GroupStatus>();
  let polls = 0;
  // The caller's own read counts as the wait's first poll in the schedule, not in `polls` (requests sent here).
  const earlier = options.justRead ? 1 : 0;
  let open = [...new Set(groupIds)];
  if (options.justRead && open.length > 0) {
    const delay = schedule({ elapsedMs: 0, polls: earlier, lastPollAtMs: 0, timeoutMs: options.timeoutMs });
    if (delay === undefined) return { statuses, polls, timedOut: true };
    await sleep(delay);
  }
  while (open.length > 0) {
    const lastPollAtMs = now() - started;
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
    const delay = schedule({ elapsedMs: now() - started, polls: polls + earlier, lastPollAtMs, timeoutMs: options.timeoutMs });
    if (delay === undefined) return { statuses, polls, timedOut: true };
    await sleep(delay);
  }
  return { statuses, polls, timedOut: false };
}
