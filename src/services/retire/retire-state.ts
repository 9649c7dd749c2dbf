import { type OrgGateway } from '../../gateway/index.js';
import { type RetireState } from '../../planning/retire/retire-plan.js';
import { type GroupState, type RetireSnapshot, type RetireTarget } from '../../planning/retire/types.js';
import { type BackupLocation } from './backup-location.js';
import { countOtherGroupsUsing, readGroupSnapshot, readGroupStates, readPermissionSetSnapshot } from './org-reads.js';

type StateRequest = { kind: 'permissionSet' | 'group'; name: string; deleteMuting: boolean };

/**
 * Reads what the planner needs: the target as the org shows it, the backup of an earlier run on it (found through
 * `locate`, which may refuse a --backup-file that belongs to something else), and the status of every group that
 * the set is or was a member of.
 */
export async function readRetireState(
  gateway: OrgGateway,
  request: StateRequest,
  locate: (current: RetireTarget | null) => Promise<BackupLocation>
): Promise<{ state: RetireState; location: BackupLocation }> {
  let current: RetireSnapshot | null;
  let groups: GroupState[] = [];
  if (request.kind === 'permissionSet') {
    const read = await readPermissionSetSnapshot(gateway, request.name);
    current = read?.snapshot ?? null;
    groups = read?.groups ?? [];
  } else {
    current = await readGroupSnapshot(gateway, request.name);
  }
  const location = await locate(current?.target ?? null);
  const prior = location.prior?.snapshot ?? null;
  const known = new Set(groups.map((g) => g.id));
  const earlier = (prior?.memberships ?? []).map((m) => m.groupId).filter((id) => !known.has(id));
  groups.push(...(await readGroupStates(gateway, earlier)));
  const state: RetireState = { current, prior, groups: new Map(groups.map((g) => [g.id, g])) };
  if (request.kind === 'group' && request.deleteMuting) await addMutingFacts(gateway, state);
  return { state, location };
}

async function addMutingFacts(gateway: OrgGateway, state: RetireState): Promise<void> {
  const group = state.current ?? state.prior;
  const mutingId = group?.group?.members.find((m) => m.muting)?.permissionSetId;
  if (!group || !mutingId) return;
  const usedElsewhere = await countOtherGroupsUsing(gateway, mutingId, group.target.id);
  state.mutingUsedElsewhere = usedElsewhere;
  if (!state.current && usedElsewhere === 0) {
    const still = await gateway.queryIn<{ Id: string }>('SELECT Id FROM MutingPermissionSet WHERE Id IN {IN}', [mutingId]);
    if (still.length > 0) state.leftoverMutingId = mutingId;
  }
}
