import type {
  AckOneBgpPeer,
  AckOneVbr,
  AckOneWhere,
} from '@internal/plugin-ack-one-node';
import { ActionRun } from '../common';

/** The VBR and BGP settings of `ack-one:network:connect`. */
export interface VbrSettings {
  physicalConnectionId: string;
  vlanId: number;
  localGatewayIp: string;
  peerGatewayIp: string;
  peeringSubnetMask: string;
  peerAsn: number;
  localAsn?: number;
  peerIpAddress: string;
  /** Secret. */
  authKey?: string;
  name: string;
}

const GONE = ['terminated', 'terminating', 'deleting'];

/** Create-or-get of the VBR on the circuit's VLAN, waited for until active. */
export async function ensureVbr(
  run: ActionRun,
  where: AckOneWhere,
  s: VbrSettings,
): Promise<AckOneVbr> {
  const { write } = run.deps;
  const onCircuit = () =>
    write.describeVirtualBorderRouters(where, {
      physicalConnectionId: s.physicalConnectionId,
    });
  const vbrId = await run.ensure({
    what: 'VBR',
    key: `vbr-${s.physicalConnectionId}-${s.vlanId}`,
    find: async () => {
      const found = (await onCircuit()).find(
        v => v.vlanId === s.vlanId && !GONE.includes(v.status),
      );
      if (
        found &&
        (found.localGatewayIp !== s.localGatewayIp ||
          found.peerGatewayIp !== s.peerGatewayIp)
      ) {
        throw new Error(
          `VLAN ${s.vlanId} on ${s.physicalConnectionId} is already used by ${found.vbrId} (${found.localGatewayIp} / ${found.peerGatewayIp}); choose another VLAN`,
        );
      }
      return found?.vbrId;
    },
    create: clientToken =>
      write.createVirtualBorderRouter(where, {
        physicalConnectionId: s.physicalConnectionId,
        vlanId: s.vlanId,
        localGatewayIp: s.localGatewayIp,
        peerGatewayIp: s.peerGatewayIp,
        peeringSubnetMask: s.peeringSubnetMask,
        name: s.name,
        description: 'Created by Backstage (ack-one:network:connect)',
        clientToken,
      }),
    exists: async id =>
      (
        await write.describeVirtualBorderRouters(where, { vbrId: id })
      ).some(v => !GONE.includes(v.status)),
  });
  return waitVbrActive(run, where, vbrId);
}

/** Waits until a VBR is active; terminated or gone ends the wait. */
function waitVbrActive(
  run: ActionRun,
  where: AckOneWhere,
  vbrId: string,
): Promise<AckOneVbr> {
  const { write } = run.deps;
  return run.waitFor({
    what: `VBR ${vbrId}`,
    timeoutSeconds: 600,
    poll: async () => {
      const [v] = await write.describeVirtualBorderRouters(where, { vbrId });
      return {
        done: v?.status === 'active',
        state: v?.status ?? 'gone',
        value: v,
        failed:
          !v || GONE.includes(v.status)
            ? `is ${v?.status ?? 'gone'}`
            : undefined,
      };
    },
    hint: 'A VBR created for another account stays unconfirmed until that account accepts it',
  });
}

/** Create-or-get of the BGP group of the VBR and peer AS, waited for until Available. */
async function ensureBgpGroup(
  run: ActionRun,
  where: AckOneWhere,
  vbrId: string,
  s: VbrSettings,
): Promise<string> {
  const { write } = run.deps;
  const groups = (filter: { routerId?: string; bgpGroupId?: string }) =>
    write.describeBgpGroups(where, filter);
  const bgpGroupId = await run.ensure({
    what: 'BGP group',
    key: `bgp-group-${s.peerAsn}`,
    find: async () =>
      (
        await groups({ routerId: vbrId })
      ).find(g => g.peerAsn === s.peerAsn && g.status !== 'Deleting')
        ?.bgpGroupId,
    create: clientToken =>
      write.createBgpGroup(where, {
        routerId: vbrId,
        peerAsn: s.peerAsn,
        localAsn: s.localAsn,
        authKey: s.authKey,
        name: s.name,
        clientToken,
      }),
    exists: async id => (await groups({ bgpGroupId: id })).length > 0,
  });
  await waitAvailable(
    run,
    `BGP group ${bgpGroupId}`,
    async () => (await groups({ bgpGroupId }))[0]?.status,
    'Available',
    bgpGroupId,
  );
  return bgpGroupId;
}

