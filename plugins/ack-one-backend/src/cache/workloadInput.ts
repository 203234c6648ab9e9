import type { DrWorkloadInput } from '@internal/plugin-ack-one-common';
import type { WorkloadWithHpa } from './WatchedCluster';

/** A watched workload (and its HPA) as the DR status rules read it. */
export function toWorkloadInput(
  clusterId: string,
  w: WorkloadWithHpa,
): DrWorkloadInput {
  const { labels: _labels, hpa, ...counts } = w;
  return {
    clusterId,
    ...counts,
    hpa: hpa && {
      name: hpa.name,
      minReplicas: hpa.minReplicas,
      maxReplicas: hpa.maxReplicas,
      currentReplicas: hpa.currentReplicas,
      desiredReplicas: hpa.desiredReplicas,
    },
  };
}
