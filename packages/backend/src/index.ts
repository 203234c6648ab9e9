import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for local use; configure a real provider for production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// OpenID Connect sign-in (auth.providers.oidc); locally against the demo
// identity provider below.
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
// The simulator's demo OpenID Connect provider, with the catalog's users that
// have an email; it runs when ackOne.simulator.enabled is true.
backend.add(import('./demoIdentity'));

// events (the catalog subscribes to them)
backend.add(import('@backstage/plugin-events-backend'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@internal/plugin-catalog-backend-module-ack-one'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
// ACK One actions: register the IDC cluster, connect the networks, create the
// Fleet and its gateway, deploy an app to both clusters.
backend.add(import('@internal/plugin-scaffolder-backend-module-ack-one'));

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's policy (ackOne.permissionPolicy): reads open to signed-in
// users, writes only where a rule allows them.
backend.add(import('./permissionPolicy'));

// search (in-memory Lunr engine) over the catalog
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// notifications, and signals to push them to the browser
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@internal/plugin-kubernetes-backend-module-ack-one'));

// ACK One: cluster health, DR status, the DR overview and failovers
backend.add(import('@internal/plugin-ack-one-backend'));

// The ACK One simulator, embedded when ackOne.simulator.enabled is true.
backend.add(import('@internal/ack-one-simulator/backend'));

backend.start();
