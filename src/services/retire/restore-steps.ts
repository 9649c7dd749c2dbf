import { type OrgGateway, type WriteOptions, soqlString } from '../../gateway/index.js';
import {
  insertableFields,
  missingPermissionRows,
  planAssignments,
  planMemberships,
  type AssignmentStep,
  type MembershipStep,
} from '../../planning/retire/restore-plan.js';
import { type AssignmentSnapshot, type Membership, type SObjectFields } from '../../planning/retire/types.js';
import { PERMISSION_ROW_TYPES, createableFields, readPermissionRows } from './org-reads.js';

/** The writes of `psg restore`, each one creating only what the org lacks. */

export class RestoreWriteError extends Error {
  public constructor(public readonly what: string, detail: string) {
    super(`${what}: ${detail}`);
    this.name = 'RestoreWriteError';
  }
}

/**
 * Rounds of "read what the org holds, create what is missing" a restore step makes when the answer to a create was
 * lost, before it gives up. Each round sends only what the read shows missing, so a lost answer never duplicates.
 */
const VERIFY_ROUNDS = 5;
/** Creates here are never re-sent blind after a lost answer: the next round reads first. */
const READ_BEFORE_RESEND: WriteOptions = { resendUncertain: false };

/**
 * Finds a record by Id, else by its unique name; creates it from the backup when neither exists. A create whose
 * answer was lost (or that met DUPLICATE_VALUE: the record appeared meanwhile) is followed by the same look-up,
 * which finds the record and its Id.
 */
export async function ensureRecord(
  gateway: OrgGateway,
  sobject: 'PermissionSet' | 'PermissionSetGroup' | 'MutingPermissionSet',
  record: SObjectFields,
  nameField: 'Name' | 'DeveloperName'
): Promise<{ id: string; created: boolean }> {
  const name = String(record[nameField]);
  const namespace = (record.NamespacePrefix as string | null | undefined) ?? null;
  let fields: SObjectFields | undefined;
  let sent = false;
  for (let round = 1; ; round++) {
    const rows = await gateway.query<{ Id: string }>(
      `SELECT Id FROM ${sobject} WHERE Id = ${soqlString(String(record.Id))} OR (${nameField} = ${soqlString(name)} AND NamespacePrefix = ${namespace ? soqlString(namespace) : 'null'})`
    );
    if (rows.length > 0) return { id: rows[0].Id, created: sent };
    if (namespace) throw new RestoreWriteError(`${sobject} ${namespace}__${name}`, 'a namespaced (packaged) record cannot be recreated through the API; reinstall its package');
    fields ??= insertableFields(record, await createableFields(gateway, sobject));
    const [outcome] = await gateway.create(sobject, [fields], undefined, READ_BEFORE_RESEND);
    if (outcome.success && outcome.id) return { id: outcome.id, created: true };
    const unknown = outcome.uncertain === true || outcome.alreadyDone === true;
    if (!unknown || round >= VERIFY_ROUNDS) throw new RestoreWriteError(`${sobject} ${name}`, `${outcome.errorCode ?? 'ERROR'} ${outcome.message ?? ''}`.trim());
    sent = sent || outcome.uncertain === true;
  }
}

/**
 * Object, field and setup-entity permissions the set lacks; returns how many rows were created. These rows have no
 * key the API enforces for a client's retry, so a create whose answer was lost is never sent again as it was: the
 * rows are read again and only those still missing are created.
 */
export async function restorePermissionRows(gateway: OrgGateway, parentId: string, backup: Record<(typeof PERMISSION_ROW_TYPES)[number], SObjectFields[]>): Promise<number> {
  let created = 0;
  for (const type of PERMISSION_ROW_TYPES) {
    created += await createMissingRows(gateway, type, parentId, backup[type]);
  }
  return created;
}

