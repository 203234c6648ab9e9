import type { AckOneService } from '../types';
import { AckOneCenWrites, cenWrites } from './cen';
import { AckOneClusterWrites, clusterWrites } from './clusters';
import {
  AckOneExpressConnectWrites,
  expressConnectWrites,
} from './expressConnect';
import { AckOneFleetWrites, fleetWrites } from './fleets';
import { AckOneKubeWrites, kubeWrites } from './kube';
import { AckOneVpcLookups, vpcLookups } from './vpcLookups';

/**
 * Write access to ACK One for automation (scaffolder actions): lookups of
 * the network, CS clusters, Fleets, Express Connect, CEN, and Kubernetes
 * objects in Fleets and IDC clusters.
 *
 * Every cloud call goes through the AckOneService it is built on: its
 * clients, retries with backoff, per-call deadline, rate limit, typed and
 * redacted errors and call counting. Create calls that have a ClientToken
 * take one from the caller (see `clientTokenFor`); those that have none
 * (CS CreateCluster, ACK One CreateHubCluster) look the name up before an
 * attempt that follows a failure that may have created the resource.
 */
export interface AckOneWriteService
  extends AckOneVpcLookups,
    AckOneExpressConnectWrites,
    AckOneCenWrites,
    AckOneClusterWrites,
    AckOneFleetWrites,
    AckOneKubeWrites {
  /** The read service the writes go through. */
  readonly ackOne: AckOneService;
}

/** Builds the write service on an AckOneService (usually `ackOneServiceRef`). */
export function createAckOneWriteService(
  ackOne: AckOneService,
): AckOneWriteService {
  return {
    ackOne,
    ...vpcLookups(ackOne),
    ...expressConnectWrites(ackOne),
    ...cenWrites(ackOne),
    ...clusterWrites(ackOne),
    ...fleetWrites(ackOne),
    ...kubeWrites(ackOne),
  };
}
