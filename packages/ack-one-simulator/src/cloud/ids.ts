import { randomBytes, randomUUID } from 'crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALNUM[bytes[i] % ALNUM.length];
  }
  return out;
}

/** CS cluster and Fleet ids: `c` followed by 32 hex digits. */
export const newClusterId = () => `c${randomBytes(16).toString('hex')}`;
export const newTaskId = () => `T-${randomBytes(12).toString('hex')}`;
export const newVbrId = () => `vbr-${randomAlnum(21)}`;
export const newBgpGroupId = () => `bgpg-${randomAlnum(20)}`;
export const newBgpPeerId = () => `bgpp-${randomAlnum(20)}`;
export const newRouteEntryId = () => `rte-${randomAlnum(20)}`;
export const newCenId = () => `cen-${randomAlnum(18)}`;
export const newRequestId = () => randomUUID().toUpperCase();

/** RFC 3339 UTC timestamp without fractional seconds. */
export function rfc3339(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
export const newTransitRouterId = () => `tr-${randomAlnum(21)}`;
export const newTrAttachmentId = () => `tr-attach-${randomAlnum(18)}`;
export const newTrRouteTableId = () => `vtb-${randomAlnum(21)}`;
