/** One step of `npm run demo`: a plugin command, and the exit code it must end with for the demo to be telling the truth. */
export type DemoStep = {
  title: string;
  args: string[];
  /** 0 for a full success; 68 where the step shows a partial success on purpose (e.g. an inactive user among the rows). */
  expect: number;
};

export class DemoStepFailed extends Error {
  public constructor(public readonly step: DemoStep, public readonly code: number) {
    super(`step "${step.title}" (sf ${step.args.join(' ')}) exited ${code}, expected ${step.expect}`);
  }
}

const shown = (arg: string): string => (arg.includes(' ') || arg.includes(',') ? `"${arg}"` : arg);

/**
 * Runs the steps in order, printing each command line and its exit code, and stops at the first step whose exit
 * code is not the one it expects: a demo that carries on after a crash would say nothing true.
 */
export async function runDemoSteps(steps: readonly DemoStep[], runStep: (args: string[]) => Promise<number>, write: (text: string) => void): Promise<void> {
  for (const step of steps) {
    write(`\n=== ${step.title}\n$ sf ${step.args.map(shown).join(' ')} --target-org demo\n\n`);
    const code = await runStep(step.args);
    write(`(exit code ${code})\n`);
    if (code !== step.expect) throw new DemoStepFailed(step, code);
  }
}
