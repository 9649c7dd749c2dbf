import { type Dump } from '../support/org-harness.js';

/**
 * The assignments a dump holds, as "username|target" keys (target = permission set Name or group DeveloperName),
 * leaving out the profile rows every user has. Also counts how often each key occurs, to catch duplicates.
 */
export function assignmentKeys(dump: Dump): { keys: Set<string>; duplicates: string[] } {
  const users = new Map(dump.records.User.map((u) => [u.Id, String(u.Username)]));
  const sets = new Map(dump.records.PermissionSet.map((p) => [p.Id, p]));
  const groups = new Map(dump.records.PermissionSetGroup.map((g) => [g.Id, String(g.DeveloperName)]));
  const keys = new Set<string>();
  const duplicates: string[] = [];
  for (const row of dump.records.PermissionSetAssignment) {
    const set = sets.get(row.PermissionSetId);
    if (set?.IsOwnedByProfile === true) continue;
    const target = typeof row.PermissionSetGroupId === 'string' ? groups.get(row.PermissionSetGroupId) : String(set?.Name);
    const key = `${users.get(row.AssigneeId)}|${target}`;
    if (keys.has(key)) duplicates.push(key);
    keys.add(key);
  }
  return { keys, duplicates };
}

/** A small deterministic PRNG (mulberry32) for kill points and fault seeds that repeat run after run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Objects a retirement and a restore touch. */
export const RETIRE_OBJECTS = [
  'PermissionSet',
  'MutingPermissionSet',
  'PermissionSetGroup',
  'PermissionSetGroupComponent',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'SetupEntityAccess',
];
/** Fields that differ for any recreated record (Ids and audit stamps). */
const VOLATILE = new Set(['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted']);
const NAME_FIELDS = ['Username', 'Name', 'DeveloperName'];

/**
 * The dump with every Id replaced by the name of the record it points to (Username, Name, DeveloperName), audit
 * fields dropped, and each object's rows sorted: two orgs compare equal when they differ only in record Ids. A
 * duplicate row shows up as a second, equal entry, so an equal comparison also rules out duplicates.
 */
export function comparable(dump: Dump, objects: readonly string[] = RETIRE_OBJECTS): Record<string, string[]> {
  const names = new Map<string, string>();
  for (const rows of Object.values(dump.records)) {
    for (const row of rows) {
      const field = NAME_FIELDS.find((f) => typeof row[f] === 'string');
      if (field) names.set(String(row.Id), String(row[field]));
    }
  }
  const rename = (value: unknown): unknown => (typeof value === 'string' && names.has(value) ? `→${names.get(value)}` : value);
  return Object.fromEntries(
    objects.map((type) => [
      type,
      (dump.records[type] ?? [])
        .map((row) =>
          JSON.stringify(
            Object.fromEntries(
              Object.entries(row)
                .filter(([f]) => !VOLATILE.has(f))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([f, v]) => [f, rename(v)])
            )
          )
        )
        .sort(),
    ])
  );
}

/**
 * What a completed `psg retire -n <name> --remove-assignments` leaves of `dump`: the set, its permission rows, its
 * group components and its direct assignments gone, every other record as it was (groups end Updated either way).
 */
export function retiredState(dump: Dump, setName: string): Dump {
  const set = dump.records.PermissionSet.find((p) => p.Name === setName && p.IsOwnedByProfile !== true && p.PermissionSetGroupId == null);
  if (!set) throw new Error(`no permission set ${setName} in the dump`);
  const gone = (row: Record<string, unknown>): boolean => row.Id === set.Id || row.PermissionSetId === set.Id || row.ParentId === set.Id;
  return { records: Object.fromEntries(Object.entries(dump.records).map(([type, rows]) => [type, rows.filter((row) => !gone(row))])) };
}
