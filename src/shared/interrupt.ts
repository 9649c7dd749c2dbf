/**
 * SIGINT handling for long runs: the first Ctrl-C asks the run to stop at the next request boundary (the gateway
 * calls `check()` before every request), so no request is cut in half and the command can say what was done.
 */
export class InterruptedError extends Error {
  public constructor() {
    super('Interrupted by the user (SIGINT) between two requests.');
    this.name = 'InterruptedError';
  }
}

/**
 * sf-plugins-core's SfCommand exits with 130 on the first SIGINT. While a run is under way this class takes SIGINT
 * over instead (the command's own listeners are set aside and put back afterwards): the first Ctrl-C stops at the
 * next request boundary, a second one falls back to the immediate exit.
 */
export class Interrupt {
  private requested = false;
  private saved: Array<(...args: unknown[]) => void> = [];
  private readonly handler = (): void => {
    if (this.requested) {
      const fallbacks = this.saved;
      this.dispose();
      for (const listener of fallbacks) listener('SIGINT');
      return;
    }
    this.requested = true;
    process.stderr.write('\nStopping after the request in flight (Ctrl-C again to stop at once)…\n');
  };

  public listen(): this {
    this.saved = process.listeners('SIGINT') as Array<(...args: unknown[]) => void>;
    process.removeAllListeners('SIGINT');
    process.on('SIGINT', this.handler);
    return this;
  }

  public dispose(): void {
    process.removeListener('SIGINT', this.handler);
    for (const listener of this.saved) if (!process.listeners('SIGINT').includes(listener)) process.on('SIGINT', listener);
    this.saved = [];
  }

  public get isRequested(): boolean {
    return this.requested;
  }

  /** Throws InterruptedError once SIGINT arrived. */
  public check = (): void => {
    if (this.requested) throw new InterruptedError();
  };
}
