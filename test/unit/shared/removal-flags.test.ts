import { expect } from 'chai';
import { type SfCommand } from '@salesforce/sf-plugins-core';
import { confirmDeletes } from '../../../src/shared/removal-flags.js';

type Asked = { message: string; defaultAnswer?: boolean };

/** A stand-in for the command: only what confirmDeletes uses (jsonEnabled, confirm), recording the prompt. */
function command(answer: boolean, json = false): { cmd: SfCommand<unknown>; asked: Asked[] } {
  const asked: Asked[] = [];
  const cmd = {
    jsonEnabled: () => json,
    confirm: (prompt: Asked) => {
      asked.push(prompt);
      return Promise.resolve(answer);
    },
  } as unknown as SfCommand<unknown>;
  return { cmd, asked };
}

/** Runs `body` with stdin and stdout looking like terminals (or not). */
async function withTerminal<T>(terminal: boolean, body: () => Promise<T>): Promise<T> {
  const saved = [process.stdin.isTTY, process.stdout.isTTY];
  process.stdin.isTTY = terminal;
  process.stdout.isTTY = terminal;
  try {
    return await body();
  } finally {
    [process.stdin.isTTY, process.stdout.isTTY] = saved;
  }
}

const failure = async (run: Promise<void>): Promise<{ name: string; message: string; actions?: string[] }> => {
  try {
    await run;
  } catch (error) {
    return error as { name: string; message: string; actions?: string[] };
  }
  throw new Error('expected a refusal');
};

describe('confirmDeletes: the prompt and refusals in front of every delete', () => {
  const request = { deletes: 51, maxDeletes: 50, noPrompt: false, what: 'assignments' };

  it('asks on a terminal when a plan deletes more than --max-deletes, defaulting to no, and goes on after a yes', async () => {
    const { cmd, asked } = command(true);
    await withTerminal(true, () => confirmDeletes(cmd, request));
    expect(asked).to.have.length(1);
    expect(asked[0].message).to.match(/Delete 51 assignments \(more than --max-deletes 50\)\? A backup is written first/);
    expect(asked[0].defaultAnswer).to.equal(false);
  });

  it('stops after a no, saying nothing was deleted', async () => {
    const { cmd } = command(false);
    const error = await failure(withTerminal(true, () => confirmDeletes(cmd, request)));
    expect(error.message).to.match(/Not confirmed: nothing was deleted \(51 assignments planned\)/);
  });

  it('never asks where nobody can answer (no terminal, or --json): refuses, naming the count and how to allow it', async () => {
    for (const [terminal, json] of [[false, false], [true, true]] as const) {
      const { cmd, asked } = command(true, json);
      const error = await failure(withTerminal(terminal, () => confirmDeletes(cmd, request)));
      expect(asked).to.deep.equal([]);
      expect(error.message).to.match(/would delete 51 assignments, more than --max-deletes \(50\)/);
      expect(error.actions?.join('\n')).to.match(/--max-deletes 51 or more, or pass --no-prompt/);
    }
  });

  it('asks for --sync-scope all however few rows it deletes, and --no-prompt skips every question', async () => {
    const { cmd, asked } = command(true);
    await withTerminal(true, () => confirmDeletes(cmd, { ...request, deletes: 1, unnamed: true, whatOne: 'assignment' }));
    expect(asked[0].message).to.match(/--sync-scope all: delete 1 assignment, including assignments of permission sets and groups the file does not mention/);
    const quiet = command(false);
    await withTerminal(false, () => confirmDeletes(quiet.cmd, { ...request, deletes: 5000, unnamed: true, noPrompt: true }));
    expect(quiet.asked).to.deep.equal([]);
  });
});
