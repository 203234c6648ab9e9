/**
 * How long the simulated cloud takes for the transitions of its resources (ms).
 *
 * @public
 */
export interface CloudTiming {
  /** Fleet `initial` to `running`, and Fleet deletion. */
  fleetReadyMs: number;
  /** ACK cluster `initial` to `running`, and cluster deletion. */
  clusterReadyMs: number;
  /** BGP session `Connect` to `Established` once both ends match. */
  bgpEstablishMs: number;
  /** markAgentConnected to registered cluster `running`. */
  agentConnectMs: number;
  /** Route entries `Pending` to `Available`, and their deletion. */
  routeReadyMs: number;
  /** BGP groups and peers `Pending` to `Available`, and their deletion. */
  bgpReadyMs: number;
  /** VBR `deleting` to gone (a VBR is `active` as soon as it is created). */
  vbrDeleteMs: number;
  /** CEN instances, transit routers and their route tables `Creating` to `Active`, and deletion. */
  cenReadyMs: number;
  /** Attachments `Attaching` to `Attached`, associations and propagations, and their removal. */
  attachmentReadyMs: number;
}

/** The kinds of resource whose creation can be forced to fail or slowed down. */
export const RESOURCE_KINDS = [
  'cluster',
  'fleet',
  'agent',
  'vbr',
  'bgp-group',
  'bgp-peer',
  'bgp-session',
  'route-entry',
  'cen',
  'transit-router',
  'tr-route-table',
  'tr-attachment',
  'tr-association',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Which timing drives a kind's transitions. */
export const TIMING_OF_KIND: Record<ResourceKind, keyof CloudTiming> = {
  cluster: 'clusterReadyMs',
  fleet: 'fleetReadyMs',
  agent: 'agentConnectMs',
  vbr: 'vbrDeleteMs',
  'bgp-group': 'bgpReadyMs',
  'bgp-peer': 'bgpReadyMs',
  'bgp-session': 'bgpEstablishMs',
  'route-entry': 'routeReadyMs',
  cen: 'cenReadyMs',
  'transit-router': 'cenReadyMs',
  'tr-route-table': 'cenReadyMs',
  'tr-attachment': 'attachmentReadyMs',
  'tr-association': 'attachmentReadyMs',
};

/** Kinds whose creation can be forced to fail (the others are not created by a call of their own). */
export const FAILABLE_KINDS: ResourceKind[] = [
  'cluster',
  'fleet',
  'vbr',
  'bgp-group',
  'bgp-peer',
  'route-entry',
  'cen',
  'transit-router',
  'tr-route-table',
  'tr-attachment',
];

export function isResourceKind(value: unknown): value is ResourceKind {
  return (RESOURCE_KINDS as readonly unknown[]).includes(value);
}

/** Short transitions for demos and tests (the `fast` profile). */
export const FAST_TIMING: CloudTiming = {
  fleetReadyMs: 2000,
  clusterReadyMs: 2000,
  bgpEstablishMs: 1500,
  agentConnectMs: 1000,
  routeReadyMs: 500,
  bgpReadyMs: 500,
  vbrDeleteMs: 500,
  cenReadyMs: 500,
  attachmentReadyMs: 500,
};

/**
 * Durations of the order the real product takes (the `realistic` profile,
 * before scaling): minutes for clusters and Fleets, tens of seconds for BGP
 * and CEN. These are orders of magnitude, not measurements: the documentation
 * gives no durations, so none of them could be confirmed (UNVERIFIED).
 */
export const REALISTIC_TIMING: CloudTiming = {
  clusterReadyMs: 8 * 60_000,
  fleetReadyMs: 5 * 60_000,
  agentConnectMs: 60_000,
  bgpEstablishMs: 30_000,
  bgpReadyMs: 10_000,
  routeReadyMs: 5_000,
  vbrDeleteMs: 30_000,
  cenReadyMs: 60_000,
  attachmentReadyMs: 60_000,
};

/**
 * A named set of cloud timings: `fast` (seconds) or `realistic` (minutes).
 *
 * @public
 */
export type TimingProfile = 'fast' | 'realistic';

export const TIMING_PROFILES: Record<TimingProfile, CloudTiming> = {
  fast: FAST_TIMING,
  realistic: REALISTIC_TIMING,
};

/**
 * A profile's durations multiplied by `timeScale` (e.g. `realistic` at 0.01:
 * an 8-minute cluster takes 4.8 s).
 */
export function timingProfile(
  profile: TimingProfile,
  timeScale = 1,
): CloudTiming {
  const base = TIMING_PROFILES[profile];
  if (!base) {
    throw new Error(
      `unknown timing profile "${profile}": use ${Object.keys(
        TIMING_PROFILES,
      ).join(' or ')}`,
    );
  }
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    throw new Error(
      `time scale must be a non-negative number, got ${timeScale}`,
    );
  }
  const out = {} as CloudTiming;
  for (const key of Object.keys(base) as Array<keyof CloudTiming>) {
    out[key] = Math.round(base[key] * timeScale);
  }
  return out;
}
