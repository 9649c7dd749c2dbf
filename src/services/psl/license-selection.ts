import { InputError } from '../../io/input-error.js';
import { type LicenseRecord } from './psl-reads.js';

/**
 * The licenses a command was asked for (--license, DeveloperNames, case-insensitive), in the org's order; all of
 * them when none is named. An unknown name refuses the whole run before anything else is read or written, and
 * the error (`error.UnknownLicense` of the command's messages) lists the names the org has.
 */
export function selectLicenses(all: readonly LicenseRecord[], names: readonly string[]): LicenseRecord[] {
  if (names.length === 0) return [...all];
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const unknown = [...new Set(names)].filter((n) => !all.some((l) => l.DeveloperName.toLowerCase() === n.toLowerCase()));
  if (unknown.length > 0) {
    const known = all.map((l) => l.DeveloperName).join(', ') || '(none)';
    throw new InputError('error.UnknownLicense', [unknown.join(', '), known]);
  }
  return all.filter((l) => wanted.has(l.DeveloperName.toLowerCase()));
}
