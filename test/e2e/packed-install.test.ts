import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { start, type RunningEmulator } from '../emulator/index.js';
import { type CommandRun } from '../support/org-harness.js';
import { packFromCleanTree, type PackedPlugin } from '../support/pack.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { ensureSfCli, runSf } from '../support/sf-cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every command the plugin has, as oclif ids (src/commands/<topic>/<verb>.ts -> topic:verb). */
function commandIds(): string[] {
  const dir = join(ROOT, 'src', 'commands');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => path.replace(/\.ts$/, '').split(/[\\/]/).join(':'))
    .sort();
}

const summaryOf = (id: string): string => {
  const text = readFileSync(join(ROOT, 'messages', `${id.replace(':', '.')}.md`), 'utf8');
  return /^# summary\s+([^\n]+)/m.exec(text)![1].trim();
};

const squash = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * Issue 13: the plugin as a user gets it — `npm pack` from a clean tree, `sf plugins install file:<tarball>` into
 * the real Salesforce CLI, every command run through `sf` against the emulator. (`sf plugins link` is covered by
 * sf-plugin.test.ts; this is the path `sf plugins install plugin-permset-ops` takes.)
 */
describe('end to end: the packed plugin installed into the real sf CLI', function () {
  this.timeout(900_000);
  let packed: PackedPlugin;
  let sf: string;
  let home: string;
  let emulator: RunningEmulator;
  const sfRun = (args: string[], env: Record<string, string> = {}): Promise<CommandRun> => runSf(sf, args, home, env);
  const failure = (run: CommandRun): string => `exit ${run.code}\n${run.stderr}\n${run.stdout}`;

  before(async () => {
    [packed, sf] = await Promise.all([packFromCleanTree(), ensureSfCli()]);
    home = mkdtempSync(join(tmpdir(), 'sf-packed-'));
  });
  after(async () => {
    await emulator?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    if (packed) rmSync(packed.tree, { recursive: true, force: true });
  });

  it('packs the built code, its manifest, messages and schemas, and nothing from the work tree', () => {
    const must = [
      'package.json',
      'README.md',
      'LICENSE',
      'oclif.manifest.json',
      'lib/index.js',
      'lib/index.d.ts',
      ...commandIds().map((id) => `lib/commands/${id.split(':').join('/')}.js`),
      ...readdirSync(join(ROOT, 'messages')).map((name) => `messages/${name}`),
      ...readdirSync(join(ROOT, 'schemas')).map((name) => `schemas/${name}`),
    ];
    expect(packed.files).to.include.members(must);
    const strays = packed.files.filter(
      (path) =>
        /^(src|test|bench|scripts|bin|\.cache|\.ci|node_modules|tmp)\//.test(path) ||
        /\.(map|tsbuildinfo)$|\.tsbuildinfo$|(?<!\.d)\.ts$/.test(path) ||
        /(^|\/)\.[^/]+$/.test(path)
    );
    expect(strays, 'files that must not be published').to.deep.equal([]);
    // postpack removes the manifest again, so a later `npm run build` never runs against a stale one.
    expect(existsSync(join(packed.tree, 'oclif.manifest.json'))).to.equal(false);
  });

  it('ships a manifest that lists every command', async () => {
    const manifestText = (await promisify(execFile)('tar', ['-xzOf', packed.tarball, 'package/oclif.manifest.json'], { maxBuffer: 16 * 1024 * 1024 })).stdout;
    const manifest = JSON.parse(manifestText) as { version: string; commands: Record<string, unknown> };
    expect(Object.keys(manifest.commands).sort()).to.deep.equal(commandIds());
  });

  it('installs with sf plugins install from the tarball, without a prompt, and is listed as installed, not linked', async () => {
    const spec = `file:${packed.tarball}`;
    mkdirSync(join(home, '.config', 'sf'), { recursive: true });
    writeFileSync(join(home, '.config', 'sf', 'unsignedPluginAllowList.json'), JSON.stringify([spec]));
    const install = await sfRun(['plugins', 'install', spec]);
    expect(install.code, `sf plugins install failed: ${failure(install)}`).to.equal(0);
    const inspect = await sfRun(['plugins', 'inspect', 'plugin-permset-ops', '--json']);
    expect(inspect.code, failure(inspect)).to.equal(0);
    const [plugin] = inspect.json as Array<{ name: string; root: string; type: string; version: string }>;
    expect(plugin.name).to.equal('plugin-permset-ops');
    expect(plugin.type).to.equal('user');
    expect(plugin.root.startsWith(join(home, '.local', 'share', 'sf'))).to.equal(true);
  });

  it('shows the help of every command through sf', async () => {
    for (const id of commandIds()) {
      const help = await sfRun([...id.split(':'), '--help']);
      expect(help.code, `${id} --help: ${failure(help)}`).to.equal(0);
      expect(squash(help.stdout), id).to.include(squash(summaryOf(id)));
      expect(help.stdout, id).to.include('--json');
    }
  });

  it('runs permset assign, psl report, psg retire, restore, wait, explain, audit, unassign, permset restore, assign --sync and psl reclaim through sf against the emulator, --json as its schema says', async () => {
    emulator = await start({
      seed: new SeedBuilder().users('u', 2).permissionSet('Sales').permissionSet('Reports').permissionSet('Legacy').group('Team', ['Reports', 'Legacy']).psl('Seats', 3).permissionSet('Licensed', { LicenseId: 'ref:Seats' }).assign('u1', 'Licensed').build(),
    });
    const login = await sfRun(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'packed'], { SF_ACCESS_TOKEN: emulator.accessToken });
    expect(login.code, failure(login)).to.equal(0);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = (schemaFile: string, run: CommandRun): void => {
      const check = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', schemaFile), 'utf8')) as object);
      const { result } = run.json as { result: unknown };
      expect(check(result), `${schemaFile}: ${ajv.errorsText(check.errors)}`).to.equal(true);
    };

    const assign = await sfRun(['permset', 'assign', '-n', 'Sales', '-g', 'Team', '-b', 'u1@test.org,u2@test.org', '--target-org', 'packed', '--json']);
    expect(assign.code, failure(assign)).to.equal(0);
    expect((assign.json as { result: { summary: { created: number } } }).result.summary.created).to.equal(4);
    validate('permset-assign.json', assign);

    const report = await sfRun(['psl', 'report', '--target-org', 'packed', '--json']);
    expect(report.code, failure(report)).to.equal(0);
    validate('psl-report.json', report);
    const human = await sfRun(['psl', 'report', '--target-org', 'packed']);
    expect(human.code, failure(human)).to.equal(0);
    expect(human.stdout).to.include('Seats');

    const backup = join(home, 'legacy.json');
    const retire = await sfRun(['psg', 'retire', '-n', 'Legacy', '--backup-file', backup, '--target-org', 'packed', '--json']);
    expect(retire.code, failure(retire)).to.equal(0);
    validate('psg-retire.json', retire);
    expect([...emulator.org.store.all('PermissionSet')].map((ps) => ps.Name)).to.not.include('Legacy');
    const restore = await sfRun(['psg', 'restore', '--file', backup, '--target-org', 'packed', '--json']);
    expect(restore.code, failure(restore)).to.equal(0);
    validate('psg-restore.json', restore);
    expect([...emulator.org.store.all('PermissionSet')].map((ps) => ps.Name)).to.include('Legacy');
    // The restore re-adds Legacy to Team, which recalculates; restore waited for it, so nothing is pending now.
    const waited = await sfRun(['psg', 'wait', '-g', 'Team', '--target-org', 'packed', '--json']);
    expect(waited.code, failure(waited)).to.equal(0);
    validate('psg-wait.json', waited);
    const explained = await sfRun(['permset', 'explain', '-u', 'u2@test.org', '--object', 'Account', '--target-org', 'packed', '--json']);
    expect(explained.code, failure(explained)).to.equal(0);
    validate('permset-explain.json', explained);
    // The source audit needs no org: a project with two package directories, read by the packed plugin's own SDR.
    const audit = await sfRun(['psg', 'audit', '--source-dir', join(ROOT, 'test/fixtures/audit/projects/two-dirs'), '--fail-on', 'never', '--json']);
    expect(audit.code, failure(audit)).to.equal(0);
    validate('psg-audit.json', audit);

    // Taking access away (issue 17): unassign with its backup, the one restore, a sync and a reclaim plan.
    const removed = join(home, 'unassign.json');
    const unassign = await sfRun(['permset', 'unassign', '-n', 'Sales', '-b', 'u2@test.org', '--backup-file', removed, '--target-org', 'packed', '--json']);
    expect(unassign.code, failure(unassign)).to.equal(0);
    validate('permset-unassign.json', unassign);
    expect((unassign.json as { result: { backupFile: string } }).result.backupFile).to.equal(removed);
    const putBack = await sfRun(['permset', 'restore', '--file', removed, '--target-org', 'packed', '--json']);
    expect(putBack.code, failure(putBack)).to.equal(0);
    validate('permset-restore.json', putBack);
    const desired = join(home, 'sales.csv');
    writeFileSync(desired, 'username,permissionSet\nu1@test.org,Sales\n');
    const synced = await sfRun(['permset', 'assign', '-f', desired, '--sync', '--backup-file', join(home, 'sync.json'), '--target-org', 'packed', '--json']);
    expect(synced.code, failure(synced)).to.equal(0);
    validate('permset-assign.json', synced);
    expect((synced.json as { result: { summary: { deleted: number } } }).result.summary.deleted).to.equal(1);
    const reclaim = await sfRun(['psl', 'reclaim', '--inactive', '--unneeded', '--dry-run', '--target-org', 'packed', '--json']);
    expect(reclaim.code, failure(reclaim)).to.equal(0);
    validate('psl-reclaim.json', reclaim);
    for (const run of [assign, report, retire, restore, waited, explained, unassign, putBack, synced, reclaim]) expect(run.stdout).to.not.include(emulator.accessToken);
  });
});
