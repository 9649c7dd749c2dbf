import { type Blocker, type ExpirationWish } from './types.js';

export type ExpirationDecision = {
  /** The assignment's expiration must be written (created with it, or updated to it). */
  change: boolean;
  /** The value to write: an ISO instant, or null for none. */
  value: string | null;
  blocker?: Blocker;
};

/** ExpirationDate is a datetime with seconds precision: two values are the same when they name the same second. */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.floor(instant(a) / 1000) === Math.floor(instant(b) / 1000);
}

/** Salesforce writes datetimes as 2027-01-01T00:00:00.000+0000; the colon-less offset is made standard first. */
export function instant(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** What a wish means against the assignment's current expiration (null when it has none or does not exist). */
export function expirationDecision(wish: ExpirationWish, current: string | null, now: number): ExpirationDecision {
  switch (wish.kind) {
    case 'keep':
      return { change: false, value: current };
    case 'clear':
      return { change: current !== null, value: null };
    case 'set':
      if (instant(wish.at) <= now) {
        return { change: false, value: current, blocker: { reason: 'EXPIRATION_IN_PAST', tokens: [wish.at] } };
      }
      return { change: !sameInstant(current, wish.at), value: wish.at };
  }
}
