import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** @public */
export interface AckOneProviderConfig {
  id: string;
  account: string;
  regions?: string[];
  owner: string;
  system?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/** Reads `catalog.providers.ackOne.<id>`; none configured yields []. */
export function readProviderConfigs(config: Config): AckOneProviderConfig[] {
  const root = config.getOptionalConfig('catalog.providers.ackOne');
  if (!root) return [];
  return root.keys().map(id => {
    const c = root.getConfig(id);
    return {
      id,
      account: c.getString('account'),
      regions: c.getOptionalStringArray('regions'),
      owner: c.getOptionalString('owner') ?? 'unknown',
      system: c.getOptionalString('system'),
      schedule: c.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            c.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
    };
  });
}
