import { withSdkAccess } from '../sdkAccess';
import type { AckOneService } from '../types';
import { AckOneCenWrites, CenWrites } from './cen';
import { AckOneClusterWrites, ClusterWrites } from './clusters';
import {
  AckOneExpressConnectWrites,
  ExpressConnectWrites,
} from './expressConnect';
import { AckOneFleetWrites, FleetWrites } from './fleets';
import { AckOneKubeWrites, KubeWrites } from './kube';
import { AckOneVpcLookups, VpcLookups } from './vpcLookups';

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
 *
 * @public
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

/** The public methods of a class instance, bound to it, as own properties. */
function boundMethods<T extends object>(instance: T): T {
  const out: Record<string, unknown> = {};
  const proto = Object.getPrototypeOf(instance);
  for (const key of Object.getOwnPropertyNames(proto)) {
    const value = (instance as any)[key];
    if (key !== 'constructor' && typeof value === 'function') {
      out[key] = value.bind(instance);
    }
  }
  return out as T;
}

/**
 * Builds the write service on an AckOneService (usually `ackOneServiceRef`);
 * it must have SDK access, as `DefaultAckOneService` has.
 *
 * @public
 */
export function createAckOneWriteService(
  ackOne: AckOneService,
): AckOneWriteService {
  const sdk = withSdkAccess(ackOne);
  return {
    ackOne,
    ...boundMethods<AckOneVpcLookups>(new VpcLookups(sdk)),
    ...boundMethods<AckOneExpressConnectWrites>(new ExpressConnectWrites(sdk)),
    ...boundMethods<AckOneCenWrites>(new CenWrites(sdk)),
    ...boundMethods<AckOneClusterWrites>(new ClusterWrites(sdk)),
    ...boundMethods<AckOneFleetWrites>(new FleetWrites(sdk)),
    ...boundMethods<AckOneKubeWrites>(new KubeWrites(sdk)),
  };
}
