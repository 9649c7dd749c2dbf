import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A child prints a large --json document through printedPlainJson to a pipe whose reader is slow; it reports on
 * stderr how much output was still queued in its memory once the call returned.
 */
const CHILD = `
import { printedPlainJson } from ${JSON.stringify(join(ROOT, 'src/shared/plain-json.ts'))};
const rows = Array.from({ length: 60000 }, (_, i) => ({ username: 'user' + i + '@test.org', action: 'created', id: '0Pa' + i }));
printedPlainJson({ status: 0, result: { assignments: rows } });
process.stderr.write(JSON.stringify({ queued: process.stdout.writableLength }));
`;

describe('blocking stdout writes', () => {
  it('leaves nothing of a large --json document queued in memory when a slow reader holds the pipe back', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read nothing for a while: the pipe (64 KB) fills up long before the ~5 MB document is written.
    child.stdout.pause();
    await new Promise((resolveWait) => setTimeout(resolveWait, 1500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
    expect(code, stderr).to.equal(0);
    expect(JSON.parse(stderr)).to.deep.equal({ queued: 0 });
    const printed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result: { assignments: unknown[] } };
    expect(printed.result.assignments).to.have.length(60_000);
    expect(printed.result.assignments[59_999]).to.deep.equal({ username: 'user59999@test.org', action: 'created', id: '0Pa59999' });
  });
});
