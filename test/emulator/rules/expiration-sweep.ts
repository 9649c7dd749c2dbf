import { parseDateTime } from '../org/clock.js';
import { type RuleContext } from './context.js';

/**
 * An assignment whose ExpirationDate has passed stops granting access and is removed, as Salesforce does (whether
 * the row is deleted or only hidden is not documented; removing it also frees the (user, set) pair for a new
 * assignment, which is what clients observe). Run before each request, against the emulator's clock;
 * returns the next expiry so that the caller can skip sweeps until then (or until the next write).
 */
export function sweepExpiredAssignments(ctx: RuleContext): number {
  const now = ctx.clock.now().getTime();
  const expired: string[] = [];
  let nextExpiry = Number.POSITIVE_INFINITY;
  for (const row of ctx.store.all('PermissionSetAssignment')) {
    if (typeof row.ExpirationDate !== 'string') continue;
    const when = parseDateTime(row.ExpirationDate)?.getTime();
    if (when === undefined) continue;
    if (when <= now) expired.push(row.Id);
    else nextExpiry = Math.min(nextExpiry, when);
  }
  for (const id of expired) ctx.store.delete(id);
  return nextExpiry;
}
