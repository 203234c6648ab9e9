import type { KubeConfig } from '@kubernetes/client-node';
import type { AckOneClusterRef } from './clusterRef';
import type { KubeconfigScope } from './KubeconfigCache';
import type { ClusterConnection } from './kubeconfig';

/**
 * A configured account, without its credentials.
 *
 * @public
 */
export interface AckOneAccount {
  id: string;
  regions: string[];
  /** Which cluster namespaces a catalog entity may read (see the config). */
  namespaceScope: 'namespace-label' | 'annotation';
}

/**
 * A Fleet (ACK One hub cluster).
 *
 * @public
 */
export interface AckOneFleet {
  account: string;
  regionId: string;
  clusterId: string;
  name: string;
  state: string;
  profile?: string;
  version?: string;
  vpcId?: string;
  vSwitches: string[];
  intranetApiServerEndpoint?: string;
  publicApiServerEndpoint?: string;
  created?: string;
  updated?: string;
  tags: Array<{ key: string; value: string }>;
}

/**
 * A Fleet with the details DescribeHubClusterDetails adds.
 *
 * @public
 */
export interface AckOneFleetDetails extends AckOneFleet {
  gitOpsEnabled?: boolean;
  gitOpsHaEnabled?: boolean;
  gatewayEnabled?: boolean;
}

/**
 * A member of a Fleet, as DescribeManagedClusters reports it.
 *
 * @public
 */
export interface AckOneManagedCluster {
  clusterId: string;
  name: string;
  clusterType?: string;
  regionId?: string;
  state?: string;
  vpcId?: string;
  /** Association state: `Installing`, `Successed`, `Failed`, ... */
  memberState?: string;
  memberMessage?: string;
}

/**
 * A CS cluster (ACK or registered), as DescribeClustersV1 reports it.
 *
 * @public
 */
export interface AckOneCluster {
  account: string;
  clusterId: string;
  name: string;
  /** `ExternalKubernetes` (registered), `ManagedKubernetes`, `Kubernetes`. */
  clusterType: string;
  clusterSpec?: string;
  regionId: string;
  zoneId?: string;
  vpcId?: string;
  state: string;
  currentVersion?: string;
  /** From `master_url`. */
  apiServerEndpoints: { public?: string; intranet?: string };
  tags: Array<{ key: string; value: string }>;
  created?: string;
  updated?: string;
}

/**
 * A multi-cluster gateway found in a Fleet.
 *
 * @public
 */
export interface AckOneGateway {
  account: string;
  regionId: string;
  fleetId: string;
  kind: 'MseIngressConfig' | 'AlbConfig';
  name: string;
  status?: string;
  address?: string;
  /** IngressClasses that route through this gateway. */
  ingressClasses: string[];
  /** Member cluster ids it serves, when the object says so. */
  clusterIds: string[];
}

/**
 * A kubeconfig handed out by the cloud. Secret.
 *
 * @public
 */
export interface AckOneKubeconfig {
  config: string;
  /** When the credentials in it expire (undefined: not reported). */
  expiration?: Date;
  connection: ClusterConnection;
  /** The member cluster or Fleet it is for (named in errors). */
  clusterId?: string;
}

/**
 * Read access to ACK One for backend plugins and modules. Every call goes
 * through retries with backoff, a deadline, the account's rate limit and
 * typed, redacted errors (`AckOneApiError`).
 *
 * @public
 */
export interface AckOneService {
  listAccounts(): AckOneAccount[];
  listFleets(account: string, region: string): Promise<AckOneFleet[]>;
  getFleet(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneFleetDetails>;
  listManagedClusters(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneManagedCluster[]>;
  /** Every CS cluster of the region, all pages. */
  listClusters(account: string, region: string): Promise<AckOneCluster[]>;
  /**
   * Kubeconfig of a member cluster (cached until shortly before it expires;
   * when a refresh fails, the cached one is used until it expires).
   * Registered clusters and, unless the account sets
   * `publicClusterEndpoints`, ACK clusters use their private address. Its
   * API server is always `https:` (plain `http:` only to a loopback host).
   */
  getClusterKubeconfig(
    account: string,
    region: string,
    cluster: { clusterId: string; clusterType?: string },
  ): Promise<AckOneKubeconfig>;
  /** Kubeconfig of a Fleet (private address), cached. */
  getFleetKubeconfig(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneKubeconfig>;
  /**
   * Drops the cached kubeconfig of a member cluster or Fleet, so the next
   * request for it fetches a new one (e.g. after its API server answered 401).
   */
  invalidateKubeconfig(ref: AckOneClusterRef): void;
  /**
   * Drops the cached kubeconfigs of every member cluster and Fleet not in
   * `refs` (clusters that left the inventory). With a `scope`, only cached
   * kubeconfigs within it are dropped: pass the account (and region, kind)
   * whose complete inventory `refs` is.
   */
  retainKubeconfigs(
    refs: Iterable<AckOneClusterRef>,
    scope?: KubeconfigScope,
  ): void;
  /**
   * A `@kubernetes/client-node` KubeConfig for a kubeconfig from this
   * service, built only from its server, CA and token or client certificate:
   * `exec`, `auth-provider`, token files and `insecure-skip-tls-verify` in
   * the cloud's kubeconfig are never used. Fails with a clear error for an
   * `http:` server that is not a loopback host, or for a kubeconfig with
   * neither a token nor a client certificate and key.
   */
  toKubeConfig(kubeconfig: AckOneKubeconfig): Promise<KubeConfig>;
  /** MseIngressConfig and AlbConfig objects of a Fleet with their IngressClasses. */
  listFleetGateways(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneGateway[]>;
}
