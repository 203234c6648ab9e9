import { ackOneEntityName, refName } from '@internal/plugin-ack-one-common';
import type {
  AckOneClusterStates,
  AckOneInventoryFleet,
  AckOneInventorySnapshot,
} from './types';

/** Cloud states in which ACK One hands out a kubeconfig. */
const CONNECTABLE_STATES = new Set([
  'running',
  'updating',
  'upgrading',
  'scaling',
]);

/** Fleet membership states of a cluster that is leaving the Fleet. */
const LEAVING_MEMBER_STATES = new Set(['deleting', 'deleted']);

/** Whether a member is leaving its Fleet. */
export function isLeavingMember(memberState?: string): boolean {
  return !!memberState && LEAVING_MEMBER_STATES.has(memberState.toLowerCase());
}

/** The one connectable rule (see `AckOneInventory.isConnectable`). */
export function isConnectableCluster(c: AckOneClusterStates): boolean {
  if (isLeavingMember(c.memberState)) return false;
  return !c.state || CONNECTABLE_STATES.has(c.state.toLowerCase());
}

/** The one naming rule (see `AckOneInventory.entityName`). */
export const entityNameOf = ackOneEntityName;

/** The Fleets that an id, name or entity ref names: by id first, else by name. */
export function fleetsMatching(
  snapshot: AckOneInventorySnapshot,
  idOrName: string,
): AckOneInventoryFleet[] {
  const byId = snapshot.fleets.filter(f => f.clusterId === idOrName);
  if (byId.length) return byId;
  const name = refName(idOrName);
  return snapshot.fleets.filter(
    f =>
      f.name === idOrName ||
      f.name === name ||
      (!!f.entityName && f.entityName === name),
  );
}
