import { OrgRequestError } from './errors.js';

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles each time, with up to 25 % jitter, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(policy: RetryPolicy, retryNumber: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryNumber);
  return Math.round(exponential * (1 - 0.25 * random()));
}

/**
 * Runs `attempt` until it resolves, it rejects with a non-transient error, or the policy's attempts are spent.
 * `onRetry` hears about each retry (for counting and for user-visible notes).
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep,
  onRetry?: (error: OrgRequestError, attemptNumber: number) => void
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const retryable = error instanceof OrgRequestError && error.transient && attemptNumber < policy.attempts;
      if (!retryable) throw error;
      onRetry?.(error, attemptNumber);
      await sleep(backoffDelay(policy, attemptNumber - 1));
    }
  }
}
