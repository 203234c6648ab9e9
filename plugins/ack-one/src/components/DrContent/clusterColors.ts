import blue from '@material-ui/core/colors/blue';
import deepPurple from '@material-ui/core/colors/deepPurple';
import grey from '@material-ui/core/colors/grey';
import deepOrange from '@material-ui/core/colors/deepOrange';
import pink from '@material-ui/core/colors/pink';
import teal from '@material-ui/core/colors/teal';
import { DrCluster } from '@internal/plugin-ack-one-common';
import { clusterIndexOf } from './drPresentation';

/** Colours of clusters, in the order of the status's clusters (white text reads on each at 4.5:1 or more). */
export const CLUSTER_COLORS = [
  blue[700],
  teal[700],
  deepPurple[500],
  deepOrange[900],
  pink[700],
];

/** Colour of the share of a route that follows ready pods. */
export const BY_PODS_COLOR = grey[700];

/** A cluster's colour, the same in every card and bar. */
export function clusterColorsOf(status: {
  clusters: Array<Pick<DrCluster, 'clusterId'>>;
}) {
  const indexOf = clusterIndexOf(status);
  return (clusterId: string) =>
    CLUSTER_COLORS[indexOf(clusterId) % CLUSTER_COLORS.length];
}
