import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Disaster Recovery tab (legacy frontend system). */
export const drContentRouteRef = createRouteRef({ id: 'ack-one-dr' });

/** Mount point of the DR overview page (`/dr-overview` in the portal). */
export const drOverviewRouteRef = createRouteRef({ id: 'ack-one-dr-overview' });
