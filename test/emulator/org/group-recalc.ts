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
  /** Members detached from a group whose recalculation has not yet released them. */
  private readonly releasing = new Map<string, Set<string>>();

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
      const failed = this.failing.has(groupId);
      if (!failed) this.releasing.delete(groupId);
      this.setStatus(groupId, failed ? 'Failed' : 'Updated');
    }, total);
    updating.unref();
    done.unref();
    this.timers.set(groupId, [updating, done]);
  }

  /** A member left the group: the group recalculates, and holds on to the member until that recalculation succeeds. */
  public detached(groupId: string, memberId: string): void {
    let members = this.releasing.get(groupId);
    if (!members) this.releasing.set(groupId, (members = new Set()));
    members.add(memberId);
    this.changed(groupId);
  }

  /** The groups still holding on to a detached member (their recalculation has not succeeded yet). */
  public groupsReleasing(memberId: string): string[] {
    return [...this.releasing].filter(([, members]) => members.has(memberId)).map(([groupId]) => groupId);
  }

  /** The group was deleted: forget it. */
  public forget(groupId: string): void {
    this.cancel(groupId);
    this.failing.delete(groupId);
    this.releasing.delete(groupId);
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
