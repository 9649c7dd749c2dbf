/** What becomes of a parked write when the hold ends. */
export type HoldVerdict = 'serve' | 'drop';

/**
 * A test control, not a Salesforce behaviour: while a hold is on, write requests (anything but GET) wait at the
 * door, before they are counted or applied. Ending the hold serves them, or drops them unapplied - what a network
 * does with a request whose sender died before its bytes left the machine. Kill tests use it to stop a client
 * "before its first write" without racing the client's next request.
 */
export class WriteHold {
  private waiting: Array<(verdict: HoldVerdict) => void> = [];
  private on = false;

  public get active(): boolean {
    return this.on;
  }

  public get parked(): number {
    return this.waiting.length;
  }

  public start(): void {
    this.on = true;
  }

  /** Resolves at once while no hold is on; otherwise when the hold ends. */
  public park(): Promise<HoldVerdict> {
    if (!this.on) return Promise.resolve('serve');
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  public release(verdict: HoldVerdict): void {
    this.on = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve(verdict);
  }
}
