import type { ServerResponse } from 'node:http';
import type { KubeApi } from './KubeApi';
import { sendJson } from './http';
import { openApiV3Doc, openApiV3Root } from './openapi';
import { errors } from './status';

export interface DiscoveryContext {
  api: KubeApi;
  /** e.g. `1.31.1-aliyun.1` */
  kubernetesVersion: string;
  /** host:port clients reach the server at */
  serverAddress: string;
}

/** The `/version` document of an API server of the given version. */
export function versionInfo(version: string) {
  const [major, minor] = version.split('.');
  return {
    major,
    minor,
    gitVersion: `v${version}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-10-01T00:00:00Z',
    goVersion: 'go1.22.7',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function groupDoc(name: string, versions: string[]) {
  return {
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: {
      groupVersion: `${name}/${versions[0]}`,
      version: versions[0],
    },
  };
}

/**
 * Serves the discovery and OpenAPI documents; returns false for any other
 * path.
 */
export function serveDiscovery(
  ctx: DiscoveryContext,
  path: string,
  res: ServerResponse,
): boolean {
  const reg = ctx.api.registry;
  if (path === '/version') {
    sendJson(res, 200, versionInfo(ctx.kubernetesVersion));
  } else if (path === '/api') {
    sendJson(res, 200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: ctx.serverAddress },
      ],
    });
  } else if (path === '/apis') {
    const groups = [...reg.groups()]
      .filter(([g]) => g)
      .map(([g, versions]) => groupDoc(g, versions));
    sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
  } else if (path === '/api/v1') {
    sendJson(res, 200, reg.resourceList('', 'v1'));
  } else if (path === '/openapi/v3') {
    sendJson(res, 200, openApiV3Root(ctx.api, ctx.kubernetesVersion));
  } else if (path.startsWith('/openapi/')) {
    const m = /^\/openapi\/v3\/(api\/v1|apis\/[^/]+\/[^/]+)$/.exec(path);
    // no OpenAPI v2: kubectl falls back to v3 / its compiled-in schemas
    const doc = m && openApiV3Doc(ctx.api, m[1], ctx.kubernetesVersion);
    if (!doc) throw errors.pathNotFound();
    sendJson(res, 200, doc);
  } else {
    return serveGroup(ctx, path, res);
  }
  return true;
}

function serveGroup(
  ctx: DiscoveryContext,
  path: string,
  res: ServerResponse,
): boolean {
  const reg = ctx.api.registry;
  let m = /^\/apis\/([^/]+)$/.exec(path);
  if (m) {
    const versions = reg.groups().get(m[1]);
    if (!versions) throw errors.pathNotFound();
    sendJson(res, 200, {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...groupDoc(m[1], versions),
    });
    return true;
  }
  m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) {
    const versions = reg.groups().get(m[1]);
    if (!versions?.includes(m[2])) throw errors.pathNotFound();
    sendJson(res, 200, reg.resourceList(m[1], m[2]));
    return true;
  }
  return false;
}

/** Whether a path is served by serveDiscovery (a non-resource URL). */
export function isDiscoveryPath(path: string): boolean {
  return (
    path === '/version' ||
    path === '/api' ||
    path === '/apis' ||
    path === '/api/v1' ||
    path.startsWith('/openapi') ||
    /^\/apis\/[^/]+(\/[^/]+)?$/.test(path)
  );
}
