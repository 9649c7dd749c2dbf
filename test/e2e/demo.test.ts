import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cliEnv, runNode } from '../support/org-harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Issue 13: `npm run demo` tells the truth. It runs here the way the npm script runs it (lib/ is built by npm test). */
describe('npm run demo', function () {
  this.timeout(300_000);

  it('runs every step against the demo org and exits 0 only because each step ended as it expects', async () => {
    // As a person runs it, not as CI: the multi-stage displays draw (and must end) the way they do on a terminal.
    const env = cliEnv(ROOT, { MSO_DISABLE_CI_MODE: 'true' });
    const demo = await runNode(['--import', 'tsx', join(ROOT, 'test/emulator/demo.ts')], { env });
    expect(demo.code, `${demo.stderr}\n${demo.stdout}`).to.equal(0);
    const stepCount = (readFileSync(join(ROOT, 'test/emulator/demo.ts'), 'utf8').match(/\{ title: ['"]/g) ?? []).length;
    expect(stepCount, 'steps found in demo.ts').to.be.greaterThan(10);
    const codes = demo.stdout.match(/^\(exit code (\d+)\)$/gm) ?? [];
    expect(codes).to.have.length(stepCount);
    expect(demo.stdout).to.match(/The emulated org served \d+ API requests in this demo\./);
    // What a crash looks like in any step: none of it may appear in a demo that passed.
    expect(demo.stdout + demo.stderr).to.not.match(/TypeError|Cannot read properties|Unexpected error|ERR_/);
  });
});
