/** Salesforce refuses request URIs over 16,384 bytes; keep room for the query text around the IN list. */
const URI_BUDGET = 16_384 - 1_024;

/** How many queries an IN list of these values needs when each must fit in one request URI (percent-encoded). */
export function uriChunks(values: string[]): number {
  let chunks = 0;
  let used = URI_BUDGET;
  for (const value of values) {
    const size = encodeURIComponent(`'${value}',`).length;
    if (used + size > URI_BUDGET) {
      chunks++;
      used = 0;
    }
    used += size;
  }
  return chunks;
}

export type AssignmentBound = { reads: number; writes: number; total: number };

/**
 * The fewest requests any client needs to make `pairs` assignments hold: ceil(missing / 200) collection writes,
 * plus the reads without which it cannot plan them — the users by username (URI-chunked), one lookup per kind of
 * target named (permission sets; groups and their components), and the users' existing assignments (URI-chunked
 * by 18-character user Id). A rerun writes nothing but still needs the reads.
 */
export function assignmentLowerBound(usernames: string[], kinds: { sets: boolean; groups: boolean }, missingPairs: number): AssignmentBound {
  const fakeIds = usernames.map((_, i) => `005${String(i).padStart(15, '0')}`);
  const reads = uriChunks(usernames) + (kinds.sets ? 1 : 0) + (kinds.groups ? 2 : 0) + uriChunks(fakeIds);
  const writes = Math.ceil(missingPairs / 200);
  return { reads, writes, total: reads + writes };
}
