import { BGP_HANDLERS } from './bgp';
import { BGP_NETWORK_HANDLERS } from './bgpNetworks';
import { Handler } from './context';
import { LOOKUP_HANDLERS } from './lookups';
import { ROUTE_HANDLERS } from './routes';
import { VBR_HANDLERS } from './vbr';

/** The VPC 2016-04-28 actions the simulator serves. */
export const VPC_HANDLERS: Record<string, Handler> = {
  ...LOOKUP_HANDLERS,
  ...VBR_HANDLERS,
  ...BGP_HANDLERS,
  ...BGP_NETWORK_HANDLERS,
  ...ROUTE_HANDLERS,
};
