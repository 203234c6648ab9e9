import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startSimulator } from '@internal/ack-one-simulator';

/**
 * Starts the ACK One simulator inside the backend when
 * `ackOne.simulator.enabled` is true (the default in app-config.yaml), so the
 * portal runs end to end without an Alibaba Cloud account. The accounts in
 * `ackOne.accounts` point at its OpenAPI port like at any cloud endpoint.
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
            `control ${endpoints.control}, kubeconfig ${simulator.kubeconfigPath}`,
        );
        lifecycle.addShutdownHook(() => simulator.stop());
      },
    });
  },
});
