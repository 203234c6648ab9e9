import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';

/**
 * The auth strategies the Kubernetes backend serves when no module adds one,
 * keyed by `authProvider`, built from the classes it exports.
 *
 * The Kubernetes backend's auth-strategy extension point has no way to add
 * a strategy next to its defaults: the first `addAuthStrategy` call replaces
 * its default map (`buildDefaultAuthStrategyMap`, which it does not export).
 * A module that adds a strategy therefore adds these back, or clusters with
 * `authProvider: serviceAccount`, `google`, `aks`... stop loading. The tests
 * compare this map with the installed Kubernetes backend's own defaults, so
 * an upgrade that adds a strategy fails them until it is added here.
 */
export function stockAuthStrategies(options: {
  config: RootConfigService;
  logger: LoggerService;
}): Map<string, AuthenticationStrategy> {
  const { config, logger } = options;
  return new Map<string, AuthenticationStrategy>([
    ['aks', new AksStrategy()],
    ['aws', new AwsIamStrategy({ config })],
    ['azure', new AzureIdentityStrategy(logger)],
    ['google', new GoogleStrategy()],
    ['googleServiceAccount', new GoogleServiceAccountStrategy({ config })],
    ['localKubectlProxy', new AnonymousStrategy()],
    ['oidc', new OidcStrategy()],
    ['serviceAccount', new ServiceAccountStrategy()],
  ]);
}
