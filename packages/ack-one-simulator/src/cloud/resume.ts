import { resumeBgp } from './bgp';
import { resumeCens } from './cen';
import type { CloudContext } from './context';
import { resumeClusters } from './cs';
import { resumeFleets } from './fleet';
import { resumeRoutes } from './routes';
import { resumeVbrs } from './vbr';

/** Restarts the transitions of resources that were mid-way when the state was saved. */
export function resumeTransitions(ctx: CloudContext) {
  resumeClusters(ctx);
  resumeFleets(ctx);
  resumeVbrs(ctx);
  resumeBgp(ctx);
  resumeRoutes(ctx);
  resumeCens(ctx);
}
