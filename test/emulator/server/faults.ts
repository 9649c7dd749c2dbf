/** The kinds of request-level faults a real org (or the network to it) produces. */
export type RequestFault = 'unavailable' | 'unknown-exception' | 'drop-before' | 'drop-after';

const KINDS: RequestFault[] = ['unavailable', 'unknown-exception', 'drop-before', 'drop-after'];

/**
 * Deterministic fault injection: with `rate` R and `seed` S, the same sequence of requests meets the same faults.
 * Request faults are decided before a request is applied; 'drop-after' applies the request fully and then loses the
 * answer (what a client sees when a connection dies on the way back). Per-record UNABLE_TO_LOCK_ROW is decided
 * record by record inside collections calls. A fault never applies half a request.
 */
export class FaultInjector {
  private state = 0;
  public rate = 0;

  public constructor(rate = 0, seed = 1) {
    this.configure(rate, seed);
  }

  public configure(rate: number, seed: number): void {
    this.rate = Math.max(0, Math.min(1, rate));
    this.state = seed >>> 0 || 1;
  }

  public requestFault(): RequestFault | undefined {
    if (this.rate <= 0 || this.next() >= this.rate) return undefined;
    return KINDS[Math.floor(this.next() * KINDS.length)];
  }

  public recordLocked(): boolean {
    return this.rate > 0 && this.next() < this.rate;
  }

  /** mulberry32: small, fast and good enough to spread faults. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
