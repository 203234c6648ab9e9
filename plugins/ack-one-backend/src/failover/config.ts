import type { RootConfigService } from '@backstage/backend-plugin-api';
import type { ChangeFreeze } from '@internal/plugin-ack-one-common';

/** `ackOne.failover`, read and checked, durations in milliseconds. */
export interface FailoverConfig {
  changeFreezes: ChangeFreeze[];
  /** How long a step may take to show its weights in effect before it is rolled back. */
  verifyTimeoutMs: number;
  /** How long warmed-up replicas may take to become ready. */
  warmUpTimeoutMs: number;
  /** A request not decided within this long expires. */
  requestExpiryMs: number;
  /** How long an executor's claim on a request lasts without a heartbeat. */
  leaseMs: number;
  /** How often each backend instance looks for work. */
  pollIntervalMs: number;
  /** Deadline of one Kubernetes request of the executor. */
  kubeRequestTimeoutMs: number;
}

type Config = ReturnType<RootConfigService['getConfig']>;

export const FAILOVER_CONFIG_DEFAULTS = {
  verifyTimeoutSeconds: 30,
  warmUpTimeoutSeconds: 300,
  requestExpiryHours: 24,
  leaseSeconds: 30,
  pollIntervalSeconds: 2,
  kubeRequestTimeoutSeconds: 10,
};

function positive(
  cfg: Config | undefined,
  key: keyof typeof FAILOVER_CONFIG_DEFAULTS,
  unitMs: number,
): number {
  const v = cfg?.getOptionalNumber(key) ?? FAILOVER_CONFIG_DEFAULTS[key];
  if (!(v > 0))
    throw new Error(
      `ackOne.failover.${key} must be a positive number, not ${v}`,
    );
  return v * unitMs;
}

function readFreezes(cfg: Config | undefined): ChangeFreeze[] {
  return (cfg?.getOptionalConfigArray('changeFreezes') ?? []).map((f, i) => {
    const where = `ackOne.failover.changeFreezes[${i}]`;
    const from = f.getString('from');
    const to = f.getString('to');
    const a = Date.parse(from);
    const b = Date.parse(to);
    if (Number.isNaN(a) || Number.isNaN(b))
      throw new Error(
        `${where}: from and to must be ISO 8601 times, e.g. 2026-12-24T00:00:00Z`,
      );
    if (b <= a)
      throw new Error(`${where}: to (${to}) is not after from (${from})`);
    return {
      from: new Date(a).toISOString(),
      to: new Date(b).toISOString(),
      reason: f.getOptionalString('reason') ?? 'change freeze',
    };
  });
}

/** Reads `ackOne.failover`; throws on a malformed value, naming the key. */
export function readFailoverConfig(config: RootConfigService): FailoverConfig {
  const cfg = config.getOptionalConfig('ackOne.failover');
  return {
    changeFreezes: readFreezes(cfg),
    verifyTimeoutMs: positive(cfg, 'verifyTimeoutSeconds', 1000),
    warmUpTimeoutMs: positive(cfg, 'warmUpTimeoutSeconds', 1000),
    requestExpiryMs: positive(cfg, 'requestExpiryHours', 3_600_000),
    leaseMs: positive(cfg, 'leaseSeconds', 1000),
    pollIntervalMs: positive(cfg, 'pollIntervalSeconds', 1000),
    kubeRequestTimeoutMs: positive(cfg, 'kubeRequestTimeoutSeconds', 1000),
  };
}
