import type { CloudContext } from './context';
import { rfc3339 } from './ids';
import type { SimBgpGroup, SimBgpPeer, SimIdcRouter, SimVbr } from './model';
import { physicalConnectionOf } from './vpcCommon';

/** The AS number of the Alibaba Cloud side when the group sets none. */
export const DEFAULT_LOCAL_ASN = 45104;

/** Status of a BGP group or peer; worlds saved before it existed hold Available ones. */
export function resourceStatus(x: { status?: string }) {
  return x.status ?? 'Available';
}

type Outcome = {
  bgpStatus: SimBgpPeer['bgpStatus'];
  reason: string;
};

/**
 * Why the IDC router would not establish this session, or undefined when it
 * would: the TCP connection needs the right address and MD5 key, the OPEN the
 * right AS numbers on both sides. The reasons never show the key. Which of
 * the documented BgpStatus values the service shows for each mismatch
 * (Connect without TCP, Active after a refused OPEN) is approximated
 * (UNVERIFIED).
 */
function idcMismatch(
  router: SimIdcRouter | undefined,
  peer: SimBgpPeer,
  group: SimBgpGroup,
  line: string,
): Outcome | undefined {
  const ip = peer.peerIpAddress;
  if (!ip) {
    return { bgpStatus: 'Idle', reason: 'the BGP peer has no PeerIpAddress' };
  }
  if (!router) {
    return {
      bgpStatus: 'Connect',
      reason: `no BGP speaker answers at ${ip}: nothing is configured at the far end of ${line}`,
    };
  }
  if (ip !== router.ipAddress) {
    return {
      bgpStatus: 'Connect',
      reason: `no BGP speaker answers at ${ip} on ${line}: check PeerIpAddress against the IDC router's address`,
    };
  }
  if ((group.authKey ?? '') !== (router.authKey ?? '')) {
    return {
      bgpStatus: 'Connect',
      reason: `TCP MD5 authentication with ${ip} fails: the BGP group's AuthKey does not match the IDC router's key`,
    };
  }
  if (group.peerAsn !== router.asn) {
    return {
      bgpStatus: 'Active',
      reason: `the IDC router at ${ip} refuses the OPEN (bad peer AS): the group's PeerAsn ${group.peerAsn} is not the IDC router's AS number`,
    };
  }
  const expected = router.remoteAsn ?? DEFAULT_LOCAL_ASN;
  if (group.localAsn !== expected) {
    return {
      bgpStatus: 'Active',
      reason: `the IDC router at ${ip} refuses the OPEN (bad peer AS): it expects AS ${expected} on the Alibaba Cloud side, the group's LocalAsn is ${group.localAsn}`,
    };
  }
  return undefined;
}

/** What keeps a session from even trying: the resources themselves. */
function notReady(
  ctx: CloudContext,
  peer: SimBgpPeer,
): { outcome?: Outcome; group?: SimBgpGroup; vbr?: SimVbr } {
  const idle = (reason: string) => ({
    outcome: { bgpStatus: 'Idle' as const, reason },
  });
  if (resourceStatus(peer) !== 'Available') {
    return idle(`the BGP peer is ${resourceStatus(peer)}`);
  }
  const group = ctx.state.bgpGroups.find(g => g.bgpGroupId === peer.bgpGroupId);
  if (!group || resourceStatus(group) !== 'Available') {
    return idle(`the BGP group is ${group ? resourceStatus(group) : 'gone'}`);
  }
  const vbr = ctx.state.vbrs.find(v => v.vbrId === group.routerId);
  if (!vbr || vbr.status !== 'active') {
    return idle(`the VBR is ${vbr?.status ?? 'gone'}`);
  }
  return { group, vbr };
}

function setSession(peer: SimBgpPeer, outcome: Outcome | undefined) {
  const bgpStatus = outcome?.bgpStatus ?? 'Connect';
  if (peer.bgpStatus !== bgpStatus || peer.reason !== outcome?.reason) {
    peer.bgpStatus = bgpStatus;
    peer.reason = outcome?.reason;
    peer.updated = rfc3339();
  }
}

/**
 * Moves a BGP session as far as its configuration allows: Idle while a
 * resource is not ready; Connect or Active, with a reason, while it does not
 * match the IDC router; Connect and then Established after the BGP time when
 * it does. A session that flapped stays down until its down time is over.
 */
export function evaluateBgpPeer(ctx: CloudContext, peer: SimBgpPeer) {
  const id = peer.bgpPeerId;
  if (peer.flapUntil !== undefined) {
    if (ctx.now() < peer.flapUntil) return;
    delete peer.flapUntil;
  }
  const { outcome, group, vbr } = notReady(ctx, peer);
  const mismatch =
    outcome ??
    idcMismatch(
      physicalConnectionOf(ctx, vbr!)?.idcRouter,
      peer,
      group!,
      vbr!.physicalConnectionId,
    );
  if (mismatch) {
    ctx.cancel(`bgp:${id}`);
    setSession(peer, mismatch);
    return;
  }
  if (
    peer.bgpStatus === 'Established' ||
    (peer.bgpStatus === 'Connect' && peer.reason === undefined)
  ) {
    return;
  }
  setSession(peer, undefined);
  ctx.schedule(`bgp:${id}`, ctx.duration('bgp-session'), () => {
    const current = ctx.state.bgpPeers.find(p => p.bgpPeerId === id);
    if (current?.bgpStatus !== 'Connect' || current.reason !== undefined) {
      return;
    }
    evaluateBgpPeer(ctx, current);
    if (current.bgpStatus === 'Connect' && current.reason === undefined) {
      current.bgpStatus = 'Established';
      current.updated = rfc3339();
      ctx.logger.info(`BGP peer ${id} (${current.peerIpAddress}) Established`);
    }
  });
}

/**
 * Resets the Established sessions matching `target` (a peer, group or VBR id;
 * all when omitted): they go Active for `downMs`, then re-establish.
 */
export function flapBgpSessions(
  ctx: CloudContext,
  target?: string,
  downMs?: number,
): string[] {
  const down = downMs ?? ctx.duration('bgp-session');
  const flapped: string[] = [];
  for (const peer of ctx.state.bgpPeers) {
    const group = ctx.state.bgpGroups.find(
      g => g.bgpGroupId === peer.bgpGroupId,
    );
    const matches =
      !target ||
      [peer.bgpPeerId, peer.bgpGroupId, group?.routerId].includes(target);
    if (!matches || peer.bgpStatus !== 'Established') continue;
    const id = peer.bgpPeerId;
    ctx.cancel(`bgp:${id}`);
    peer.bgpStatus = 'Active';
    peer.reason =
      'the session was reset (hold timer expired on the IDC side); it re-establishes by itself';
    peer.updated = rfc3339();
    peer.flapUntil = ctx.now() + down;
    flapped.push(id);
    ctx.logger.info(`BGP peer ${id} flapped: down for ${down} ms`);
    ctx.schedule(`bgp-flap:${id}`, down, () => {
      const current = ctx.state.bgpPeers.find(p => p.bgpPeerId === id);
      if (!current) return;
      delete current.flapUntil;
      evaluateBgpPeer(ctx, current);
    });
  }
  return flapped;
}
