import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AckOnePermissionPolicy } from './AckOnePermissionPolicy';
import { readPolicyConfig } from './config';

/**
 * The portal's permission policy (replaces allow-all): rules from
 * `ackOne.permissionPolicy`, see `AckOnePermissionPolicy`.
 */
export const permissionModuleAckOnePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ack-one-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const settings = readPolicyConfig(config);
        if (!settings.admins.length) {
          logger.info(
            'ackOne.permissionPolicy.admins is empty: nobody may use the Kubernetes proxy or change what is not their own',
          );
        }
        policy.setPolicy(new AckOnePermissionPolicy(settings));
      },
    });
  },
});
