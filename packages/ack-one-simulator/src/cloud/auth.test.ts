import CsClient, * as $CS from '@alicloud/cs20151215';
import VpcClient, * as $Vpc from '@alicloud/vpc20160428';
import { randomBytes } from 'crypto';
import * as http from 'http';
import OpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { EMPTY_BODY_SHA256, sha256Hex, signRequest } from './signature';
import {
  Harness,
  REGION,
  TEST_AK,
  sdkConfig,
  startHarness,
} from './__testUtils__/harness';

function acsDate(d = new Date()) {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A raw HTTP request, optionally signed like the SDK does it. */
async function rawRequest(
  port: number,
  opts: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers: Record<string, string>;
    body?: string;
    sign?: { accessKeyId: string; accessKeySecret: string };
    /** Changes the body after signing. */
    tamperBody?: string;
  },
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    ...opts.headers,
  };
  const query = opts.query ?? {};
  if (opts.sign) {
    headers.authorization = signRequest({
      method: opts.method,
      rawPath: opts.path,
      query,
      headers,
      ...opts.sign,
    });
  }
  const qs = new URLSearchParams(query).toString();
  const body = opts.tamperBody ?? opts.body;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method,
        path: qs ? `${opts.path}?${qs}` : opts.path,
        headers,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    req.on('error', reject);
    if (body) {
      req.write(body);
    }
    req.end();
  });
}

function baseHeaders(action: string, version: string, body = '') {
  return {
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': acsDate(),
    'x-acs-signature-nonce': randomBytes(16).toString('hex'),
    'x-acs-content-sha256': body ? sha256Hex(body) : EMPTY_BODY_SHA256,
  };
}

