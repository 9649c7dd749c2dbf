import { expect } from 'chai';
import { FIRST_GAP_MS, MAX_GAP_MS, PRECISE_GAP_MS, gapAfter, nextPollDelay } from '../../../src/planning/wait/poll-schedule.js';

const MINUTE = 60_000;

type Run = { polls: number; waitMs: number; overshootMs: number; timedOut: boolean; sleeps: number[]; sentAt: number[] };

/**
 * The waiter's loop in miniature on a fake clock (src/services/group-status-waiter.ts does the same against the
 * org): a poll is sent, the org reads the Status half a round trip later, the answer arrives a round trip later.
 * The recalculation began when the command's write reached the org, half a round trip before the wait began.
 */
function simulate(recalcMs: number, rttMs: number, timeoutMs = 60 * MINUTE): Run {
  const updatedAt = recalcMs - rttMs / 2;
  const sleeps: number[] = [];
  const sent: number[] = [];
  let t = 0;
  let polls = 0;
  for (;;) {
    const sentAt = t;
    sent.push(sentAt);
    const readAt = t + rttMs / 2;
    t += rttMs;
    polls++;
    if (readAt >= updatedAt) return { polls, waitMs: t, overshootMs: t - updatedAt, timedOut: false, sleeps, sentAt: sent };
    const delay = nextPollDelay({ elapsedMs: t, polls, lastPollAtMs: sentAt, timeoutMs });
    if (delay === undefined) return { polls, waitMs: t, overshootMs: NaN, timedOut: true, sleeps, sentAt: sent };
    sleeps.push(delay);
    t += delay;
  }
}

/** Recalculation lengths from 1 s to 10 minutes, 37 ms apart (an odd step, so every phase of the gaps is hit). */
const LENGTHS = Array.from({ length: Math.floor((10 * MINUTE - 1000) / 37) + 1 }, (_, i) => 1000 + 37 * i);
const ROUND_TRIPS = [0, 50, 250, 500];

describe('poll schedule: the waiter for permission set group recalculation', () => {
  for (const rttMs of ROUND_TRIPS) {
    it(`sees a recalculation of 1 s to 10 min at most 2 s after it ended, at ${rttMs} ms a round trip`, () => {
      let worst = { recalcMs: 0, overshootMs: 0 };
      for (const recalcMs of LENGTHS) {
        const run = simulate(recalcMs, rttMs);
        expect(run.timedOut, `${recalcMs} ms`).to.equal(false);
        if (run.overshootMs > worst.overshootMs) worst = { recalcMs, overshootMs: run.overshootMs };
      }
      expect(worst.overshootMs, `worst at a ${worst.recalcMs} ms recalculation`).to.be.at.most(2000);
      // Not only inside the bound: the gaps are what spend it (1.5 s + half a round trip, or the first 2 s gap).
      expect(worst.overshootMs).to.be.above(1000);
    });

    it(`sends at most one poll per second over each wait of 1 s to 10 min, at ${rttMs} ms a round trip`, () => {
      let total = { polls: 0, waitMs: 0 };
      for (const recalcMs of LENGTHS) {
        const run = simulate(recalcMs, rttMs);
        expect(run.polls / (run.waitMs / 1000), `${recalcMs} ms: ${run.polls} polls in ${run.waitMs} ms`).to.be.at.most(1);
        total = { polls: total.polls + run.polls, waitMs: total.waitMs + run.waitMs };
      }
      // On average over the lengths: the 1.5 s gaps, i.e. about 2 polls every 3 s.
      expect(total.polls / (total.waitMs / 1000)).to.be.within(0.6, 0.7);
    });
  }

  it('polls once at once, again after 2 s, then every 1.5 s (measured from the previous poll sent)', () => {
    const run = simulate(10_000, 0);
    expect(run.sleeps.slice(0, 4)).to.deep.equal([FIRST_GAP_MS, PRECISE_GAP_MS, PRECISE_GAP_MS, PRECISE_GAP_MS]);
    // A 300 ms answer is taken out of the gap, not added to it.
    expect(nextPollDelay({ elapsedMs: 2_300, polls: 2, lastPollAtMs: 2_000, timeoutMs: MINUTE })).to.equal(1_200);
  });

  it('polls again at once when an answer took longer than the gap, and only once (no catching up)', () => {
    expect(nextPollDelay({ elapsedMs: 25_000, polls: 4, lastPollAtMs: 5_000, timeoutMs: MINUTE })).to.equal(0);
    expect(nextPollDelay({ elapsedMs: 25_050, polls: 5, lastPollAtMs: 25_000, timeoutMs: MINUTE })).to.equal(1_450);
  });

  it('backs off after 10 minutes, to 15 s by 15 minutes, and never beyond', () => {
    expect(gapAfter(100, 10 * MINUTE - 1)).to.equal(PRECISE_GAP_MS);
    expect(gapAfter(100, 11 * MINUTE)).to.be.within(PRECISE_GAP_MS + 1, 5_000);
    expect(gapAfter(100, 15 * MINUTE)).to.equal(MAX_GAP_MS);
    expect(gapAfter(100, 600 * MINUTE)).to.equal(MAX_GAP_MS);
    let previous = 0;
    for (let at = 10 * MINUTE; at <= 16 * MINUTE; at += 1000) {
      expect(gapAfter(100, at)).to.be.at.least(previous);
      previous = gapAfter(100, at);
    }
    const hour = simulate(60 * MINUTE, 100, 2 * 60 * MINUTE);
    const gaps = hour.sentAt.slice(1).map((at, i) => at - hour.sentAt[i]);
    expect(Math.max(...gaps)).to.equal(MAX_GAP_MS);
    expect(hour.overshootMs).to.be.at.most(MAX_GAP_MS + 100);
    // 400 polls in the first 10 minutes, about 40 while backing off, then 4 a minute: far fewer than at 1.5 s.
    expect(hour.polls).to.be.within(550, 650);
  });

  it('never sleeps past the deadline, and polls once more at it', () => {
    for (const timeoutMs of [1, 999, 1000, 2000, 2500, 3499, 59_999, 11 * MINUTE + 7, 20 * MINUTE]) {
      const run = simulate(Number.POSITIVE_INFINITY, 0, timeoutMs);
      expect(run.timedOut, `${timeoutMs}`).to.equal(true);
      expect(run.waitMs, `${timeoutMs}: the last poll went out at the deadline`).to.equal(timeoutMs);
      // The only poll beyond the 1-a-second budget is that final one (with the first, at once, for under 1 s).
      expect(run.polls, `${timeoutMs}`).to.be.at.most(Math.max(2, timeoutMs / 1000 + 1));
    }
  });

  it('sees a group that finished just before the deadline instead of reporting a time-out', () => {
    for (const timeoutMs of [1000, 2500, 30_000, 11 * MINUTE]) {
      const run = simulate(timeoutMs - 1, 100, timeoutMs);
      expect(run.timedOut, `${timeoutMs}`).to.equal(false);
    }
  });

  it('does not wait at all with a timeout of 0, nor once the deadline has passed', () => {
    expect(nextPollDelay({ elapsedMs: 40, polls: 1, lastPollAtMs: 0, timeoutMs: 0 })).to.equal(undefined);
    expect(nextPollDelay({ elapsedMs: 5_001, polls: 3, lastPollAtMs: 4_000, timeoutMs: 5_000 })).to.equal(undefined);
    expect(nextPollDelay({ elapsedMs: 4_200, polls: 3, lastPollAtMs: 4_000, timeoutMs: 5_000 })).to.equal(800);
  });
});
