import { type RecordStore } from '../store/types.js';

export type RecalcOptions = {
  /** How long a recalculation takes (Updating → Updated), in ms. */
  recalcMs: number;
  /** Extra time per assignee of the group, in ms (big groups take longer in real orgs). */
  recalcMsPerAssignee?: number;
};

/**
 * A permission set group's Status, which clients cannot write: a change to the group, its components or a member
 * set moves it to Outdated, then Updating, then Updated after the recalculation time — or Failed for a group the
 * seed marks to fail. A change during a recalculation starts it over. Timers are real (unref'd) because clients
 * poll in real time; no API triggers a recalculation (Salesforce Help: Permission Set Groups).
 */
export class GroupRecalculator {
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  private readonly failing = new Set<string>();

  public constructor(private readonly store: RecordStore, private readonly options: RecalcOptions) {}

  /** Groups whose every recalculation ends Failed (seed `__failRecalc`). */
  public markFailing(groupId: string): void {
    this.failing.add(groupId);
  }

  public isRecalculating(groupId: string): boolean {
    return this.timers.has(groupId);
  }

  /** The group (by Id) changed: start (or restart) its recalculation. */
  public changed(groupId: string): void {
    this.cancel(groupId);
    this.setStatus(groupId, 'Outdated');
    const total = this.durationFor(groupId);
    const updating = setTimeout(() => this.setStatus(groupId, 'Updating'), Math.min(total / 4, 250));
    const done = setTimeout(() => {
      this.timers.delete(groupId);
      this.setStatus(groupId, this.failing.has(groupId) ? 'Failed' : 'Updated');
    }, total);
    updating.unref();
    done.unref();
    this.timers.set(groupId, [updating, done]);
  }

  /** The group was deleted: forget it. */
  public forget(groupId: string): void {
    this.cancel(groupId);
    this.failing.delete(groupId);
  }

  public stop(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  private cancel(groupId: string): void {
    for (const timer of this.timers.get(groupId) ?? []) clearTimeout(timer);
    this.timers.delete(groupId);
  }

  private durationFor(groupId: string): number {
    const perAssignee = this.options.recalcMsPerAssignee ?? 0;
    const assignees = perAssignee > 0 ? this.store.findBy('PermissionSetAssignment', 'PermissionSetGroupId', groupId).length : 0;
    return this.options.recalcMs + perAssignee * assignees;
  }

  private setStatus(groupId: string, status: string): void {
    if (this.store.get(groupId)) this.store.update(groupId, { Status: status });
  }
}
