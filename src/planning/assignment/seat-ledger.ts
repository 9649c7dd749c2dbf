import { type PslInfo } from './types.js';

/**
 * Permission set license seats through a whole run: free = TotalLicenses - UsedLicenses at the start, spent in
 * input order. Seats a blocked row would have needed are tallied so the run can say how many are missing.
 */
export class SeatLedger {
  private readonly free = new Map<string, number>();
  private readonly missing = new Map<string, number>();
  private readonly info = new Map<string, PslInfo>();

  public constructor(licenses: Iterable<PslInfo> = []) {
    for (const psl of licenses) this.add(psl);
  }

  /** Registers a license the first time it is seen (later sightings keep the running count). */
  public add(psl: PslInfo): void {
    if (this.info.has(psl.id)) return;
    this.info.set(psl.id, psl);
    this.free.set(psl.id, Math.max(0, psl.total - psl.used));
  }

  public knows(pslId: string): boolean {
    return this.info.has(pslId);
  }

  public license(pslId: string): PslInfo | undefined {
    return this.info.get(pslId);
  }

  public freeSeats(pslId: string): number {
    return this.free.get(pslId) ?? 0;
  }

  /** Takes one seat of each license, all or nothing; returns the licenses that had none left. */
  public take(pslIds: readonly string[]): string[] {
    const short = pslIds.filter((id) => this.freeSeats(id) < 1);
    if (short.length > 0) {
      for (const id of short) this.missing.set(id, (this.missing.get(id) ?? 0) + 1);
      return short;
    }
    for (const id of pslIds) this.free.set(id, this.freeSeats(id) - 1);
    return [];
  }

  /** An independent copy, for planning a batch tentatively. */
  public clone(): SeatLedger {
    const copy = new SeatLedger();
    for (const [id, psl] of this.info) copy.info.set(id, psl);
    for (const [id, n] of this.free) copy.free.set(id, n);
    for (const [id, n] of this.missing) copy.missing.set(id, n);
    return copy;
  }

  /** Seats the run lacked per license (only licenses that ran out). */
  public shortfalls(): Array<{ psl: PslInfo; missing: number }> {
    return [...this.missing.entries()].map(([id, missing]) => ({ psl: this.info.get(id)!, missing }));
  }
}
