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

export class Interrupt {
  private requested = false;
  private readonly handler = (): void => {
    this.requested = true;
  };

  public listen(): this {
    process.once('SIGINT', this.handler);
    return this;
  }

  public dispose(): void {
    process.removeListener('SIGINT', this.handler);
  }

  public get isRequested(): boolean {
    return this.requested;
  }

  /** Throws InterruptedError once SIGINT arrived. */
  public check = (): void => {
    if (this.requested) throw new InterruptedError();
  };
}
