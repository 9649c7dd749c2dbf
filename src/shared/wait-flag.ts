import { Messages } from '@salesforce/core';
import { type Duration } from '@salesforce/kit';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'shared');

/**
 * sf-plugins-core's duration flag skips its lower bound when that bound is 0 (it tests `min &&`), so a negative
 * --wait would slip through as "no wait". Commands check the range here instead.
 */
export function checkWait(wait: Duration | undefined, maxMinutes: number): void {
  if (wait && (wait.quantity < 0 || wait.minutes > maxMinutes)) {
    throw messages.createError('error.WaitRange', [String(maxMinutes), String(wait.quantity)]);
  }
}

/** The hidden --wait-seconds of the psg commands: the same range as their --wait, in seconds, never below 0. */
export function checkWaitSeconds(wait: Duration | undefined, maxMinutes: number): void {
  if (wait && (wait.quantity < 0 || wait.seconds > maxMinutes * 60)) {
    throw messages.createError('error.WaitSecondsRange', [String(maxMinutes * 60), String(wait.quantity)]);
  }
}
