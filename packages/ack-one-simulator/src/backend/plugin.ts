import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { startSimulator } from '../world/simulator';

/**
 * The simulator accepts a public demo AccessKey and serves fault injection,
 * so a production backend (NODE_ENV=production) refuses to embed it unless
 * `ackOne.simulator.allowInProduction` says so on purpose.
 */
function assertAllowedHere(sim: Config) {
  if (process.env.NODE_ENV !== 'production') return;
  if (sim.getOptionalBoolean('allowInProduction')) return;
  throw new Error(
    'ackOne.simulator.enabled is true but NODE_ENV is production: the ACK One ' +
      'simulator accepts a public demo AccessKey and is not for production. ' +
      'Set ackOne.simulator.enabled to false (as app-config.production.yaml ' +
      'does), or set ackOne.simulator.allowInProduction to true to run it ' +
      'in production on purpose.',
  );
}

/**
 * Starts the ACK One simulator inside the backend when
 * `ackOne.simulator.enabled` is true (the default in app-config.yaml), so the
 * portal runs end to end without an Alibaba Cloud account. The accounts in
 * `ackOne.accounts` point at its OpenAPI port like at any cloud endpoint.
 * Its control API takes the bearer token in `simulator.json` in the state
 * folder. With NODE_ENV=production it starts only when
 * `ackOne.simulator.allowInProduction` is true.
 *
 * @public
 */
export const ackOneSimulatorPlugin = createBackendPlugin({
  pluginId: 'ack-one-simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const sim = config.getOptionalConfig('ackOne.simulator');
        if (!sim?.getOptionalBoolean('enabled')) {
          logger.info('ACK One simulator is disabled');
          return;
        }
        assertAllowedHere(sim);
        if (process.env.NODE_ENV === 'production')
          logger.warn(
            'ACK One simulator is running in production because ' +
              'ackOne.simulator.allowInProduction is true',
          );
        const simulator = await startSimulator({
          world: sim.getOptionalString('world') ?? 'demo',
          host: sim.getOptionalString('host') ?? '127.0.0.1',
          cloudPort: sim.getOptionalNumber('cloudPort') ?? 0,
          gatewayPort: sim.getOptionalNumber('gatewayPort') ?? 0,
          controlPort: sim.getOptionalNumber('controlPort') ?? 0,
          stateDir: sim.getOptionalString('stateDir'),
          podReadyDelayMs: sim.getOptionalNumber('podReadyDelayMs'),
          logger: {
            info: msg => logger.debug(msg),
            warn: msg => logger.warn(msg),
          },
        });
        const { endpoints } = simulator;
        logger.info(
          `ACK One simulator: world ${
            sim.getOptionalString('world') ?? 'demo'
          }, ` +
            `OpenAPI ${endpoints.openApi}, gateway ${endpoints.gateway}, ` +
            `control ${endpoints.control} (bearer token in simulator.json), ` +
            `kubeconfig ${simulator.kubeconfigPath}`,
        );
        lifecycle.addShutdownHook(() => simulator.stop());
      },
    });
  },
});
