/**
 * When to ask again for the Status of the permission set groups a command is waiting for.
 *
 * Salesforce recalculates a group asynchronously and offers no notification, so the only way to know is to poll.
 * The goals, for recalculations of 1 s to 10 minutes: the command sees the last group Updated at most 2 s after it
 * became so, and sends at most one status query per second over the wait. Past 10 minutes nobody needs 2 s
 * precision, so the gaps grow to 15 s; the deadline is honoured exactly in every case.
 *
 * How the 2 s hold with a query's own round trip: gaps are measured from the moment the previous poll was SENT,
 * not from its answer, so a slow answer eats into the gap instead of adding to it. A group that turns Updated just
 * after the org read its Status for poll k is seen by poll k+1, whose answer arrives one gap plus (at most) one round
 * trip after poll k was read: 1.5 s + a round trip of up to 0.5 s fits in 2 s. A round trip longer than the gap
 * sends the next poll at once (one poll in flight at a time, so never a burst).
 *
 * Why the second poll waits 2 s and not 1.5 s: the first poll goes out at once (a group may already be Updated,
 * and a timeout of 0 must still check), so two polls 1.5 s apart would be 2 polls in 1.5 s. At 2 s the rate is at
 * most 1 per second from the second poll on, and 1.5 s gaps keep it under (3 in 3.5 s, 4 in 5 s, then towards 2
 * every 3 s).
 * A recalculation the command itself started (the usual case) ends at 1 s at the earliest, so the 2 s gap costs at
 * most 1 s plus a round trip.
 */

/** Where a wait stands when the next poll is planned. Times in ms since the wait began. */
export type PollClock = {
  /** Now. */
  elapsedMs: number;
  /** Status queries sent so far (at least 1: the first goes out at once). */
  polls: number;
  /** When the last of those queries was sent. */
  lastPollAtMs: number;
  /** The wait's length: no sleep ends after it. */
  timeoutMs: number;
};

/** Milliseconds to sleep before the next poll, or undefined when the deadline has passed (the wait timed out). */
export type PollSchedule = (clock: PollClock) => number | undefined;

/** The gap between the first poll (sent at once) and the second. */
export const FIRST_GAP_MS = 2_000;
/** The gap between later polls while the wait is under PRECISE_FOR_MS. */
export const PRECISE_GAP_MS = 1_500;
/** How long the precise gap lasts. */
export const PRECISE_FOR_MS = 10 * 60_000;
/** The longest gap, reached BACKOFF_OVER_MS after PRECISE_FOR_MS. */
export const MAX_GAP_MS = 15_000;
/** Past PRECISE_FOR_MS the gap grows linearly from PRECISE_GAP_MS to MAX_GAP_MS over this long (to 15 s at 15 min). */
export const BACKOFF_OVER_MS = 5 * 60_000;

/** The gap after a poll sent at `sentAtMs`, the `polls`-th of the wait. */
export function gapAfter(polls: number, sentAtMs: number): number {
  if (polls <= 1) return FIRST_GAP_MS;
  if (sentAtMs < PRECISE_FOR_MS) return PRECISE_GAP_MS;
  const growth = (MAX_GAP_MS - PRECISE_GAP_MS) * Math.min(1, (sentAtMs - PRECISE_FOR_MS) / BACKOFF_OVER_MS);
  return Math.round(PRECISE_GAP_MS + growth);
}

/**
 * The waiter's schedule: the next poll is due one gap after the last was sent, and never later than the deadline
 * (so the last sleep ends exactly at it and a final poll can still see a group that finished just before).
 */
export const nextPollDelay: PollSchedule = ({ elapsedMs, polls, lastPollAtMs, timeoutMs }) => {
  const left = timeoutMs - elapsedMs;
  if (left <= 0) return undefined;
  const due = lastPollAtMs + gapAfter(polls, lastPollAtMs);
  return Math.min(Math.max(0, due - elapsedMs), left);
};
