import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { startDemoOidcProvider } from './provider';
import { catalogDemoUsers } from './users';

/** The default port of the demo OpenID Connect provider. */
export const DEFAULT_OIDC_PORT = 18083;
/**
 * The `backstage` client's secret unless `ackOne.simulator.oidcClientSecret`
 * says otherwise; like the simulator's demo AccessKey, it is public and only
 * good for the local demo.
 */
export const DEFAULT_OIDC_CLIENT_SECRET = 'ack-one-demo-oidc-client-secret';

/**
 * With the simulator off, sign-in through an OIDC provider configured at the
 * demo provider's address cannot work: says so, and what to change.
 */
function warnIfOidcPointsAtDemo(
  config: RootConfigService,
  logger: LoggerService,
) {
  const port =
    config.getOptionalNumber('ackOne.simulator.oidcPort') ?? DEFAULT_OIDC_PORT;
  const oidc = config.getOptionalConfig('auth.providers.oidc');
  for (const env of oidc?.keys() ?? []) {
    const url = URL.parse(oidc?.getOptionalString(`${env}.metadataUrl`) ?? '');
    if (
      url &&
      ['127.0.0.1', 'localhost'].includes(url.hostname) &&
      url.port === String(port)
    ) {
      logger.warn(
        `auth.providers.oidc.${env}.metadataUrl points at the demo OpenID ` +
          'Connect provider, which runs only when ackOne.simulator.enabled ' +
          'is true: OIDC sign-in fails. Point it at your identity provider, ' +
          'remove auth.providers.oidc, or turn the simulator on.',
      );
    }
  }
}

/**
 * The ACK One simulator's demo identity provider: a real OpenID Connect
 * provider on 127.0.0.1 (`ackOne.simulator.oidcPort`, default 18083) whose
 * users are the catalog's users with an email (examples/org.yaml), so the
 * local portal can sign in as different people through
 * `auth.providers.oidc`. It runs only when `ackOne.simulator.enabled` is
 * true. As a module of the auth plugin it is up before the auth plugin reads
 * the provider's metadata.
 */
export const demoIdentityModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'ack-one-demo-identity',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ config, logger, lifecycle, discovery, auth }) {
        const sim = config.getOptionalConfig('ackOne.simulator');
        if (!sim?.getOptionalBoolean('enabled')) {
          warnIfOidcPointsAtDemo(config, logger);
          return;
        }
        const baseUrl = config.getString('backend.baseUrl').replace(/\/$/, '');
        const provider = await startDemoOidcProvider({
          port: sim.getOptionalNumber('oidcPort') ?? DEFAULT_OIDC_PORT,
          clientSecret:
            sim.getOptionalString('oidcClientSecret') ??
            DEFAULT_OIDC_CLIENT_SECRET,
          redirectUri: `${baseUrl}/api/auth/oidc/handler/frame`,
          users: catalogDemoUsers({ discovery, auth }),
          logger,
        });
        logger.info(
          `Demo OpenID Connect provider ${provider.issuer} (client backstage): ` +
            "sign in as one of the catalog's users with an email",
        );
        lifecycle.addShutdownHook(() => provider.stop());
      },
    });
  },
});
