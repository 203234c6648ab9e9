import {
  createApiFactory,
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/core-plugin-api';
import {
  KubernetesAuthProviders,
  KubernetesAuthProvidersApi,
  kubernetesAuthProvidersApiRef,
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
 * Register it in the app, in place of the Kubernetes plugin's default, with
 * {@link ackOneKubernetesAuthProvidersApiFactory}.
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

/**
 * The factory of the Kubernetes auth providers API: the stock providers
 * (Google, Microsoft and the OpenID Connect ones: GitLab, Google, Microsoft,
 * Okta, OneLogin) plus `ackOne`. Add it to the app's APIs, in place of the
 * Kubernetes plugin's default.
 *
 * @public
 */
export const ackOneKubernetesAuthProvidersApiFactory = createApiFactory({
  api: kubernetesAuthProvidersApiRef,
  deps: {
    gitlabAuthApi: gitlabAuthApiRef,
    googleAuthApi: googleAuthApiRef,
    microsoftAuthApi: microsoftAuthApiRef,
    oktaAuthApi: oktaAuthApiRef,
    oneloginAuthApi: oneloginAuthApiRef,
  },
  factory: ({
    gitlabAuthApi,
    googleAuthApi,
    microsoftAuthApi,
    oktaAuthApi,
    oneloginAuthApi,
  }) =>
    new AckOneKubernetesAuthProviders(
      new KubernetesAuthProviders({
        microsoftAuthApi,
        googleAuthApi,
        oidcProviders: {
          gitlab: gitlabAuthApi,
          google: googleAuthApi,
          microsoft: microsoftAuthApi,
          okta: oktaAuthApi,
          onelogin: oneloginAuthApi,
        },
      }),
    ),
});
