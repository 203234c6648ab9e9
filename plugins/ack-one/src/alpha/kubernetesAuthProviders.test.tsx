import {
  ApiBlueprint,
  createFrontendPlugin,
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  KubernetesAuthProviders,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { screen } from '@testing-library/react';
import {
  ackOneKubernetesAuthProvidersApi,
  kubernetesModuleAckOneAuthProvider,
} from './kubernetesAuthProviders';
import { AckOneKubernetesAuthProviders } from '../kubernetesAuth';

jest.setTimeout(30_000);

/** A sign-in API that hands out a token, as Google's would. */
function tokenApi(token: string) {
  return {
    getAccessToken: jest.fn(async () => token),
    getIdToken: jest.fn(async () => token),
  };
}

const authApis = () =>
  [
    [gitlabAuthApiRef, tokenApi('gitlab-token')],
    [googleAuthApiRef, tokenApi('google-token')],
    [microsoftAuthApiRef, tokenApi('microsoft-token')],
    [oktaAuthApiRef, tokenApi('okta-token')],
    [oneloginAuthApiRef, tokenApi('onelogin-token')],
  ] as const;

/**
 * A stand-in for the Kubernetes plugin (`@backstage/plugin-kubernetes/alpha`)
 * with its stock `auth-providers` API, which knows no `ackOne`.
 */
const kubernetesPlugin = createFrontendPlugin({
  pluginId: 'kubernetes',
  extensions: [
    ApiBlueprint.make({
      name: 'auth-providers',
      params: defineParams =>
        defineParams({
          api: kubernetesAuthProvidersApiRef,
          deps: {
            googleAuthApi: googleAuthApiRef,
            microsoftAuthApi: microsoftAuthApiRef,
          },
          factory: deps =>
            new KubernetesAuthProviders({ ...deps, oidcProviders: {} }),
        }),
    }),
  ],
});

describe('Kubernetes auth providers with ackOne, new frontend system', () => {
  it('is a module of the kubernetes plugin that takes the place of its auth-providers API', () => {
    expect(kubernetesModuleAckOneAuthProvider).toMatchObject({
      $$type: '@backstage/FrontendModule',
      pluginId: 'kubernetes',
    });
    const factory = createExtensionTester(ackOneKubernetesAuthProvidersApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(kubernetesAuthProvidersApiRef.id);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'gitlabAuthApi',
      'googleAuthApi',
      'microsoftAuthApi',
      'oktaAuthApi',
      'oneloginAuthApi',
    ]);
  });

  it('without the module, the stock API knows no ackOne provider', async () => {
    const { apis } = await renderInTestApp(<div>kubernetes tab</div>, {
      features: [kubernetesPlugin],
      apis: authApis(),
    });
    const providers = apis.get(kubernetesAuthProvidersApiRef);
    expect(providers).toBeInstanceOf(KubernetesAuthProviders);
    await expect(providers!.getCredentials('ackOne')).rejects.toThrow(
      /authProvider "ackOne" has no KubernetesAuthProvider defined for it/,
    );
  });

  it('serves the ackOne provider in an app, next to the stock providers', async () => {
    const { apis } = await renderInTestApp(<div>kubernetes tab</div>, {
      features: [kubernetesPlugin, kubernetesModuleAckOneAuthProvider],
      apis: authApis(),
    });
    expect(screen.getByText('kubernetes tab')).toBeInTheDocument();

    const providers = apis.get(kubernetesAuthProvidersApiRef);
    expect(providers).toBeInstanceOf(AckOneKubernetesAuthProviders);
    // ACK One clusters: the backend fetches the credentials, the browser
    // sends none
    const body = { entity: { kind: 'Component' } } as any;
    await expect(providers!.getCredentials('ackOne')).resolves.toEqual({});
    await expect(
      providers!.decorateRequestBodyForAuth('ackOne', body),
    ).resolves.toEqual(body);
    // a stock provider still signs in through its own API
    await expect(providers!.getCredentials('google')).resolves.toEqual({
      token: 'google-token',
    });
    await expect(providers!.getCredentials('oidc.okta')).resolves.toEqual({
      token: 'okta-token',
    });
  });
});
