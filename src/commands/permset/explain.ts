import { Messages, StateAggregator } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { checkExportTarget, writeExport } from '../../io/export-file.js';
import { InputError } from '../../io/input-error.js';
import { explainUserAccess, type ExplainResult } from '../../services/explain/explain-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { withHints } from '../../ui/explain-hints.js';
import { differenceRows, explainCsv, sourceRows } from '../../ui/explain-render.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.explain');

export type PermsetExplainResult = ExplainResult;

export default class PermsetExplain extends SfCommand<PermsetExplainResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    user: Flags.string({ char: 'u', summary: messages.getMessage('flags.user.summary') }),
    object: Flags.string({ summary: messages.getMessage('flags.object.summary'), multiple: true, delimiter: ',' }),
    field: Flags.string({ summary: messages.getMessage('flags.field.summary'), multiple: true, delimiter: ',' }),
    permission: Flags.string({ summary: messages.getMessage('flags.permission.summary'), description: messages.getMessage('flags.permission.description'), multiple: true, delimiter: ',' }),
    'compare-user': Flags.string({ summary: messages.getMessage('flags.compare-user.summary') }),
    'expiring-within': Flags.integer({ summary: messages.getMessage('flags.expiring-within.summary'), min: 0, max: 3650, default: 14 }),
    'output-file': Flags.string({ summary: messages.getMessage('flags.output-file.summary'), description: messages.getMessage('flags.output-file.description') }),
    overwrite: Flags.boolean({ summary: messages.getMessage('flags.overwrite.summary'), dependsOn: ['output-file'] }),
  };

  public async run(): Promise<PermsetExplainResult> {
    const { flags } = await this.parse(PermsetExplain);
    const org = flags['target-org'];
    const outputFile = flags['output-file'];
    const format = outputFile ? await inputStep(() => checkExportTarget(outputFile, flags.overwrite)) : undefined;
    const user = await resolveUser(flags.user ?? org.getUsername() ?? '');
    const compareUser = flags['compare-user'] ? await resolveUser(flags['compare-user']) : undefined;
    if (compareUser !== undefined && compareUser.toLowerCase() === user.toLowerCase()) throw messages.createError('error.SameUser', [user]);
    const clean = (values: string[] | undefined): string[] => (values ?? []).map((v) => v.trim()).filter(Boolean);
    const raw = await runWithGateway(org, flags['api-version'], (gateway) =>
      inputStep(() =>
        explainUserAccess(gateway, {
          user,
          compareUser,
          objects: clean(flags.object),
          fields: clean(flags.field),
          permissions: clean(flags.permission),
          expiringWithinDays: flags['expiring-within'],
          now: new Date(),
        })
      )
    );
    const result = withHints(raw, (key, tokens) => messages.getMessage(key, tokens));
    this.render(result);
    if (outputFile && format) {
      await inputStep(() => writeExport(outputFile, format === 'csv' ? explainCsv(result) : `${JSON.stringify(result, null, 2)}\n`, flags.overwrite));
      this.log(messages.getMessage('info.Written', [outputFile]));
    }
    return result;
  }

  private render(result: ExplainResult): void {
    for (const part of [result, ...(result.compareUser ? [result.compareUser] : [])]) {
      const granted = part.results.filter((v) => v.granted).length;
      const sources = new Set(part.results.flatMap((v) => v.sources.filter((s) => s.reason !== 'not-assigned').map((s) => `${s.kind}:${s.name}`))).size;
      this.log(messages.getMessage('info.Summary', [part.user, String(granted), String(part.results.length), String(sources)]));
      for (const verdict of part.results) {
        this.log('');
        this.log(messages.getMessage(verdict.granted ? 'info.Granted' : 'info.NotGranted', [verdict.access]));
        if (verdict.sources.length === 0) this.log(messages.getMessage('info.NoSource'));
        else this.table({ data: sourceRows(verdict) });
        for (const hint of verdict.hints ?? []) this.log(`  → ${hint}`);
      }
      this.log('');
    }
    if (!result.compareUser) return;
    const rows = differenceRows(result);
    if (rows.length === 0) this.log(messages.getMessage('info.NoDifferences', [result.user, result.compareUser.user]));
    else this.table({ data: rows, title: messages.getMessage('info.Differences') });
  }
}

/** An alias (sf alias set) names its username; anything else is taken as a username or a user Id. */
async function resolveUser(value: string): Promise<string> {
  const state = await StateAggregator.getInstance();
  return state.aliases.resolveUsername(value.trim());
}

async function inputStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) throw messages.createError(error.key, error.tokens);
    throw error;
  }
}
