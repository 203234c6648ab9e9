/**
 * What `simulatorAccountConfig` needs of a running ACK One simulator (the
 * `Simulator` that `startSimulator` of the ACK One simulator package
 * returns has it).
 *
 * @public
 */
export interface AckOneSimulatorAccess {
  endpoints: { openApi: string };
  accessKey: { accessKeyId: string; accessKeySecret: string };
}

/**
 * One `ackOne.accounts[]` entry, as config data.
 *
 * @public
 */
export type SimulatorAccountConfig = {
  id: string;
  regions: string[];
  endpoint: string;
  protocol: 'http';
  credentials: {
    type: 'access_key';
    accessKeyId: string;
    accessKeySecret: string;
  };
  maxAttempts?: number;
  callTimeoutMs?: number;
  publicClusterEndpoints?: boolean;
  namespaceScope?: 'namespace-label' | 'annotation';
  rateLimit?: { requestsPerSecond?: number; burst?: number };
};

/**
 * Options of `simulatorAccountConfig`: keys that replace the defaults.
 *
 * @public
 */
export type SimulatorAccountOptions = Partial<
  Omit<SimulatorAccountConfig, 'protocol'>
>;

/**
 * An `ackOne.accounts[]` entry that points at a running simulator: account
 * `sim` in `cn-hangzhou`, plain `http` to the simulator's loopback endpoint
 * and its AccessKey pair. `options` replace or add keys, e.g. `maxAttempts`,
 * `callTimeoutMs` or `endpoint` (a proxy in front of the simulator).
 *
 * @public
 */
export function simulatorAccountConfig(
  sim: AckOneSimulatorAccess,
  options: SimulatorAccountOptions = {},
): SimulatorAccountConfig {
  return {
    id: 'sim',
    regions: ['cn-hangzhou'],
    endpoint: new URL(sim.endpoints.openApi).host,
    protocol: 'http',
    credentials: {
      type: 'access_key',
      accessKeyId: sim.accessKey.accessKeyId,
      accessKeySecret: sim.accessKey.accessKeySecret,
    },
    ...options,
  };
}
