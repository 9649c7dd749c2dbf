import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { type PsgAuditResult } from '../../src/commands/psg/audit.js';
import { cliEnv, type CommandRun, runNode } from '../support/org-harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'test/fixtures/audit');
const SARIF_SCHEMA = join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

type SarifLog = {
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
    results: Array<{ ruleId: string; level: string; message: { text: string }; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }>;
  }>;
};

describe('sf psg audit --source-dir (the real command, no org)', function () {
  this.timeout(120_000);
  let home: string;
  let work: string;
  const audit = (args: string[], cwd = ROOT): Promise<CommandRun> => runNode([join(ROOT, 'bin/run.js'), 'psg', 'audit', ...args], { env: cliEnv(home), cwd });
  const json = (run: CommandRun): PsgAuditResult => {
    if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
    return (run.json as { result: PsgAuditResult }).result;
  };

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'psg-audit-home-'));
    work = mkdtempSync(join(tmpdir(), 'psg-audit-work-'));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('exits by --fail-on: a tree with a warning and no error', async () => {
    const dir = join(FIXTURES, 'group-naming/fires');
    const codes: Record<string, number> = {};
    for (const failOn of ['error', 'warning', 'info', 'never']) codes[failOn] = (await audit(['--source-dir', dir, '--fail-on', failOn])).code;
    expect(codes).to.deep.equal({ error: 0, warning: 1, info: 1, never: 0 });
  });

  it('exits 1 on an error by default, and 0 with --fail-on never; an info alone passes --fail-on warning', async () => {
    expect((await audit(['--source-dir', join(FIXTURES, 'group-empty/fires')])).code).to.equal(1);
    expect((await audit(['--source-dir', join(FIXTURES, 'group-empty/fires'), '--fail-on', 'never'])).code).to.equal(0);
    const infoOnly = join(FIXTURES, 'set-in-no-group/fires');
    expect((await audit(['--source-dir', infoOnly, '--fail-on', 'warning'])).code).to.equal(0);
    expect((await audit(['--source-dir', infoOnly, '--fail-on', 'info'])).code).to.equal(1);
  });

  it('prints a summary line and a table per severity', async () => {
    const run = await audit(['--source-dir', join(FIXTURES, 'mute-limit/fires')]);
    expect(run.stdout).to.match(/^Errors$/mu);
    expect(run.stdout).to.match(/mute-limit .*PSG_Sales_Prod/u);
    expect(run.stdout).to.match(/1 error\(s\), 0 warning\(s\), 0 info\(s\) in 1 group\(s\), 1 set\(s\), 2 muting set\(s\)/u);
  });

  it('answers --json with the summary and the findings, message and fix rendered', async () => {
    const run = await audit(['--source-dir', join(FIXTURES, 'missing-member/fires'), '--json']);
    expect(run.code).to.equal(1);
    const result = json(run);
    expect(result.summary).to.include({ errors: 1, groups: 1, sets: 0, mutes: 0, failOn: 'error', failed: true });
    expect(result.findings[0]).to.include({
      rule: 'missing-member',
      severity: 'error',
      component: 'PSG_Sales_Prod',
      componentType: 'PermissionSetGroup',
      file: 'test/fixtures/audit/missing-member/fires/permissionsetgroups/PSG_Sales_Prod.permissionsetgroup-meta.xml',
      line: 4,
      message: 'Group PSG_Sales_Prod lists permission set PS_Ghost, which is not in the source.',
    });
    expect(result.findings[0].fix).to.match(/Add the permission set/u);
    // The committed result schema (schemas/psg-audit.json) describes what the command answers.
    const validate = new Ajv.default({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas/psg-audit.json'), 'utf8')) as object);
    expect(validate(result), JSON.stringify(validate.errors)).to.equal(true);
  });

  it('turns a rule off or changes its level with --rule', async () => {
    const dir = join(FIXTURES, 'group-empty/fires');
    const off = json(await audit(['--source-dir', dir, '--rule', 'group-empty=off', '--rule', 'set-in-no-group=warning', '--json']));
    expect(off.findings.map((f) => [f.rule, f.severity])).to.deep.equal([['set-in-no-group', 'warning']]);
  });

  it('exits 2 naming the input: a missing directory, a bad --rule, a bad pattern, a bad or unwritable output file', async () => {
    const missing = await audit(['--source-dir', 'no/such/dir']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('no/such/dir');
    const badRule = await audit(['--source-dir', FIXTURES, '--rule', 'no-such-rule=off']);
    expect([badRule.code, badRule.stderr.includes('no-such-rule')]).to.deep.equal([2, true]);
    const badLevel = await audit(['--source-dir', FIXTURES, '--rule', 'near-clone=loud']);
    expect([badLevel.code, badLevel.stderr.includes('near-clone=loud')]).to.deep.equal([2, true]);
    const badPattern = await audit(['--source-dir', FIXTURES, '--group-naming', '^PSG_(']);
    expect([badPattern.code, badPattern.stderr.includes('^PSG_(')]).to.deep.equal([2, true]);
    const badExt = await audit(['--source-dir', FIXTURES, '--output-file', join(work, 'audit.txt')]);
    expect([badExt.code, badExt.stderr.includes('audit.txt')]).to.deep.equal([2, true]);
    const noFolder = await audit(['--source-dir', FIXTURES, '--output-file', join(work, 'nope', 'audit.csv')]);
    expect([noFolder.code, noFolder.stderr.includes('audit.csv')]).to.deep.equal([2, true]);
    // A folder this user cannot create files in (root can write anywhere but in sysfs).
    const locked = join(work, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    const unwritable = join(process.getuid?.() === 0 ? '/sys' : locked, 'audit.sarif');
    const denied = await audit(['--source-dir', FIXTURES, '--output-file', unwritable]);
    expect([denied.code, denied.stderr.includes(unwritable)]).to.deep.equal([2, true]);
    const noProject = await audit([], work);
    expect([noProject.code, noProject.stderr.includes(work)]).to.deep.equal([2, true]);
  });

  it('writes CSV and JSON files owner-only, never over an existing file without --overwrite', async () => {
    const dir = join(FIXTURES, 'near-clone/fires');
    const csvFile = join(work, 'audit.csv');
    expect((await audit(['--source-dir', dir, '--output-file', csvFile])).code).to.equal(0);
    expect(statSync(csvFile).mode & 0o777).to.equal(0o600);
    const rows = parse<Record<string, string>>(readFileSync(csvFile, 'utf8'), { columns: true });
    expect(rows.map((r) => [r.severity, r.rule, r.component])).to.deep.include(['warning', 'near-clone', 'PSG_Manager_Prod']);
    const again = await audit(['--source-dir', dir, '--output-file', csvFile]);
    expect([again.code, again.stderr.includes(csvFile)]).to.deep.equal([2, true]);
    expect((await audit(['--source-dir', dir, '--output-file', csvFile, '--overwrite'])).code).to.equal(0);
    const jsonFile = join(work, 'audit.json');
    const run = await audit(['--source-dir', dir, '--output-file', jsonFile, '--json']);
    expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).to.deep.equal(json(run));
  });

  it('writes SARIF 2.1.0 that validates against the schema, with stable fingerprints when lines move', async () => {
    const tree = join(work, 'repo');
    cpSync(join(FIXTURES, 'group-duplicate-member/fires'), tree, { recursive: true });
    const sarifOf = async (name: string): Promise<SarifLog> => {
      const file = join(work, name);
      expect((await audit(['--source-dir', '.', '--output-file', file, '--fail-on', 'never'], tree)).code).to.equal(0);
      return JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
    };
    const first = await sarifOf('first.sarif');
    // The schema's own patterns are not valid in unicode mode; its uri formats are checked (ajv-formats).
    // CommonJS packages: under NodeNext their classes sit on .default (both set it at run time too).
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    expect(validate(first), JSON.stringify(validate.errors)).to.equal(true);
    // The check can fail: SARIF has no level "info" (ours maps to "note").
    const wrong = JSON.parse(JSON.stringify(first)) as SarifLog;
    wrong.runs[0].results[0].level = 'info';
    expect(validate(wrong)).to.equal(false);
    const run = first.runs[0];
    expect(run.tool.driver.name).to.equal('plugin-permset-ops');
    expect(run.tool.driver.rules.find((r) => r.id === 'set-in-no-group')?.defaultConfiguration.level).to.equal('note');
    const dup = run.results.find((r) => r.ruleId === 'group-duplicate-member')!;
    expect(dup.level).to.equal('error');
    expect(dup.locations[0].physicalLocation).to.deep.equal({
      artifactLocation: { uri: 'permissionsetgroups/PSG_Sales_Prod.permissionsetgroup-meta.xml' },
      region: { startLine: 6 },
    });
    // A comment line above the group's members: the line moves, the fingerprint does not.
    const groupFile = join(tree, 'permissionsetgroups/PSG_Sales_Prod.permissionsetgroup-meta.xml');
    writeFileSync(groupFile, readFileSync(groupFile, 'utf8').replace('<label>', '<!-- reviewed -->\n    <label>'));
    const moved = (await sarifOf('second.sarif')).runs[0].results.find((r) => r.ruleId === 'group-duplicate-member')!;
    expect(moved.locations[0].physicalLocation?.region?.startLine).to.equal(7);
    expect(moved.partialFingerprints).to.deep.equal(dup.partialFingerprints);
  });
});
