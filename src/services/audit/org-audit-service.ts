import { type OrgGateway } from '../../gateway/index.js';
import { type AccessKey, permissionField } from '../../planning/access/index.js';
import { qualifiedName } from '../../planning/assignment/names.js';
import { type AuditOutcome, runAudit } from '../../planning/audit/engine.js';
import { type AuditModel, type LicenseBudget, type LicenseNeed, type RedundantFact } from '../../planning/audit/model.js';
import { RULES } from '../../planning/audit/rules/catalogue.js';
import { type AuditSettings, type PartialSettings } from '../../planning/audit/settings.js';
import { mapLimit } from '../../shared/map-limit.js';
import { grantsByParent, id15, type OrgFacts } from '../explain/build-input.js';
import { readFieldRowsOf, readObjectRowsOf } from '../explain/explain-reads.js';
import { type Describe, permissionNamesOf } from '../explain/explain-service.js';
import { readUserLicenses } from '../psl/psl-reads.js';
import { reportPsls } from '../psl/report-service.js';
import { readMuteBypasses } from './mute-bypass.js';
import { orgDefinitions } from './org-model.js';
import { countRedundant, readAssignmentCounts, readAuditGroups, readAuditMutes, readAuditSets } from './org-reads.js';
import { auditSettings, readSourceModel } from './source-audit-service.js';

export type OrgAuditRequest = {
  /** `psg audit -o`: the composition rules and the org rules; `permset health`: the org rules only. */
  scopes: Array<'any' | 'org'>;
  flagSettings: PartialSettings;
  cwd: string;
  /** With `psg audit -o --source-dir`: the source whose groups drift compares. */
  sourceDirs?: string[];
  now: Date;
};

export type OrgAudit = AuditOutcome & { settings: AuditSettings; requests: number };

const CONCURRENCY = 4;

/** Permissions* fields of a describe, as field names. */
const permissionFieldsOf = (describe: Describe | undefined): string[] => permissionNamesOf(describe).map(permissionField);

/** Which rules will run, so that reads only they need are skipped when they are off or out of scope. */
function wants(request: OrgAuditRequest, settings: AuditSettings): (rule: string) => boolean {
  return (rule) => {
    const info = RULES.find((r) => r.id === rule);
    return info !== undefined && (request.scopes as string[]).includes(info.scope) && settings.rules[rule] !== 'off';
  };
}

/**
 * The org audit: reads the groups, sets and mutes (with their grants when the composition rules run), the
 * assignment aggregates, the PSL budget of `psl report`, and for mute-ineffective the users of muted groups; builds
 * the same normalised model as the source audit; runs the rules. Requests follow the number of components.
 */
export async function auditOrg(gateway: OrgGateway, request: OrgAuditRequest): Promise<OrgAudit> {
  const settings = await auditSettings(request.cwd, request.flagSettings);
  const want = wants(request, settings);
  const source = request.sourceDirs && request.sourceDirs.length > 0 ? await readSourceModel(request.sourceDirs, request.cwd) : undefined;
  const describes = await gateway.describeMany<Describe>(['PermissionSet', 'MutingPermissionSet']);
  const setFields = permissionFieldsOf(describes.get('PermissionSet'));
  const muteFields = permissionFieldsOf(describes.get('MutingPermissionSet'));
  const [groups, sets, mutes, counts, userLicenses, psl] = await Promise.all([
    readAuditGroups(gateway),
    readAuditSets(gateway, setFields),
    readAuditMutes(gateway, muteFields),
    readAssignmentCounts(gateway, request.now, settings.expiringWithinDays),
    readUserLicenses(gateway),
    reportPsls(gateway, { threshold: settings.pslThreshold, includeUserLicenses: false, details: false, now: request.now }),
  ]);
  // Rows of the mutes always (mute-ineffective needs what they mute); of the member sets when the composition rules run.
  const memberIds = request.scopes.includes('any') ? groups.flatMap((g) => (g.PermissionSetGroupComponents?.records ?? []).map((c) => c.PermissionSetId)) : [];
  const parents = [...new Set([...mutes.map((m) => m.Id), ...memberIds])];
  const [objectRows, fieldRows] = await Promise.all([readObjectRowsOf(gateway, parents), readFieldRowsOf(gateway, parents)]);
  const licenseNames = new Map(psl.licenses.map((l) => [id15(l.id), l.masterLabel]));
  const facts: OrgFacts = {
    groups: new Map(groups.map((g) => [id15(g.Id), g])),
    candidateGroups: [],
    sets: new Map(sets.map((s) => [id15(s.Id), s])),
    mutes: new Map(mutes.map((m) => [id15(m.Id), m])),
    objectRows,
    fieldRows,
    permissionFields: [...new Set([...setFields, ...muteFields])],
    licenseNames,
  };
  const grants = grantsByParent(facts);
  const licenses = new Map<string, LicenseNeed>([
    ...userLicenses.map((l): [string, LicenseNeed] => [id15(l.id), { name: l.name, kind: 'user' }]),
    ...psl.licenses.map((l): [string, LicenseNeed] => [id15(l.id), { name: l.developerName, kind: 'psl' }]),
  ]);
  const defs = orgDefinitions({ groups, sets, mutes, grants, licenses, counts });
  const muted = mutedKeys(defs, groups, grants);
  const mutedGroups = mutedGroupIds(defs, groups, muted);
  const [redundant, muteBypasses] = await Promise.all([
    want('redundant-assignment') ? readRedundant(gateway, groups, sets) : Promise.resolve([]),
    want('mute-ineffective')
      ? readMuteBypasses(gateway, { groups, sets, mutes, objectRows, fieldRows, permissionFields: facts.permissionFields, licenseNames, groupIds: mutedGroups, now: request.now, expiringWithinDays: settings.expiringWithinDays }, muted)
      : Promise.resolve([]),
  ]);
  const model: AuditModel = {
    origin: 'org',
    ...defs,
    problems: [],
    project: { dependencies: [] },
    org: { now: request.now.toISOString(), licenses: psl.licenses.map(budgetOf), muteBypasses, redundant, ...(source ? { sourceGroups: source.model.groups } : {}) },
  };
  const outcome = runAudit(model, settings, request.scopes);
  return { ...outcome, settings, requests: gateway.stats.reads + gateway.stats.writes };
}

