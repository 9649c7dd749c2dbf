import { type AccessKey, type AccessVerdict } from './types.js';

export type AccessDifference = {
  access: AccessKey;
  left: { user: string; granted: boolean };
  right: { user: string; granted: boolean };
};

/** What one user has that the other lacks, over the keys either was asked about (left's order, then right's). */
export function differences(leftUser: string, left: readonly AccessVerdict[], rightUser: string, right: readonly AccessVerdict[]): AccessDifference[] {
  const rightBy = new Map(right.map((v) => [v.access, v.granted]));
  const leftBy = new Map(left.map((v) => [v.access, v.granted]));
  const keys = [...new Set([...left.map((v) => v.access), ...right.map((v) => v.access)])];
  return keys
    .filter((key) => (leftBy.get(key) ?? false) !== (rightBy.get(key) ?? false))
    .map((key) => ({ access: key, left: { user: leftUser, granted: leftBy.get(key) ?? false }, right: { user: rightUser, granted: rightBy.get(key) ?? false } }));
}
