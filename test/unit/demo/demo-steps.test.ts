import { expect } from 'chai';
import { DemoStepFailed, runDemoSteps, type DemoStep } from '../../emulator/demo-steps.js';

const steps: DemoStep[] = [
  { title: 'first', args: ['permset', 'assign'], expect: 0 },
  { title: 'partial on purpose', args: ['permset', 'assign', '-b', 'a,b'], expect: 68 },
  { title: 'last', args: ['psl', 'report'], expect: 0 },
];

async function runWith(codes: number[]): Promise<{ ran: string[]; output: string; error?: unknown }> {
  const ran: string[] = [];
  let output = '';
  try {
    const runStep = (args: string[]): Promise<number> => {
      ran.push(args.join(' '));
      return Promise.resolve(codes[ran.length - 1]);
    };
    await runDemoSteps(steps, runStep, (text) => (output += text));
    return { ran, output };
  } catch (error) {
    return { ran, output, error };
  }
}

describe('npm run demo: each step must end with the exit code it expects', () => {
  it('runs every step when each ends as expected, 68 included where a partial success is shown', async () => {
    const { ran, output, error } = await runWith([0, 68, 0]);
    expect(error).to.equal(undefined);
    expect(ran).to.have.length(3);
    expect(output).to.include('$ sf permset assign -b "a,b" --target-org demo');
    expect(output.match(/\(exit code \d+\)/g)).to.deep.equal(['(exit code 0)', '(exit code 68)', '(exit code 0)']);
  });

  it('stops at a step that crashed, naming it, and runs nothing after it', async () => {
    const { ran, error } = await runWith([0, 1, 0]);
    expect(ran).to.have.length(2);
    expect(error).to.be.instanceOf(DemoStepFailed);
    expect((error as Error).message).to.equal('step "partial on purpose" (sf permset assign -b a,b) exited 1, expected 68');
  });

  it('treats a full success where a partial one was expected as a failure too: the demo would be showing something else', async () => {
    const { error } = await runWith([0, 0, 0]);
    expect((error as DemoStepFailed).step.title).to.equal('partial on purpose');
  });
});
