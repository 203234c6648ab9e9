import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Disaster Recovery tab (legacy frontend system). */
export const drContentRouteRef = createRouteRef({ id: 'ack-one-dr' });
