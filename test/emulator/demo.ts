import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveAuth } from './auth-file.js';
import { runDemoSteps, type DemoStep } from './demo-steps.js';
import { start } from './index.js';

/**
 * `npm run demo`: starts the emulator on the demo org, logs the alias `demo` in (in a throwaway HOME, so your own
 * sf CLI config is untouched), runs each command of the plugin with its human output, and stops.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = join(ROOT, 'test/emulator/seeds/demo.json');

/** Demo users of test/emulator/seeds/demo.json that `permset explain` shows: a mute, a session-based set, an expiring set. */
const AGENTS = { muted: 'agent.hugo.lopez@demo.example.org', session: 'agent.iris.moreau@demo.example.org', expiring: 'agent.jonas.novak@demo.example.org' };

const reps = (from: number, to: number, usernames: string[]): string => usernames.slice(from - 1, to).join(',');

/** Files of the removal steps: the unassign backup, the desired-state CSV for --sync, the reclaim backup. */
type RemovalFiles = { backup: string; syncCsv: string; reclaimBackup: string };

function steps(repUsernames: string[], csv: string, backup: string, removal: RemovalFiles): DemoStep[] {
  return [
    { title: 'Assign a permission set group and a set to five reps (one of them inactive)', expect: 68, args: ['permset', 'assign', '-g', 'Sales_Team', '-n', 'Knowledge_Author', '-b', reps(19, 23, repUsernames)] },
    { title: 'Run the same command again: nothing to write', expect: 68, args: ['permset', 'assign', '-g', 'Sales_Team', '-n', 'Knowledge_Author', '-b', reps(19, 23, repUsernames)] },
    { title: 'A PSL-licensed set for three reps when one seat is left', expect: 68, args: ['permset', 'assign', '-n', 'Sales_Console', '-b', reps(8, 10, repUsernames)] },
    { title: 'A group that is still recalculating: the command waits for it', expect: 0, args: ['permset', 'assign', '-g', 'Analytics', '-b', reps(1, 2, repUsernames)] },
    { title: 'Assignments from a CSV file, with an expiration, dry run first', expect: 68, args: ['permset', 'assign', '-f', csv, '--dry-run'] },
    { title: 'The same file for real', expect: 68, args: ['permset', 'assign', '-f', csv] },
    { title: 'The permission set license budget', expect: 0, args: ['psl', 'report', '--details'] },
    { title: 'Why can this agent read accounts but not edit them, nor run reports? (Support_Team\'s mute)', expect: 0, args: ['permset', 'explain', '-u', AGENTS.muted, '--object', 'Account', '--permission', 'RunReports'] },
    { title: 'A session-based set: assigned, but granting nothing until activated in a session', expect: 0, args: ['permset', 'explain', '-u', AGENTS.session, '--object', 'Case'] },
    { title: 'An assignment that expires in three days', expect: 0, args: ['permset', 'explain', '-u', AGENTS.expiring, '--permission', 'RunReports'] },
    { title: 'Why can this rep edit accounts and that agent cannot?', expect: 0, args: ['permset', 'explain', '-u', reps(3, 3, repUsernames), '--compare-user', AGENTS.muted, '--object', 'Account'] },
    { title: 'Retire a permission set wired into two groups (dry run)', expect: 0, args: ['psg', 'retire', '-n', 'Legacy_Export', '--dry-run'] },
    { title: 'Retire it: back up, detach, wait for both groups to recalculate, delete', expect: 0, args: ['psg', 'retire', '-n', 'Legacy_Export', '--backup-file', backup] },
    { title: 'Changed our mind: restore it from the backup', expect: 0, args: ['psg', 'restore', '--file', backup] },
    { title: 'After a deployment: wait for the groups it changed until they are Updated (they are now)', expect: 0, args: ['psg', 'wait', '-g', 'Sales_Team,Support_Team'] },
    // Field_Service Failed, Partner_Portal stuck in Updating, Marketing_Ops Outdated: a Failed group means exit 1.
    { title: 'Check once, without waiting, every group that is not Updated', expect: 1, args: ['psg', 'wait', '--wait', '0'] },
    // Both end with exit code 1: the CRM PSL is exhausted since the third step (an error at the default --fail-on).
    { title: "Audit the org's groups: composition rules (high-risk permissions after the mute) and org rules", expect: 1, args: ['psg', 'audit'] },
    { title: 'The org-wide health check: PSLs, mutes that do not restrict, inactive, redundant, expiring and unassigned', expect: 1, args: ['permset', 'health'] },
    // Taking access away (issue 17): the guard, the backup, the undo, the desired state, the seats.
    { title: 'Take Knowledge_Author away from reps 19 to 22 (three hold it): more than --max-deletes 2, so refused, nothing written', expect: 1, args: ['permset', 'unassign', '-n', 'Knowledge_Author', '-b', reps(19, 22, repUsernames), '--max-deletes', '2'] },
    { title: 'The same with --no-prompt: backed up first, then removed', expect: 0, args: ['permset', 'unassign', '-n', 'Knowledge_Author', '-b', reps(19, 22, repUsernames), '--no-prompt', '--backup-file', removal.backup] },
    { title: 'Undo it: put them back from the backup', expect: 0, args: ['permset', 'restore', '--file', removal.backup] },
    { title: 'A file as the desired state of Knowledge_Author: two reps keep it, the others would lose it (dry run)', expect: 0, args: ['permset', 'assign', '-f', removal.syncCsv, '--sync', '--dry-run'] },
    { title: 'Reclaim PSL seats held by inactive users or needed by nothing (dry run)', expect: 0, args: ['psl', 'reclaim', '--inactive', '--unneeded', '--dry-run'] },
    { title: 'Reclaim them: back up, remove the assignments that need the seats, then the seats', expect: 0, args: ['psl', 'reclaim', '--inactive', '--unneeded', '--no-prompt', '--backup-file', removal.reclaimBackup] },
  ];
}

