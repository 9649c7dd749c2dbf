import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a long run's heap near what it really holds. Each batch of a large CSV leaves its users, assignments and
 * responses behind as garbage, yet V8 lets the old generation (and the buffers it keeps alive) grow to a multiple
 * of the live heap before it collects: 100,000 rows peaked at about 430 MB of resident memory while some 60 MB were
 * live. Collecting once the heap has grown by a set step since the last collection holds the peak near the live
 * size, for a few full collections per run.
 *
 * A plugin cannot choose node's command-line flags (it runs inside the sf CLI's process), so gc() is reached the
 * way jest-leak-detector reaches it: --expose-gc is set at run time and the function taken from a fresh context.
 */
export class HeapKeeper {
  private collect: (() => void) | undefined;
  private baseline = process.memoryUsage().heapUsed;

  public constructor(private readonly stepBytes = 48 * 1024 * 1024) {}

  /** Collects when the heap grew by more than the step since the last collection; otherwise does nothing. */
  public betweenBatches(): void {
    if (process.memoryUsage().heapUsed - this.baseline < this.stepBytes) return;
    this.gc()?.();
    this.baseline = process.memoryUsage().heapUsed;
  }

  private gc(): (() => void) | undefined {
    if (!this.collect) {
      try {
        setFlagsFromString('--expose-gc');
        this.collect = runInNewContext('gc') as () => void;
      } catch {
        // Without gc() the run only uses more memory: nothing to report.
        this.collect = (): void => {};
      }
    }
    return this.collect;
  }
}
