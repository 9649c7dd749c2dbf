import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, type RunningEmulator, type Seed, type StartOptions } from '../../test/emulator/index.js';
import { cliEnv, runNode, type CommandRun } from '../../test/support/org-harness.js';
import { runSf } from '../../test/support/sf-cli.js';
import { type BenchContext, type Tool } from './types.js';

export const ALIAS = 'bench';

/** A finished run with what the emulator saw while it ran. */
export type TimedRun = CommandRun & {
  wallMs: number;
  requests: number;
  writes: number;
  byEndpoint: Record<string, number>;
  /** Every request in order, with its time from the start of the run (for counting polls between two writes). */
  timeline: Array<{ atMs: number; method: string; endpoint: string }>;
};

/**
 * One emulated org for a benchmark: started in this process, with the real sf CLI logged into it (alias "bench")
 * in a throwaway HOME that the plugin's bin/run.js shares. Runs either tool and reports requests and wall time.
 */
export class BenchOrg {
  private timeline: TimedRun['timeline'] = [];
  private runStart = 0;

  private constructor(
    private readonly ctx: BenchContext,
    public readonly emulator: RunningEmulator,
    public readonly home: string
  ) {
    // Record the order of requests as well as their counts (the statistics only keep totals).
    const stats = emulator.server.stats;
    const count = stats.count.bind(stats);
    stats.count = (method: string, endpoint: string): void => {
      this.timeline.push({ atMs: Math.round(performance.now() - this.runStart), method, endpoint });
      count(method, endpoint);
    };
  }

  public static async start(ctx: BenchContext, seed: Seed, options: Omit<StartOptions, 'seed'> = {}): Promise<BenchOrg> {
    const emulator = await start({ ...options, seed });
    const home = mkdtempSync(join(tmpdir(), 'permset-ops-bench-'));
    const org = new BenchOrg(ctx, emulator, home);
    const login = await runSf(ctx.sf, ['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', ALIAS], home, {
      SF_ACCESS_TOKEN: emulator.accessToken,
    });
    if (login.code !== 0) {
      await org.stop();
      throw new Error(`sf org login access-token failed (exit ${login.code}): ${login.stderr.slice(0, 500)}`);
    }
    return org;
  }

  public async setLatency(ms: number): Promise<void> {
    const response = await fetch(`${this.emulator.instanceUrl}/__emulator/latency`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.emulator.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    if (!response.ok) throw new Error(`emulator latency: HTTP ${response.status}`);
  }

  /** Runs `sf <args>` (official) or `node bin/run.js <args>` (plugin) against this org and measures it. */
  public async run(tool: Tool, args: string[]): Promise<TimedRun> {
    const full = [...args, '--target-org', ALIAS];
    return this.measure(() => (tool === 'official' ? runSf(this.ctx.sf, full, this.home) : runNode([join(this.ctx.root, 'bin', 'run.js'), ...full], { env: cliEnv(this.home) })));
  }

  /** Measures any child run (e.g. one wrapped for peak memory) the same way. */
  public async measure(execute: () => Promise<CommandRun>): Promise<TimedRun> {
    const stats = this.emulator.server.stats;
    stats.reset();
    this.timeline = [];
    this.runStart = performance.now();
    const result = await execute();
    const wallMs = Math.round(performance.now() - this.runStart);
    const { requests, byMethod, byEndpoint } = stats.toJSON();
    const writes = (byMethod.POST ?? 0) + (byMethod.PATCH ?? 0) + (byMethod.DELETE ?? 0);
    return { ...result, wallMs, requests, writes, byEndpoint, timeline: this.timeline };
  }

  public env(): NodeJS.ProcessEnv {
    return cliEnv(this.home);
  }

  public async stop(): Promise<void> {
    await this.emulator.stop();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Starts an org, runs `body` with it and always stops it. */
export async function withOrg<T>(ctx: BenchContext, seed: Seed, options: Omit<StartOptions, 'seed'>, body: (org: BenchOrg) => Promise<T>): Promise<T> {
  const org = await BenchOrg.start(ctx, seed, options);
  try {
    return await body(org);
  } finally {
    await org.stop();
  }
}
