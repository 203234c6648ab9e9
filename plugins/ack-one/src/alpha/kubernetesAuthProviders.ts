import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { ackOneKubernetesAuthProvidersApiFactory } from '../kubernetesAuth';
/**
 * The Kubernetes plugin's auth providers with `ackOne` added for the ACK One
 * clusters, whose credentials are fetched on the backend. Named like the
 * Kubernetes plugin's own `auth-providers` API so that, in a module of that
 * plugin, it takes its place; every other provider works as before.
 *
 * @alpha
 */
export const ackOneKubernetesAuthProvidersApi = ApiBlueprint.make({
  name: 'auth-providers',
  params: defineParams => defineParams(ackOneKubernetesAuthProvidersApiFactory),
});

/**
 * A module of the Kubernetes plugin for the new frontend system: its
 * Kubernetes tab reaches the ACK One clusters (`authProvider: ackOne`) next
 * to the clusters of every stock auth provider. Install it with the
 * Kubernetes plugin (`@backstage/plugin-kubernetes/alpha`).
 *
 * @alpha
 */
export const kubernetesModuleAckOneAuthProvider = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [ackOneKubernetesAuthProvidersApi],
});
