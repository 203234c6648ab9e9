import { readDurationFromConfig } from '@backstage/config';
import type { Config } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';

/** `kubernetes.ackOne`, read. */
export interface AckOneClusterSupplierConfig {
  /** Account ids to read; undefined: every configured account. */
  accounts?: string[];
  includeFleets: boolean;
  refreshInterval: HumanDuration;
  skipMetricsLookup: boolean;
}

export const DEFAULT_REFRESH_INTERVAL: HumanDuration = { minutes: 5 };

/** Reads `kubernetes.ackOne`; absent keys take their defaults. */
export function readClusterSupplierConfig(
  config: Config,
): AckOneClusterSupplierConfig {
  const c = config.getOptionalConfig('kubernetes.ackOne');
  let refreshInterval = DEFAULT_REFRESH_INTERVAL;
  if (c?.has('refreshInterval')) {
    refreshInterval = readDurationFromConfig(c, { key: 'refreshInterval' });
  }
  return {
    accounts: c?.getOptionalStringArray('accounts'),
    includeFleets: c?.getOptionalBoolean('includeFleets') ?? false,
    refreshInterval,
    skipMetricsLookup: c?.getOptionalBoolean('skipMetricsLookup') ?? false,
  };
}
