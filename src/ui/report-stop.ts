import { type SfError } from '@salesforce/core';

/** The parts of an SfCommand a stop is reported through. */
export type StopReporter = {
  jsonEnabled(): boolean;
  warn(input: { name: string; message: string; actions?: string[] }): unknown;
  logToStderr(message: string): void;
};

/**
 * Reports why a command that still returns its result (a timeout, a Failed group, a partial restore) did not
 * finish: on stderr with its actions for a person; under --json in the output's warnings, since stderr stays quiet
 * there, so a pipeline learns too what to do next (often: rerun the same command).
 */
export function reportStop(command: StopReporter, error: SfError): void {
  if (command.jsonEnabled()) {
    command.warn({ name: error.name, message: error.message, actions: error.actions });
    return;
  }
  command.logToStderr(`Error: ${error.message}`);
  for (const action of error.actions ?? []) command.logToStderr(`  Try this: ${action}`);
}