describe('ACS3-HMAC-SHA256 authentication', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('accepts requests signed by the SDKs', async () => {
    const res = await h.cs.describeClustersV1(
      new $CS.DescribeClustersV1Request({}),
    );
    expect(res.body!.pageInfo!.totalCount).toBe(0);
  });

  it('rejects a wrong AccessKey secret with SignatureDoesNotMatch', async () => {
    const client = new CsClient(
      sdkConfig(h.port, {
        accessKeyId: TEST_AK.accessKeyId,
        accessKeySecret: 'wrong',
      }),
    );
    await expect(
      client.describeClustersV1(new $CS.DescribeClustersV1Request({})),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
      name: 'ClientError',
    });
    const vpc = new VpcClient(
      sdkConfig(h.port, {
        accessKeyId: TEST_AK.accessKeyId,
        accessKeySecret: 'wrong',
      }),
    );
    await expect(
      vpc.describeVirtualBorderRouters(
        new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }),
      ),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it('rejects an unknown AccessKey with InvalidAccessKeyId.NotFound', async () => {
    const client = new CsClient(
      sdkConfig(h.port, {
        accessKeyId: 'LTAI5tUnknown',
        accessKeySecret: 'whatever',
      }),
    );
    await expect(
      client.describeClustersV1(new $CS.DescribeClustersV1Request({})),
    ).rejects.toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
  });

  it('verifies a hand-signed request and the body hash', async () => {
    const body = JSON.stringify({
      name: 'raw-client',
      region_id: REGION,
      cluster_type: 'ExternalKubernetes',
      vpcid: 'vpc-bp1testvpc0000000001',
    });
    const headers = {
      ...baseHeaders('CreateCluster', '2015-12-15', body),
      'content-type': 'application/json; charset=utf-8',
    };
    const ok = await rawRequest(h.port, {
      method: 'POST',
      path: '/clusters',
      headers,
      body,
      sign: TEST_AK,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.cluster_id).toMatch(/^c[0-9a-f]{32}$/);

    // the same nonce again is refused
    const replay = await rawRequest(h.port, {
      method: 'POST',
      path: '/clusters',
      headers,
      body,
      sign: TEST_AK,
    });
    expect(replay.body.Code).toBe('SignatureNonceUsed');

    // a body that does not match x-acs-content-sha256
    const tamperedBody = body.replace('raw-client', 'raw-clienX');
    const tampered = await rawRequest(h.port, {
      method: 'POST',
      path: '/clusters',
      headers: {
        ...headers,
        'x-acs-signature-nonce': randomBytes(16).toString('hex'),
      },
      body,
      tamperBody: tamperedBody,
      sign: TEST_AK,
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('rejects missing Authorization, missing x-acs headers, bad dates and unknown actions', async () => {
    const noAuth = await rawRequest(h.port, {
      method: 'GET',
      path: '/api/v1/clusters',
      headers: baseHeaders('DescribeClustersV1', '2015-12-15'),
    });
    expect(noAuth).toMatchObject({
      status: 400,
      body: { Code: 'MissingAuthorization' },
    });
    expect(noAuth.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);

    const { 'x-acs-signature-nonce': _nonce, ...noNonce } = baseHeaders(
      'DescribeClustersV1',
      '2015-12-15',
    );
    const missing = await rawRequest(h.port, {
      method: 'GET',
      path: '/api/v1/clusters',
      headers: noNonce,
      sign: TEST_AK,
    });
    expect(missing).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter' },
    });

    const garbled = await rawRequest(h.port, {
      method: 'GET',
      path: '/api/v1/clusters',
      headers: {
        ...baseHeaders('DescribeClustersV1', '2015-12-15'),
        authorization: 'garbage',
      },
    });
    expect(garbled).toMatchObject({
      status: 400,
      body: { Code: 'IncompleteSignature' },
    });

    const old = await rawRequest(h.port, {
      method: 'GET',
      path: '/api/v1/clusters',
      headers: {
        ...baseHeaders('DescribeClustersV1', '2015-12-15'),
        'x-acs-date': acsDate(new Date(Date.now() - 60 * 60 * 1000)),
      },
      sign: TEST_AK,
    });
    expect(old).toMatchObject({
      status: 400,
      body: { Code: 'InvalidTimeStamp.Expired' },
    });

    const unknownAction = await rawRequest(h.port, {
      method: 'POST',
      path: '/',
      headers: baseHeaders('DescribeNothing', '2016-04-28'),
      sign: TEST_AK,
    });
    expect(unknownAction).toMatchObject({
      status: 404,
      body: { Code: 'InvalidAction.NotFound' },
    });

    const badVersion = await rawRequest(h.port, {
      method: 'POST',
      path: '/',
      headers: baseHeaders('DescribeVpcs', '2099-01-01'),
      sign: TEST_AK,
    });
    expect(badVersion).toMatchObject({
      status: 400,
      body: { Code: 'InvalidVersion' },
    });
  });

  it('accepts the legacy RPC HMAC-SHA1 signature (signatureAlgorithm v2)', async () => {
    const call = (
      secret: string,
      action: string,
      query: object,
      body?: object,
    ) => {
      const config = sdkConfig(h.port, {
        accessKeyId: TEST_AK.accessKeyId,
        accessKeySecret: secret,
      });
      config.signatureAlgorithm = 'v2';
      const client = new OpenApi(config);
      return client.callApi(
        new $OpenApiUtil.Params({
          action,
          version: '2022-01-01',
          protocol: 'HTTPS',
          pathname: '/',
          method: 'POST',
          authType: 'AK',
          style: 'RPC',
          reqBodyType: 'formData',
          bodyType: 'json',
        }),
        new $OpenApiUtil.OpenApiRequest({
          query: OpenApiUtil.query(query),
          body,
        }),
        new $dara.RuntimeOptions({}),
      );
    };
    const created = await call(
      TEST_AK.accessKeySecret,
      'CreateHubCluster',
      {},
      {
        Name: 'legacy (v2) fleet*',
        RegionId: REGION,
        VpcId: 'vpc-bp1testvpc0000000001',
        VSwitches: JSON.stringify(['vsw-bp1testvswa000000001']),
      },
    );
    expect(created.body.ClusterId).toMatch(/^c[0-9a-f]{32}$/);
    expect(h.state.fleets[0].name).toBe('legacy (v2) fleet*');
    await expect(
      call('wrong', 'DescribeHubClusters', {}),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
  });
});
