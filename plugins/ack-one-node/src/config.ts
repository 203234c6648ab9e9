import { Config } from '@backstage/config';
import { endpointHost, isLoopbackHost } from './loopback';
import { DEFAULT_RATE_LIMIT, RateLimitConfig } from './RateLimiter';

/**
 * Credentials of one account, as configured.
 *
 * @public
 */
export type AckOneCredentialsConfig =
  | { type: 'access_key'; accessKeyId: string; accessKeySecret: string }
  | {
      type: 'ram_role_arn';
      accessKeyId: string;
      accessKeySecret: string;
      roleArn: string;
      roleSessionName?: string;
      externalId?: string;
    }
  | {
      type: 'oidc_role_arn';
      roleArn?: string;
      oidcProviderArn?: string;
      oidcTokenFilePath?: string;
      roleSessionName?: string;
    };

/**
 * One `ackOne.accounts[]` entry.
 *
 * @public
 */
export interface AckOneAccountConfig {
  id: string;
  regions: string[];
  endpoint?: string;
  protocol: 'http' | 'https';
  publicClusterEndpoints: boolean;
  callTimeoutMs: number;
  maxAttempts: number;
  /** Cloud API requests allowed per region of this account. */
  rateLimit: RateLimitConfig;
  /**
   * Which cluster namespaces a catalog entity may read: only those labelled
   * for it (`namespace-label`), or whatever its annotations name
   * (`annotation`, for a catalog only trusted people write to).
   */
  namespaceScope: 'namespace-label' | 'annotation';
  credentials: AckOneCredentialsConfig;
}

const ID_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readCredentials(
  config: Config | undefined,
  env: NodeJS.ProcessEnv,
  where: string,
): AckOneCredentialsConfig {
  const type = config?.getOptionalString('type') ?? 'access_key';
  const accessKey = () => {
    const accessKeyId =
      config?.getOptionalString('accessKeyId') ??
      env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const accessKeySecret =
      config?.getOptionalString('accessKeySecret') ??
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!accessKeyId || !accessKeySecret) {
      throw new Error(
        `${where}: an AccessKey pair is required (accessKeyId/accessKeySecret, or ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET)`,
      );
    }
    return { accessKeyId, accessKeySecret };
  };
  switch (type) {
    case 'access_key':
      return { type, ...accessKey() };
    case 'ram_role_arn':
      return {
        type,
        ...accessKey(),
        roleArn: config!.getString('roleArn'),
        roleSessionName: config!.getOptionalString('roleSessionName'),
        externalId: config!.getOptionalString('externalId'),
      };
    case 'oidc_role_arn':
      return {
        type,
        roleArn: config?.getOptionalString('roleArn'),
        oidcProviderArn: config?.getOptionalString('oidcProviderArn'),
        oidcTokenFilePath: config?.getOptionalString('oidcTokenFilePath'),
        roleSessionName: config?.getOptionalString('roleSessionName'),
      };
    default:
      throw new Error(
        `${where}: unsupported credentials type "${type}" (access_key, ram_role_arn, oidc_role_arn)`,
      );
  }
}

/**
 * `https` unless `http` is asked for a loopback endpoint (a local
 * simulator): requests and their signatures never cross a network in clear.
 */
function readProtocol(
  c: Config,
  endpoint: string | undefined,
  where: string,
): 'http' | 'https' {
  const protocol = c.getOptionalString('protocol') ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw new Error(`${where}: protocol must be http or https`);
  }
  if (protocol === 'http') {
    const host = endpoint ? endpointHost(endpoint) : undefined;
    if (!host || !isLoopbackHost(host)) {
      throw new Error(
        `${where}: protocol http is only allowed with a loopback endpoint (127.0.0.1, ::1 or localhost, e.g. a local simulator), not ${
          endpoint ? `"${endpoint}"` : 'the Alibaba Cloud endpoints'
        }; remove protocol or set it to https`,
      );
    }
  }
  return protocol;
}

function readRateLimit(
  config: Config | undefined,
  where: string,
): RateLimitConfig {
  const read = (key: keyof RateLimitConfig, min: number) => {
    const value = config?.getOptionalNumber(key);
    if (value === undefined) return DEFAULT_RATE_LIMIT[key];
    if (!Number.isFinite(value) || value < min || value <= 0) {
      throw new Error(
        `${where}: rateLimit.${key} must be a number ${
          min > 0 ? `of at least ${min}` : 'greater than 0'
        }, got ${value}`,
      );
    }
    return value;
  };
  return {
    requestsPerSecond: read('requestsPerSecond', 0),
    burst: read('burst', 1),
  };
}

function readNamespaceScope(
  c: Config,
  where: string,
): AckOneAccountConfig['namespaceScope'] {
  const value = c.getOptionalString('namespaceScope') ?? 'namespace-label';
  if (value !== 'namespace-label' && value !== 'annotation') {
    throw new Error(
      `${where}: namespaceScope must be namespace-label (the default) or annotation, not "${value}"`,
    );
  }
  return value;
}

/**
 * Reads `ackOne.accounts`; an absent section yields no accounts.
 *
 * @public
 */
export function readAckOneAccounts(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): AckOneAccountConfig[] {
  const accounts = config.getOptionalConfigArray('ackOne.accounts') ?? [];
  const seen = new Set<string>();
  return accounts.map((c, i) => {
    const id = c.getString('id');
    const where = `ackOne.accounts[${i}] (${id})`;
    if (!ID_PATTERN.test(id)) {
      throw new Error(
        `${where}: id must be lower-case letters, digits and hyphens`,
      );
    }
    if (seen.has(id)) {
      throw new Error(`${where}: duplicate account id`);
    }
    seen.add(id);
    const regions = c.getStringArray('regions');
    if (!regions.length) {
      throw new Error(`${where}: at least one region is required`);
    }
    const endpoint = c.getOptionalString('endpoint');
    const protocol = readProtocol(c, endpoint, where);
    return {
      id,
      regions,
      endpoint,
      protocol,
      publicClusterEndpoints:
        c.getOptionalBoolean('publicClusterEndpoints') ?? false,
      callTimeoutMs: c.getOptionalNumber('callTimeoutMs') ?? 30_000,
      maxAttempts: Math.max(1, c.getOptionalNumber('maxAttempts') ?? 5),
      rateLimit: readRateLimit(c.getOptionalConfig('rateLimit'), where),
      namespaceScope: readNamespaceScope(c, where),
      credentials: readCredentials(
        c.getOptionalConfig('credentials'),
        env,
        `${where}.credentials`,
      ),
    };
  });
}
