/*
 * Helpers shared by the cloud API tests: a recording KubeBridge, a fresh
 * account state, and SDK clients pointed at a running CloudApi.
 */
import CsClient from '@alicloud/cs20151215';
import OpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import VpcClient from '@alicloud/vpc20160428';
import * as $dara from '@darabonba/typescript';
import { CloudApi } from '../CloudApi';
import { CloudState, KubeBridge, SimCluster, SimFleet } from '../model';
import type { CloudClock } from '../scheduler';
import type { CloudTiming } from '../timing';

export const TEST_AK = {
  accessKeyId: 'LTAI5tSimulatorTestKey',
  accessKeySecret: 'sim-secret-0123456789',
};
export const REGION = 'cn-hangzhou';
/** A second region, whose transit router is Basic Edition. */
export const BASIC_REGION = 'cn-shanghai';
/** The leased line (Enabled) whose IDC router speaks AS 65010 from 10.254.0.2. */
export const LINE = 'pc-bp1idcline000000001';
/** A leased line that is not Enabled yet. */
export const PENDING_LINE = 'pc-bp1idcline000000002';
export const IDC_ASN = 65010;
export const IDC_IP = '10.254.0.2';

export class RecordingBridge implements KubeBridge {
  readonly calls: string[] = [];
  readonly syncs: Array<{ fleetId: string; members: string[] }> = [];
  failProvision = false;

  async provisionServer(input: {
    id: string;
    kind: 'ack' | 'fleet';
  }): Promise<string> {
    this.calls.push(`provision:${input.kind}:${input.id}`);
    if (this.failProvision) {
      throw new Error('no capacity');
    }
    return `${input.kind}-${input.id}`;
  }

  async removeServer(serverName: string): Promise<void> {
    this.calls.push(`remove:${serverName}`);
  }

  kubeconfig(
    serverName: string,
    opts: {
      privateIpAddress: boolean;
      contextName: string;
      temporaryDurationMinutes?: number;
    },
  ) {
    const host = opts.privateIpAddress ? '192.168.0.10' : '47.96.0.10';
    const expiration = new Date(
      Date.now() + (opts.temporaryDurationMinutes ?? 60 * 24 * 3) * 60_000,
    )
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return {
      config: [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- cluster:',
        `    server: https://${host}:6443`,
        '  name: kubernetes',
        'contexts:',
        '- context:',
        '    cluster: kubernetes',
        `    user: "${serverName}"`,
        `  name: ${opts.contextName}`,
        `current-context: ${opts.contextName}`,
        'users:',
        `- name: "${serverName}"`,
        '  user:',
        '    token: test-token',
        '',
      ].join('\n'),
      expiration,
    };
  }

  async syncFleetMembers(
    fleet: SimFleet,
    members: SimCluster[],
  ): Promise<void> {
    this.syncs.push({
      fleetId: fleet.clusterId,
      members: members.map(m => m.clusterId),
    });
  }
}

/** A VPC with two vSwitches in the Enterprise region, one in the Basic one. */
function testVpcs(): CloudState['vpcs'] {
  return [
    {
      vpcId: 'vpc-bp1testvpc0000000001',
      regionId: REGION,
      cidrBlock: '192.168.0.0/16',
      routeTableId: 'vtb-bp1testroute00000001',
      vSwitches: [
        {
          vSwitchId: 'vsw-bp1testvswa000000001',
          zoneId: 'cn-hangzhou-h',
          cidrBlock: '192.168.1.0/24',
        },
        {
          vSwitchId: 'vsw-bp1testvswb000000001',
          zoneId: 'cn-hangzhou-i',
          cidrBlock: '192.168.2.0/24',
        },
      ],
    },
    {
      vpcId: 'vpc-uf6testvpc0000000001',
      regionId: BASIC_REGION,
      cidrBlock: '172.16.0.0/16',
      routeTableId: 'vtb-uf6testroute00000001',
      vSwitches: [
        {
          vSwitchId: 'vsw-uf6testvswa000000001',
          zoneId: 'cn-shanghai-e',
          cidrBlock: '172.16.1.0/24',
        },
      ],
    },
  ];
}