async function createMissingRows(gateway: OrgGateway, type: (typeof PERMISSION_ROW_TYPES)[number], parentId: string, backupRows: SObjectFields[]): Promise<number> {
  const createable = await createableFields(gateway, type);
  let missingAtStart: number | undefined;
  for (let round = 1; ; round++) {
    const existing = await readPermissionRows(gateway, type, parentId, createable);
    const missing = missingPermissionRows(type, backupRows, existing, parentId).map((row) => insertableFields(row, createable));
    missingAtStart ??= missing.length;
    if (missing.length === 0) return missingAtStart;
    const outcomes = await gateway.create(type, missing, undefined, READ_BEFORE_RESEND);
    const refused = outcomes.find((o) => !o.success && !o.uncertain);
    if (refused) throw new RestoreWriteError(type, `${refused.errorCode ?? 'ERROR'} ${refused.message ?? ''}`.trim());
    const lost = outcomes.find((o) => o.uncertain);
    if (!lost) return missingAtStart;
    if (round >= VERIFY_ROUNDS) throw new RestoreWriteError(type, `${lost.errorCode ?? 'ERROR'} ${lost.message ?? ''}`.trim());
  }
}

/** Components linking `memberId` to the backed-up groups; returns the steps (created, present, group missing). */
export async function restoreMemberships(gateway: OrgGateway, memberId: string, memberships: readonly Membership[]): Promise<MembershipStep[]> {
  const [byId, byName, holding] = await Promise.all([
    gateway.queryIn<{ Id: string; DeveloperName: string }>('SELECT Id, DeveloperName FROM PermissionSetGroup WHERE Id IN {IN}', memberships.map((m) => m.groupId)),
    gateway.queryIn<{ Id: string; DeveloperName: string }>(
      'SELECT Id, DeveloperName FROM PermissionSetGroup WHERE DeveloperName IN {IN}',
      memberships.map((m) => m.groupName.replace(/^.*__/, ''))
    ),
    gateway.query<{ PermissionSetGroupId: string }>(`SELECT PermissionSetGroupId FROM PermissionSetGroupComponent WHERE PermissionSetId = ${soqlString(memberId)}`),
  ]);
  const groups = new Map<string, string>();
  for (const g of byName) groups.set(g.DeveloperName.toLowerCase(), g.Id);
  for (const g of byId) groups.set(g.Id, g.Id);
  const steps = planMemberships(memberships, groups, new Set(holding.map((h) => h.PermissionSetGroupId)));
  const creates = steps.filter((s) => s.action === 'create');
  const outcomes = await gateway.create('PermissionSetGroupComponent', creates.map((s) => ({ PermissionSetGroupId: s.groupId, PermissionSetId: memberId })));
  const failed = outcomes.find((o) => !o.success);
  if (failed) throw new RestoreWriteError(`group ${creates[failed.index].membership.groupName}`, `${failed.errorCode ?? 'ERROR'} ${failed.message ?? ''}`);
  return steps;
}

/** Direct assignments of the backup the target lacks, with their expiration dates. */
export async function restoreAssignments(
  gateway: OrgGateway,
  target: { PermissionSetId: string } | { PermissionSetGroupId: string },
  assignments: readonly AssignmentSnapshot[],
  now: number
): Promise<AssignmentStep[]> {
  const where = 'PermissionSetGroupId' in target ? `PermissionSetGroupId = ${soqlString(target.PermissionSetGroupId)}` : `PermissionSetId = ${soqlString(target.PermissionSetId)}`;
  const [users, existing] = await Promise.all([
    gateway.queryIn<{ Id: string; IsActive: boolean }>('SELECT Id, IsActive FROM User WHERE Id IN {IN}', assignments.map((a) => a.assigneeId)),
    gateway.query<{ AssigneeId: string }>(`SELECT AssigneeId FROM PermissionSetAssignment WHERE ${where}`),
  ]);
  const steps = planAssignments(assignments, new Map(users.map((u) => [u.Id, { isActive: u.IsActive }])), new Set(existing.map((e) => e.AssigneeId)), now);
  const creates = steps.filter((s) => s.action === 'create');
  const outcomes = await gateway.create(
    'PermissionSetAssignment',
    creates.map((s) => ({ AssigneeId: s.assignment.assigneeId, ...target, ...(s.assignment.expirationDate ? { ExpirationDate: s.assignment.expirationDate } : {}) }))
  );
  // Each assignment stands alone: one Salesforce refuses is reported on its row, the others are still restored.
  const refused = new Map<AssignmentStep, string>();
  for (const outcome of outcomes) if (!outcome.success) refused.set(creates[outcome.index], `${outcome.errorCode ?? 'ERROR'} ${outcome.message ?? ''}`.trim());
  return steps.map((s) => (refused.has(s) ? { ...s, action: 'failed', error: refused.get(s) } : s));
}
