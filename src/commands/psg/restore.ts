import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { restore, type RestoreResult } from '../../services/retire/restore-service.js';
import { MAX_RESTORE_WAIT_MINUTES, runRetireRestore } from '../../shared/retire-restore-run.js';
import { checkWait, checkWaitSeconds } from '../../shared/wait-flag.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.restore');

export type PsgRestoreResult = RestoreResult;

export default class PsgRestore extends SfCommand<PsgRestoreResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    file: Flags.file({ char: 'f', required: true, exists: false, summary: messages.getMessage('flags.file.summary') }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: MAX_RESTORE_WAIT_MINUTES, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
  };

  public async run(): Promise<PsgRestoreResult> {
    const { flags } = await this.parse(PsgRestore);
    checkWait(flags.wait, MAX_RESTORE_WAIT_MINUTES);
    checkWaitSeconds(flags['wait-seconds'], MAX_RESTORE_WAIT_MINUTES);
    const org = flags['target-org'];
    return runRetireRestore(this, {
      org,
      apiVersion: flags['api-version'],
      request: { file: flags.file, orgId: org.getOrgId(), waitMs: (flags['wait-seconds'] ?? flags.wait).milliseconds },
      restore,
      backupError: (error) => messages.createError(error.key, error.tokens),
    });
  }
}
