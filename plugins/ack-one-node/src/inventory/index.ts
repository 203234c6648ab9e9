export { ackOneInventoryServiceRef } from './service';
export { DefaultAckOneInventory } from './DefaultAckOneInventory';
export { CoalescedRun } from './CoalescedRun';
export type { DefaultAckOneInventoryOptions } from './DefaultAckOneInventory';
export type {
  AckOneClusterStates,
  AckOneInventory,
  AckOneInventoryCluster,
  AckOneInventoryFleet,
  AckOneInventoryMember,
  AckOneInventoryRegion,
  AckOneInventorySnapshot,
} from './types';
