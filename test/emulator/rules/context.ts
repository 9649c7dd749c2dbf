import { type Clock } from '../org/clock.js';
import { type GroupRecalculator } from '../org/group-recalc.js';
import { type RecordStore, type StoredRecord } from '../store/types.js';

/** What a rule may look at and change: the store, the clock, the group recalculator and who is writing. */
export type RuleContext = {
  store: RecordStore;
  clock: Clock;
  groups: GroupRecalculator;
  /**
   * True while the seed loader builds the org: rows Salesforce creates itself (a user's profile assignment) may then
   * be written, and group Status is not checked (a seed describes a state, not a sequence of client calls).
   */
  seeding?: boolean;
  /** The user the session belongs to (the org's own user); undefined while seeding, before it is known. */
  runningUserId?: string;
};

export type Fields = Record<string, string | number | boolean | null>;

/** The record with this Id, of the given type, or undefined. */
export function recordOf(ctx: RuleContext, id: unknown, type: string): StoredRecord | undefined {
  if (typeof id !== 'string') return undefined;
  const record = ctx.store.get(id);
  return record && ctx.store.typeOfId(record.Id) === type ? record : undefined;
}

/** The 15-character form of an Id, as Salesforce prints Ids inside error messages. */
export function id15(id: string): string {
  return id.slice(0, 15);
}
