import { type EmulatedOrg } from '../org/emulated-org.js';
import { createRecord } from '../rules/writes.js';
import { type SeedObject } from '../store/data-objects.js';
import { type RecordStore } from '../store/types.js';

export type SeedRecord = Record<string, unknown>;
export type Seed = {
  org?: { name?: string; username?: string; orgId?: string; edition?: string; isSandbox?: boolean; namespacePrefix?: string | null };
  records?: Record<string, SeedRecord[]>;
  /** Custom objects of the org (standard Account, Contact, Opportunity, Case and Lead are always there). */
  objects?: SeedObject[];
};

/** Parents before children, so that every `ref:` names a record that already exists when it is used. */
const LOAD_ORDER = [
  'UserLicense',
  'PermissionSetLicense',
  'Profile',
  'User',
  'PermissionSet',
  'MutingPermissionSet',
  'PermissionSetGroup',
  'PermissionSetGroupComponent',
  'PermissionSetLicenseAssign',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'SetupEntityAccess',
];

/** Fields the emulator derives itself: a seed may not set them (they are ignored, as the issue asks). */
const DERIVED: Record<string, string[]> = {
  PermissionSetLicense: ['UsedLicenses'],
  UserLicense: ['UsedLicenses'],
  PermissionSetGroup: ['Status'],
};

/** Seed-only directives: `ref`, and on groups `__status`, `__failRecalc`, `__recalcOnStart` and `__changedAt`. */
const DIRECTIVES = new Set(['ref', '__status', '__failRecalc', '__recalcOnStart', '__changedAt']);

export class SeedError extends Error {}

/** `@now`, `@now+30d`, `@now-2h`, `@now+15m`: a time relative to the emulator's clock. */
export function resolveNow(value: string, now: Date): string | undefined {
  const match = /^@now(?:([+-])(\d+)([dhm]))?$/.exec(value);
  if (!match) return undefined;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[3] as 'd' | 'h' | 'm'] ?? 0;
  const offset = match[1] ? (match[1] === '-' ? -1 : 1) * Number(match[2]) * unit : 0;
  return new Date(now.getTime() + offset).toISOString();
}

/**
 * Builds the org from a seed through the same rules as API writes (with `seeding` on: rows Salesforce makes itself
 * may be given, group status is not checked). Derived records and fields (profile sets, group aggregate sets,
 * UsedLicenses, Status) come from the rules, never from the seed.
 */
export function loadSeed(org: EmulatedOrg, seed: Seed): void {
  const records = seed.records ?? {};
  const { store } = org;
  for (const type of Object.keys(records)) {
    if (!LOAD_ORDER.includes(store.objectFor(type).name)) throw new SeedError(`seed: records of ${type} cannot be seeded`);
  }
  const refs = assignRefIds(store, records);
  const ctx = { ...org.ctx, seeding: true };
  const now = org.clock.now();
  const groupDirectives: Array<{ id: string; status?: unknown; fail?: unknown; recalc?: unknown; changedAt?: unknown }> = [];
  for (const type of LOAD_ORDER) {
    const list = Object.entries(records).find(([key]) => store.objectFor(key).name === type)?.[1] ?? [];
    list.forEach((raw, index) => {
      const fields = resolveFields(raw, refs, now, `${type}[${index}]`, store);
      for (const derived of DERIVED[type] ?? []) delete fields[derived];
      try {
        const record = createRecord(ctx, type, fields);
        if (type === 'PermissionSetGroup') groupDirectives.push({ id: record.Id, status: raw.__status, fail: raw.__failRecalc, recalc: raw.__recalcOnStart, changedAt: raw.__changedAt });
      } catch (error) {
        throw new SeedError(`seed: ${type}[${index}]${typeof raw.ref === 'string' ? ` (ref ${raw.ref})` : ''}: ${(error as Error).message}`);
      }
    });
  }
  for (const { id, status, fail, recalc, changedAt } of groupDirectives) {
    if (fail === true) org.groups.markFailing(id);
    if (typeof status === 'string') stampedAt(org, changedAt, () => store.update(id, { Status: status }));
    // A group "just changed" when the org starts: it recalculates (recalcMs) like any edited group.
    if (recalc === true) org.groups.changed(id);
  }
  createOrganization(org, seed);
}