/** The IDC's leased lines: one Enabled, one still Confirmed, one in Shanghai. */
function testLines(): NonNullable<CloudState['physicalConnections']> {
  return [
    {
      physicalConnectionId: LINE,
      regionId: REGION,
      name: 'idc-line',
      accessPointId: 'ap-cn-hangzhou-test-A',
      bandwidth: 1000,
      lineOperator: 'CT',
      status: 'Enabled',
      businessStatus: 'Normal',
      creationTime: '2026-01-01T00:00:00Z',
      idcRouter: { asn: IDC_ASN, ipAddress: IDC_IP },
    },
    {
      physicalConnectionId: PENDING_LINE,
      regionId: REGION,
      accessPointId: 'ap-cn-hangzhou-test-A',
      bandwidth: 1000,
      lineOperator: 'CT',
      status: 'Confirmed',
      businessStatus: 'Normal',
      creationTime: '2026-01-01T00:00:00Z',
    },
    {
      physicalConnectionId: 'pc-uf6idcline000000001',
      regionId: BASIC_REGION,
      accessPointId: 'ap-cn-shanghai-test-A',
      bandwidth: 1000,
      lineOperator: 'CU',
      status: 'Enabled',
      businessStatus: 'Normal',
      creationTime: '2026-01-01T00:00:00Z',
      idcRouter: { asn: IDC_ASN, ipAddress: IDC_IP },
    },
  ];
}

export function newState(): CloudState {
  return {
    accountId: '1234567890123456',
    regions: [REGION, BASIC_REGION],
    cenEditions: { [REGION]: 'Enterprise', [BASIC_REGION]: 'Basic' },
    vpcs: testVpcs(),
    physicalConnections: testLines(),
    clusters: [],
    fleets: [],
    vbrs: [],
    bgpGroups: [],
    bgpPeers: [],
    bgpNetworks: [],
    routeEntries: [],
    cens: [],
    tasks: [],
  };
}

export const TINY_TIMING: CloudTiming = {
  fleetReadyMs: 30,
  clusterReadyMs: 30,
  bgpEstablishMs: 30,
  agentConnectMs: 10,
  routeReadyMs: 10,
  bgpReadyMs: 10,
  vbrDeleteMs: 10,
  cenReadyMs: 10,
  attachmentReadyMs: 10,
};

export function sdkConfig(port: number, ak = TEST_AK) {
  return new $OpenApiUtil.Config({
    accessKeyId: ak.accessKeyId,
    accessKeySecret: ak.accessKeySecret,
    regionId: REGION,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
  });
}

export interface Harness {
  api: CloudApi;
  bridge: RecordingBridge;
  state: CloudState;
  port: number;
  url: string;
  cs: CsClient;
  vpc: VpcClient;
  generic: OpenApi;
  /** Calls an RPC action (adcp / CEN) through the generic client. */
  rpc(
    action: string,
    version: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ): Promise<any>;
  close(): Promise<void>;
}

export async function startHarness(opts?: {
  state?: CloudState;
  timing?: Partial<CloudTiming>;
  clock?: CloudClock;
}): Promise<Harness> {
  const state = opts?.state ?? newState();
  const bridge = new RecordingBridge();
  const api = new CloudApi({
    state,
    credentials: [TEST_AK],
    bridge,
    timing: { ...TINY_TIMING, ...opts?.timing },
    clock: opts?.clock,
  });
  const { port, url } = await api.listen(0);
  const generic = new OpenApi(sdkConfig(port));
  return {
    api,
    bridge,
    state,
    port,
    url,
    cs: new CsClient(sdkConfig(port)),
    vpc: new VpcClient(sdkConfig(port)),
    generic,
    async rpc(action, version, query, body) {
      const params = new $OpenApiUtil.Params({
        action,
        version,
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
        body,
      });
      const res = await generic.callApi(
        params,
        request,
        new $dara.RuntimeOptions({}),
      );
      return res.body;
    },
    close: () => api.close(),
  };
}

/** Polls `fn` until it returns a truthy value, for at most `timeoutMs`. */
export async function waitFor<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) {
        return value as NonNullable<T>;
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

export const ADCP_VERSION = '2022-01-01';
export const CBN_VERSION = '2017-09-12';
