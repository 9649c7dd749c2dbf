// The package's entry point: the JSON result types of its commands, for scripts that read `--json` output in
// TypeScript. The commands themselves are found by oclif through package.json's oclif.commands.
export type { PermsetAssignResult } from './commands/permset/assign.js';
export type { PermsetExplainResult } from './commands/permset/explain.js';
export type { PermsetHealthResult } from './commands/permset/health.js';
export type { PermsetRestoreResult } from './commands/permset/restore.js';
export type { PermsetUnassignResult } from './commands/permset/unassign.js';
export type { PsgAuditResult } from './commands/psg/audit.js';
export type { PsgRetireResult } from './commands/psg/retire.js';
export type { PsgRestoreResult } from './commands/psg/restore.js';
export type { PsgWaitResult } from './commands/psg/wait.js';
export type { PslReportCommandResult } from './commands/psl/report.js';
export type { PslReclaimCommandResult } from './commands/psl/reclaim.js';
