import { type Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';

/**
 * The flags `psg audit` and `permset health` share: the gate, the output file, rule levels and the org rules'
 * thresholds. Each command passes its own message bundle, so its help words them for what it audits.
 */
export function auditFlags(messages: Messages<string>) {
  return {
    'fail-on': Flags.option({ summary: messages.getMessage('flags.fail-on.summary'), options: ['error', 'warning', 'info', 'never'] as const, default: 'error' })(),
    'output-file': Flags.string({ summary: messages.getMessage('flags.output-file.summary'), description: messages.getMessage('flags.output-file.description') }),
    overwrite: Flags.boolean({ summary: messages.getMessage('flags.overwrite.summary'), dependsOn: ['output-file'] }),
    rule: Flags.string({ summary: messages.getMessage('flags.rule.summary'), multiple: true }),
    // No defaults here on purpose: sfdx-project.json may set them, and an unset flag must not hide that.
    'stuck-after': Flags.integer({ summary: messages.getMessage('flags.stuck-after.summary'), min: 1, max: 525_600 }),
    'psl-threshold': Flags.integer({ summary: messages.getMessage('flags.psl-threshold.summary'), min: 1, max: 100 }),
    'expiring-within': Flags.integer({ summary: messages.getMessage('flags.expiring-within.summary'), min: 1, max: 3650 }),
  };
}
