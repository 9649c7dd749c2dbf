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
