import Credential, { Config as CredentialConfig } from '@alicloud/credentials';
import CsClient from '@alicloud/cs20151215';
import OpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import VpcClient from '@alicloud/vpc20160428';
import * as $dara from '@darabonba/typescript';
import { AckOneAccountConfig } from './config';

/** RPC products reached through the generic OpenAPI client (no npm SDK). */
export type RpcProduct = 'adcp' | 'cbn';

export const RPC_VERSIONS: Record<RpcProduct, string> = {
  adcp: '2022-01-01',
  cbn: '2017-09-12',
};

function rpcEndpoint(product: RpcProduct, region: string): string {
  if (product === 'cbn') return 'cbn.aliyuncs.com';
  if (['cn-chengdu', 'cn-shanghai-finance-1', 'eu-west-1'].includes(region)) {
    return `adcp-vpc.${region}.aliyuncs.com`;
  }
  return `adcp.${region}.aliyuncs.com`;
}

/**
 * A credential provider that remembers the secret parts of the credentials
 * it last handed out (the AccessKey secret and, for STS credentials, the
 * security token), so errors can be redacted of them.
 */
export class SecretTrackingCredential extends Credential {
  #secrets: string[] = [];

  async getCredential() {
    const model = await super.getCredential();
    this.#secrets = [model.accessKeySecret, model.securityToken].filter(
      (s): s is string => typeof s === 'string' && !!s,
    );
    return model;
  }

  /** Secrets of the credentials handed out last. */
  get secrets(): string[] {
    return [...this.#secrets];
  }
}

/** Builds the `@alicloud/credentials` provider of an account. */
export function createCredential(
  account: AckOneAccountConfig,
  env: NodeJS.ProcessEnv = process.env,
): SecretTrackingCredential {
  const c = account.credentials;
  switch (c.type) {
    case 'access_key':
      return new SecretTrackingCredential(
        new CredentialConfig({
          type: 'access_key',
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
        }),
      );
    case 'ram_role_arn':
      return new SecretTrackingCredential(
        new CredentialConfig({
          type: 'ram_role_arn',
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          roleArn: c.roleArn,
          roleSessionName: c.roleSessionName ?? 'backstage-ack-one',
          externalId: c.externalId,
        }),
      );
    case 'oidc_role_arn':
    default:
      return new SecretTrackingCredential(
        new CredentialConfig({
          type: 'oidc_role_arn',
          roleArn: (c as any).roleArn ?? env.ALIBABA_CLOUD_ROLE_ARN,
          oidcProviderArn:
            (c as any).oidcProviderArn ?? env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
          oidcTokenFilePath:
            (c as any).oidcTokenFilePath ?? env.ALIBABA_CLOUD_OIDC_TOKEN_FILE,
          roleSessionName: (c as any).roleSessionName ?? 'backstage-ack-one',
        }),
      );
  }
}

/** SDK clients of one account and region; created lazily, reused. */
export class RegionClients {
  #cs?: CsClient;
  #vpc?: VpcClient;
  readonly #rpc = new Map<RpcProduct, OpenApi>();

  constructor(
    private readonly account: AckOneAccountConfig,
    private readonly region: string,
    private readonly credential: Credential,
  ) {}

  private config(endpoint: string | undefined) {
    return new $OpenApiUtil.Config({
      credential: this.credential,
      regionId: this.region,
      endpoint: this.account.endpoint ?? endpoint,
      protocol: this.account.protocol,
    });
  }

  get cs(): CsClient {
    this.#cs ??= new CsClient(this.config(undefined));
    return this.#cs;
  }

  get vpc(): VpcClient {
    this.#vpc ??= new VpcClient(this.config(undefined));
    return this.#vpc;
  }

  /** Calls an RPC action (Fleet/adcp, CEN) the way the generated SDKs do. */
  async rpc(
    product: RpcProduct,
    action: string,
    query: Record<string, unknown>,
    body: Record<string, unknown> | undefined,
    runtime: $dara.RuntimeOptions,
  ): Promise<any> {
    let client = this.#rpc.get(product);
    if (!client) {
      client = new OpenApi(this.config(rpcEndpoint(product, this.region)));
      this.#rpc.set(product, client);
    }
    const params = new $OpenApiUtil.Params({
      action,
      version: RPC_VERSIONS[product],
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const request = new $OpenApiUtil.OpenApiRequest({
      query: OpenApiUtil.query(query),
      body: body ? OpenApiUtil.query(body) : undefined,
    });
    const res = await client.callApi(params, request, runtime);
    return res.body;
  }
}

/** Runtime options of one attempt: no SDK retries (we retry), bounded time. */
export function runtimeFor(remainingMs: number): $dara.RuntimeOptions {
  return new $dara.RuntimeOptions({
    autoretry: false,
    maxAttempts: 1,
    readTimeout: Math.max(1, Math.min(remainingMs, 20_000)),
    connectTimeout: Math.max(1, Math.min(remainingMs, 5_000)),
  });
}