function run(args: string[], home: string): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args, '--target-org', 'demo'], {
      stdio: 'inherit',
      env: { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', SF_DISABLE_AUTOUPDATE: 'true', SF_LOG_LEVEL: 'fatal' },
    });
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'lib/commands'))) throw new Error('run `npm run build` first (npm run demo does it)');
  const emulator = await start({ seed: SEED, recalcMs: 12_000, latencyMs: 5 });
  const home = mkdtempSync(join(tmpdir(), 'permset-ops-demo-'));
  try {
    saveAuth(home, emulator, 'demo');
    const repUsernames = [...emulator.org.store.all('User')].filter((u) => /^rep\d+$/.test(String(u.Alias))).map((u) => String(u.Username));
    const csv = join(home, 'onboarding.csv');
    writeFileSync(csv, ['username,permissionSet,permissionSetGroup,expirationDate', `${repUsernames[10]},Reports_Viewer,,2099-12-31`, `${repUsernames[11]},,Sales_Team,`, `${repUsernames[12]},No_Such_Set,,`, ''].join('\n'));
    const count = (type: string): number => [...emulator.org.store.all(type)].length;
    const sizes = `${count('User')} users, ${count('UserLicense')} user licenses, ${count('PermissionSetLicense')} PSLs, ${count('PermissionSetGroup')} groups`;
    process.stdout.write(`Demo org: ${emulator.instanceUrl} (alias demo, user ${emulator.username}); ${sizes}\n`);
    const write = (text: string): boolean => process.stdout.write(text);
    const syncCsv = join(home, 'knowledge-authors.csv');
    writeFileSync(syncCsv, ['username,permissionSet', `${repUsernames[18]},Knowledge_Author`, `${repUsernames[19]},Knowledge_Author`, ''].join('\n'));
    const removal = { backup: join(home, 'knowledge-removal.json'), syncCsv, reclaimBackup: join(home, 'reclaim-backup.json') };
    await runDemoSteps(steps(repUsernames, csv, join(home, 'legacy-export-backup.json'), removal), (args) => run(args, home), write);
    const { requests } = emulator.server.stats;
    process.stdout.write(`\nThe emulated org served ${requests} API requests in this demo.\n`);
  } finally {
    await emulator.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
