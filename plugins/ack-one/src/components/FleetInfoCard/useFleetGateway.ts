import { useApiHolder } from '@backstage/core-plugin-api';
import { DrGatewayOverview } from '@internal/plugin-ack-one-common';
import { ackOneApiRef } from '../../api';
import { DEFAULT_CARD_POLL_INTERVAL_MS, usePolling } from '../usePolling';

/** A Fleet's gateway from the backend, refreshed every 10 s by default. */
export function useFleetGateway(
  fleetId: string,
  intervalMs: number = DEFAULT_CARD_POLL_INTERVAL_MS,
) {
  const api = useApiHolder().get(ackOneApiRef);
  return usePolling<DrGatewayOverview>(
    `gateway:${fleetId}`,
    api ? () => api.getFleetGateway(fleetId) : undefined,
    intervalMs,
  );
}
