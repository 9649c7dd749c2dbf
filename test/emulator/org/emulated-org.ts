import { randomBytes } from 'node:crypto';
import { type RuleContext } from '../rules/context.js';
import { sweepExpiredAssignments } from '../rules/expiration-sweep.js';
import { type RecordStore } from '../store/types.js';
import { Clock } from './clock.js';
import { GroupRecalculator } from './group-recalc.js';

export type OrgIdentity = {
  orgId: string;
  userId: string;
  username: string;
  /** Looks like a Salesforce session id (`00D…!…`); the only credential the emulator accepts. */
  accessToken: string;
};

export type OrgOptions = {
  recalcMs?: number;
  recalcMsPerAssignee?: number;
  /** DailyApiRequests maximum. */
  apiLimit?: number;
};

/** Requests already counted against DailyApiRequests, and the maximum. */
export class ApiUsage {
  public used = 0;
  public constructor(public max: number) {}
  public header(): string {
    return `api-usage=${this.used}/${this.max}`;
  }
}

/** One emulated org: its records, clock, group recalculation and API usage. */
export class EmulatedOrg {
  public readonly groups: GroupRecalculator;
  public readonly usage: ApiUsage;
  public identity!: OrgIdentity;
  private wroteSinceSweep = true;
  private nextExpiry = 0;

  public constructor(public readonly store: RecordStore, options: OrgOptions = {}, public readonly clock: Clock = new Clock()) {
    this.groups = new GroupRecalculator(store, { recalcMs: options.recalcMs ?? 0, recalcMsPerAssignee: options.recalcMsPerAssignee });
    this.usage = new ApiUsage(options.apiLimit ?? 5_000_000);
  }

  public get ctx(): RuleContext {
    const identity = this.identity as OrgIdentity | undefined;
    return { store: this.store, clock: this.clock, groups: this.groups, runningUserId: identity?.userId };
  }

  public setIdentity(orgId: string, userId: string, username: string): void {
    this.identity = { orgId, userId, username, accessToken: `${orgId.slice(0, 15)}!${randomBytes(24).toString('base64url')}` };
  }

  /** Brings derived state up to the clock before a request is served (expired assignments disappear). */
  public tick(): void {
    if (!this.wroteSinceSweep && this.clock.now().getTime() < this.nextExpiry) return;
    this.nextExpiry = sweepExpiredAssignments(this.ctx);
    this.wroteSinceSweep = false;
  }

  /** A write may have added an expiration: the next tick sweeps again. */
  public noteWrite(): void {
    this.wroteSinceSweep = true;
  }

  public stop(): void {
    this.groups.stop();
  }
}
