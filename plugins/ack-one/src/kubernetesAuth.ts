import {
  KubernetesAuthProvidersApi,
  ServerSideKubernetesAuthProvider,
} from '@backstage/plugin-kubernetes-react';
import type { KubernetesRequestBody } from '@backstage/plugin-kubernetes-common';
import { ACK_ONE_KUBERNETES_AUTH_PROVIDER } from '@internal/plugin-ack-one-common';

/**
 * Kubernetes auth providers for the stock Kubernetes tab, extended with the
 * `ackOne` provider of the ACK One clusters. Their credentials are fetched on
 * the backend by the ACK One Kubernetes module, so the browser sends nothing;
 * every other provider is handled by the wrapped implementation.
 *
 * Register it in the app, in place of the Kubernetes plugin's default:
 *
 * ```ts
 * createApiFactory({
 *   api: kubernetesAuthProvidersApiRef,
 *   deps: { googleAuthApi: googleAuthApiRef, microsoftAuthApi: microsoftAuthApiRef },
 *   factory: deps => new AckOneKubernetesAuthProviders(new KubernetesAuthProviders(deps)),
 * })
 * ```
 *
 * @public
 */
export class AckOneKubernetesAuthProviders
  implements KubernetesAuthProvidersApi
{
  readonly #serverSide = new ServerSideKubernetesAuthProvider();

  constructor(private readonly fallback: KubernetesAuthProvidersApi) {}

  async decorateRequestBodyForAuth(
    authProvider: string,
    requestBody: KubernetesRequestBody,
  ): Promise<KubernetesRequestBody> {
    if (authProvider === ACK_ONE_KUBERNETES_AUTH_PROVIDER) {
      return this.#serverSide.decorateRequestBodyForAuth(requestBody);
    }
    return this.fallback.decorateRequestBodyForAuth(authProvider, requestBody);
  }

  async getCredentials(authProvider: string): Promise<{ token?: string }> {
    if (authProvider === ACK_ONE_KUBERNETES_AUTH_PROVIDER) {
      return this.#serverSide.getCredentials();
    }
    return this.fallback.getCredentials(authProvider);
  }
}
