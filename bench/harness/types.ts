/** Which side of a comparison a measurement belongs to. */
export type Tool = 'official' | 'plugin';

/** One timed command run against the emulator. */
export type Measurement = {
  scenario: string;
  /** What was measured, e.g. "1000 users × 3 targets, first run". */
  case: string;
  tool: Tool;
  /** The command line as a user would type it (sf …), without the long argument lists. */
  command: string;
  latencyMs: number;
  /** HTTP requests the emulator served during the run (its own statistics). */
  requests: number;
  writes: number;
  wallMs: number;
  exitCode: number;
  /** The fewest requests any client could need for this case, where that is defined. */
  lowerBound?: number;
  extra?: Record<string, number | string>;
};

/** A Markdown table for BENCHMARKS.md. */
export type Section = { title: string; columns: string[]; rows: Array<Array<string | number>>; notes: string[] };

export type ScenarioResult = { measurements: Measurement[]; section: Section };

export type BenchContext = {
  quick: boolean;
  /** Assignment sizes above this many users are left out (a partial full run by hand); undefined: all. */
  maxUsers?: number;
  /** The real sf CLI's bin/run.js. */
  sf: string;
  /** The repository root (where bin/run.js and lib/ live). */
  root: string;
  log(message: string): void;
};

export type Scenario = {
  id: string;
  title: string;
  /** Plugin commands the scenario runs ("psl report"); it is skipped with a note while one is not built. */
  needs: string[];
  run(ctx: BenchContext): Promise<ScenarioResult>;
};