/**
 * Runs a seed change as if made at `changedAt` (`@now-3h`): the clock is moved there for the write, so the record's
 * LastModifiedDate says when the group last changed (a group stuck in Updating for hours), then moved back.
 */
function stampedAt(org: EmulatedOrg, changedAt: unknown, write: () => void): void {
  if (changedAt === undefined) {
    write();
    return;
  }
  const at = typeof changedAt === 'string' ? resolveNow(changedAt, org.clock.now()) : undefined;
  if (!at) throw new SeedError(`seed: __changedAt: cannot read ${JSON.stringify(changedAt)} (use @now-2h, @now-30m)`);
  const offset = new Date(at).getTime() - org.clock.now().getTime();
  org.clock.advance(offset);
  try {
    write();
  } finally {
    org.clock.advance(-offset);
  }
}

function assignRefIds(store: RecordStore, records: Record<string, SeedRecord[]>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [type, list] of Object.entries(records)) {
    for (const record of list) {
      if (typeof record.ref !== 'string') continue;
      if (refs.has(record.ref)) throw new SeedError(`seed: ref "${record.ref}" is used twice`);
      // The seed itself is never written to (start() hands it over without a copy).
      refs.set(record.ref, typeof record.Id === 'string' ? record.Id : store.newId(store.objectFor(type).name));
    }
  }
  return refs;
}

/** `profileSet:<profile ref>`: the permission set Salesforce made for that profile (it has no ref of its own). */
function profileSetId(value: string, refs: Map<string, string>, store: RecordStore, where: string): string {
  const profileId = refs.get(value.slice('profileSet:'.length));
  const set = profileId ? store.findBy('PermissionSet', 'ProfileId', profileId)[0] : undefined;
  if (!set) throw new SeedError(`seed: ${where}: unknown ${value} (name a seeded profile's ref)`);
  return set.Id;
}

function resolveFields(raw: SeedRecord, refs: Map<string, string>, now: Date, where: string, store: RecordStore): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (DIRECTIVES.has(key)) continue;
    if (typeof value === 'string' && value.startsWith('profileSet:')) {
      fields[key] = profileSetId(value, refs, store, `${where}.${key}`);
    } else if (typeof value === 'string' && value.startsWith('ref:')) {
      const id = refs.get(value.slice(4));
      if (!id) throw new SeedError(`seed: ${where}.${key}: unknown ${value}`);
      fields[key] = id;
    } else if (typeof value === 'string' && value.startsWith('@now')) {
      const resolved = resolveNow(value, now);
      if (!resolved) throw new SeedError(`seed: ${where}.${key}: cannot read "${value}" (use @now, @now+30d, @now-2h)`);
      fields[key] = resolved;
    } else {
      fields[key] = value;
    }
  }
  if (typeof raw.ref === 'string') fields.Id = refs.get(raw.ref);
  return fields;
}

function createOrganization(org: EmulatedOrg, seed: Seed): void {
  const { store } = org;
  const users = [...store.all('User')];
  const username = seed.org?.username ?? (users[0]?.Username as string | undefined);
  const admin = users.find((u) => String(u.Username).toLowerCase() === String(username).toLowerCase());
  if (!admin) throw new SeedError(`seed: org.username "${String(username)}" is not among the seeded users`);
  const orgRecord = store.insert('Organization', {
    ...(seed.org?.orgId ? { Id: seed.org.orgId } : {}),
    Name: seed.org?.name ?? 'Emulated Org',
    OrganizationType: seed.org?.edition ?? 'Developer Edition',
    IsSandbox: seed.org?.isSandbox ?? false,
    TrialExpirationDate: null,
    InstanceName: 'EMU1',
    NamespacePrefix: seed.org?.namespacePrefix ?? null,
  });
  org.setIdentity(orgRecord.Id, admin.Id, String(admin.Username));
}
