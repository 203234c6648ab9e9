import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  ackOneServiceRef,
  ackOneWriteServiceRef,
} from '@internal/plugin-ack-one-node';
import { createAckOneActions } from './actions';
import { readScaffolderConfig } from './config';

/**
 * Scaffolder module: the `ack-one:*` actions that build hybrid DR on ACK
 * One (register the IDC cluster, connect the networks, create the Fleet and
 * its gateway, deploy apps). Cloud access goes through the ACK One service
 * and write service of the ACK One node library (`ackOne.accounts`).
 *
 * @public
 */
export const scaffolderModuleAckOne = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ack-one',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        ackOne: ackOneServiceRef,
        write: ackOneWriteServiceRef,
      },
      async init({ scaffolder, config, ackOne, write }) {
        scaffolder.addActions(
          ...createAckOneActions({
            ackOne,
            write,
            config: readScaffolderConfig(config),
          }),
        );
      },
    });
  },
});