function budgetOf(row: Awaited<ReturnType<typeof reportPsls>>['licenses'][number]): LicenseBudget {
  return {
    name: row.developerName,
    label: row.masterLabel,
    states: row.states,
    totalLicenses: row.totalLicenses,
    usedLicenses: row.usedLicenses,
    percentUsed: row.percentUsed,
    inactiveHolders: row.inactiveHolders,
    unusedHolders: row.unusedHolders,
  };
}

type Defs = ReturnType<typeof orgDefinitions>;
type GroupRows = Awaited<ReturnType<typeof readAuditGroups>>;

/**
 * Per group with a mute: the mute's keys. These are the objects and fields whose rows mute-ineffective reads for
 * every parent; which of them a member grants (and another source still gives) the access model decides there,
 * so `permset health` needs no rows of the member sets here.
 */
function mutedKeys(defs: Defs, groups: GroupRows, grants: Map<string, Set<AccessKey>>): Map<string, Set<AccessKey>> {
  const out = new Map<string, Set<AccessKey>>();
  const muteIds = new Set(defs.mutes.map((m) => id15(m.fingerprint)));
  for (const row of groups) {
    const muteId = (row.PermissionSetGroupComponents?.records ?? []).map((c) => id15(c.PermissionSetId)).find((id) => muteIds.has(id));
    const keys = muteId ? grants.get(muteId) : undefined;
    if (keys && keys.size > 0) out.set(id15(row.Id), keys);
  }
  return out;
}

/** The muted groups with active holders: whose users mute-ineffective reads. */
function mutedGroupIds(defs: Defs, groups: GroupRows, muted: Map<string, Set<AccessKey>>): string[] {
  return groups.filter((g, i) => muted.has(id15(g.Id)) && (defs.groups[i].holders?.active ?? 0) > 0).map((g) => g.Id);
}

/**
 * One COUNT() per group with member sets: how many of its users also hold one of its members directly. Every such
 * group is asked, held or not, so the number of requests is the number of groups whatever the assignments are.
 */
async function readRedundant(gateway: OrgGateway, groups: GroupRows, sets: Awaited<ReturnType<typeof readAuditSets>>): Promise<RedundantFact[]> {
  const setById = new Map(sets.map((s) => [id15(s.Id), s]));
  const candidates = groups
    .map((group) => ({ group, members: (group.PermissionSetGroupComponents?.records ?? []).map((c) => setById.get(id15(c.PermissionSetId))).filter((s): s is NonNullable<typeof s> => s !== undefined) }))
    .filter((c) => c.members.length > 0);
  const found = await mapLimit(candidates, CONCURRENCY, async (c) => ({ ...c, users: await countRedundant(gateway, c.group.Id, c.members.map((m) => m.Id)) }));
  return found
    .filter((f) => f.users > 0)
    .map((f) => ({ group: qualifiedName(f.group.NamespacePrefix, f.group.DeveloperName), sets: f.members.map((m) => qualifiedName(m.NamespacePrefix, m.Name)), users: f.users }));
}