/** Create-or-get of the peer of a BGP group, waited for until Available. */
async function ensureBgpPeer(
  run: ActionRun,
  where: AckOneWhere,
  bgpGroupId: string,
  s: VbrSettings,
): Promise<string> {
  const { write } = run.deps;
  const peers = (filter: { bgpGroupId?: string; bgpPeerId?: string }) =>
    write.describeBgpPeers(where, filter);
  const bgpPeerId = await run.ensure({
    what: 'BGP peer',
    key: `bgp-peer-${s.peerIpAddress}`,
    find: async () =>
      (
        await peers({ bgpGroupId })
      ).find(
        p => p.peerIpAddress === s.peerIpAddress && p.status !== 'Deleting',
      )?.bgpPeerId,
    create: clientToken =>
      write.createBgpPeer(where, {
        bgpGroupId,
        peerIpAddress: s.peerIpAddress,
        clientToken,
      }),
    exists: async id => (await peers({ bgpPeerId: id })).length > 0,
  });
  await waitAvailable(
    run,
    `BGP peer ${bgpPeerId}`,
    async () => (await peers({ bgpPeerId }))[0]?.status,
    'Available',
    bgpPeerId,
  );
  return bgpPeerId;
}

/** Create-or-get of the BGP group (VBR + peer AS) and its peer, both Available. */
export async function ensureBgp(
  run: ActionRun,
  where: AckOneWhere,
  vbrId: string,
  s: VbrSettings,
): Promise<{ bgpGroupId: string; bgpPeerId: string }> {
  const bgpGroupId = await ensureBgpGroup(run, where, vbrId, s);
  const bgpPeerId = await ensureBgpPeer(run, where, bgpGroupId, s);
  return { bgpGroupId, bgpPeerId };
}

/**
 * Waits for a resource status `Available` (or `ready`); gone means its
 * creation failed, and the resource `id` is no longer listed as existing.
 */
export function waitAvailable(
  run: ActionRun,
  what: string,
  status: () => Promise<string | undefined>,
  ready = 'Available',
  id?: string,
): Promise<void> {
  return run.waitFor({
    what,
    timeoutSeconds: 600,
    poll: async () => {
      const st = await status();
      if (!st && id) run.forget(id);
      return {
        done: st === ready,
        state: st ?? 'gone',
        failed: st
          ? undefined
          : 'is gone: its creation failed. Retry the task to create it again',
      };
    },
  });
}

/** Waits (bounded) until the BGP session is Established. */
export function waitForBgpSession(
  run: ActionRun,
  where: AckOneWhere,
  bgpPeerId: string,
  s: VbrSettings,
  timeoutSeconds: number,
): Promise<AckOneBgpPeer> {
  return run.waitFor({
    what: `the BGP session of peer ${bgpPeerId} (${s.peerIpAddress}, peer AS ${s.peerAsn})`,
    timeoutSeconds,
    poll: async () => {
      const [p] = await run.deps.write.describeBgpPeers(where, { bgpPeerId });
      return {
        done: p?.bgpStatus === 'Established',
        state: `BgpStatus ${p?.bgpStatus ?? 'unknown'}`,
        value: p,
        failed: p ? undefined : 'is gone',
      };
    },
    hint: `Check the IDC router's side against the VBR: peer IP ${
      s.peerIpAddress
    }, its AS ${s.peerAsn}, the cloud-side AS ${
      s.localAsn ?? 45104
    } and the BGP auth key`,
  });
}
