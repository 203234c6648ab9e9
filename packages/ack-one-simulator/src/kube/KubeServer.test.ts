import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeServer } from './KubeServer';
import { generatePki } from './certs';
import { kubeRequest, waitFor } from './testUtils';

const pki = generatePki();
const TOKEN = 'test-token-1';

function deployment(
  name: string,
  replicas = 2,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name, ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'c', image: 'nginx:1', ports: [{ containerPort: 8080 }] },
          ],
        },
      },
    },
  };
}

describe('KubeServer', () => {
  let server: KubeServer;
  let k8s: any;
  let kc: any;
  let dir: string;

  beforeAll(async () => {
    server = new KubeServer({
      name: 't',
      pki,
      tokens: { [TOKEN]: undefined },
      historySize: 50,
      controllers: { podReadyDelayMs: 50 },
    });
    server.api.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    await server.start();
    // client-node is ESM; under jest the Backstage SWC transform turns it into CommonJS
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    k8s = require('@kubernetes/client-node');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-test-'));
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 't',
          server: server.url,
          caData: Buffer.from(pki.caCertPem).toString('base64'),
        },
      ],
      users: [{ name: 't', token: TOKEN }],
      contexts: [{ name: 't', cluster: 't', user: 't' }],
      currentContext: 't',
    });
  });

  afterAll(async () => {
    await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 with a Status without a valid token', async () => {
    const r = await kubeRequest(`${server.url}/api/v1/namespaces`, {
      ca: pki.caCertPem,
      token: 'wrong',
    });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    const none = await kubeRequest(`${server.url}/version`, {
      ca: pki.caCertPem,
    });
    expect(none.status).toBe(401);
  });

  it('serves discovery', async () => {
    const apis = await kubeRequest(`${server.url}/apis`, {
      ca: pki.caCertPem,
      token: TOKEN,
    });
    expect(apis.body.kind).toBe('APIGroupList');
    expect(apis.body.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'mse.alibabacloud.com',
        'argoproj.io',
        'alibabacloud.com',
      ]),
    );
    const apps = await kubeRequest(`${server.url}/apis/apps/v1`, {
      ca: pki.caCertPem,
      token: TOKEN,
    });
    expect(apps.body.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'deployments',
        'deployments/scale',
        'deployments/status',
      ]),
    );
    const v = await kubeRequest(`${server.url}/version`, {
      ca: pki.caCertPem,
      token: TOKEN,
    });
    expect(v.body.gitVersion).toMatch(/^v1\./);
  });

  it('creates, lists with selectors, patches and watches with @kubernetes/client-node', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web', 2, { tier: 'front' }),
    });
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('api', 1, { tier: 'back' }),
    });
    const list = await apps.listNamespacedDeployment({
      namespace: 'default',
      labelSelector: 'tier in (front,edge),app!=x',
    });
    expect(list.items.map((d: any) => d.metadata.name)).toEqual(['web']);
    const byField = await apps.listDeploymentForAllNamespaces({
      fieldSelector: 'metadata.name=api',
    });
    expect(byField.items.map((d: any) => d.metadata.name)).toEqual(['api']);

    const ready = await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({
        name: 'web',
        namespace: 'default',
      });
      return d.status?.readyReplicas === 2 &&
        d.status?.observedGeneration === d.metadata?.generation
        ? d
        : undefined;
    }, 'web ready');
    expect(ready.status.availableReplicas).toBe(2);
    expect(ready.status.updatedReplicas).toBe(2);

    const events: Array<{ type: string; name: string; replicas?: number }> = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(
      '/apis/apps/v1/namespaces/default/deployments',
      { resourceVersion: ready.metadata.resourceVersion },
      (type: string, obj: any) =>
        events.push({
          type,
          name: obj.metadata.name,
          replicas: obj.spec?.replicas,
        }),
      () => {},
    );
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitFor(
      () =>
        events.find(
          e => e.type === 'MODIFIED' && e.name === 'web' && e.replicas === 3,
        ),
      'watch event',
    );
    req.abort();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const pods = await waitFor(async () => {
      const p = await core.listNamespacedPod({
        namespace: 'default',
        labelSelector: 'app=web',
      });
      return p.items.length === 3 ? p : undefined;
    }, '3 pods');
    expect(pods.items[0].metadata.ownerReferences[0].kind).toBe('ReplicaSet');
  });

  it('pages lists with limit/continue', async () => {
    for (let i = 0; i < 5; i++)
      server.api.upsert({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${i}`, namespace: 'default' },
        data: { i: String(i) },
      });
    const first = await kubeRequest(
      `${server.url}/api/v1/namespaces/default/configmaps?limit=2`,
      { ca: pki.caCertPem, token: TOKEN },
    );
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toBeTruthy();
    const names = first.body.items.map((c: any) => c.metadata.name);
    let cont = first.body.metadata.continue;
    while (cont) {
      const next = await kubeRequest(
        `${
          server.url
        }/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(
          cont,
        )}`,
        { ca: pki.caCertPem, token: TOKEN },
      );
      names.push(...next.body.items.map((c: any) => c.metadata.name));
      cont = next.body.metadata.continue;
    }
    expect(names).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
  });

  it('rejects a stale resourceVersion with 409 Conflict', async () => {
    const url = `${server.url}/api/v1/namespaces/default/configmaps/cm-0`;
    const cur = await kubeRequest(url, { ca: pki.caCertPem, token: TOKEN });
    const ok = await kubeRequest(url, {
      method: 'PUT',
      ca: pki.caCertPem,
      token: TOKEN,
      body: { ...cur.body, data: { i: 'a' } },
    });
    expect(ok.status).toBe(200);
    const stale = await kubeRequest(url, {
      method: 'PUT',
      ca: pki.caCertPem,
      token: TOKEN,
      body: { ...cur.body, data: { i: 'b' } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      details: { name: 'cm-0', kind: 'configmaps' },
    });
  });

  it('answers 404 NotFound and 410 Expired', async () => {
    const nf = await kubeRequest(
      `${server.url}/apis/apps/v1/namespaces/default/deployments/nope`,
      { ca: pki.caCertPem, token: TOKEN },
    );
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
      code: 404,
    });
    // push the history (50 events) past rv 1
    for (let i = 0; i < 60; i++)
      server.api.upsert({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'churn', namespace: 'default' },
        data: { i: String(i) },
      });
    const w = await kubeRequest(
      `${server.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1`,
      { ca: pki.caCertPem, token: TOKEN },
    );
    const ev = JSON.parse(w.text.trim().split('\n')[0]);
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({
      kind: 'Status',
      reason: 'Expired',
      code: 410,
    });
  });

  it('applies strategic merge patches to containers by name', async () => {
    const url = `${server.url}/apis/apps/v1/namespaces/default/deployments/api`;
    const r = await kubeRequest(url, {
      method: 'PATCH',
      ca: pki.caCertPem,
      token: TOKEN,
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'c', image: 'nginx:2' },
                { name: 'side', image: 'busybox' },
              ],
            },
          },
        },
      },
    });
    expect(r.status).toBe(200);
    expect(
      r.body.spec.template.spec.containers.map(
        (c: any) => `${c.name}=${c.image}`,
      ),
    ).toEqual(['c=nginx:2', 'side=busybox']);
    expect(r.body.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 8080 },
    ]);
    expect(r.body.metadata.generation).toBe(2);
    const jp = await kubeRequest(url, {
      method: 'PATCH',
      ca: pki.caCertPem,
      token: TOKEN,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
    });
    expect(jp.body.spec.replicas).toBe(0);
    const scale = await kubeRequest(`${url}/scale`, {
      ca: pki.caCertPem,
      token: TOKEN,
    });
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 0 },
    });
  });

  it('keeps endpoints in line with ready pods and honours the unready fault', async () => {
    server.api.upsert({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    });
    const ready = () =>
      (
        server.api.getObj('v1', 'Endpoints', 'default', 'web')?.subsets?.[0]
          ?.addresses ?? []
      ).length;
    await waitFor(() => ready() === 3, '3 endpoints');
    const slice = server.api
      .listObjs('discovery.k8s.io/v1', 'EndpointSlice', 'default')
      .find(s => s.metadata.labels['kubernetes.io/service-name'] === 'web');
    expect(slice.endpoints).toHaveLength(3);
    server.controllers.setPodsReady(false);
    await waitFor(() => ready() === 0, 'no ready endpoints');
    await waitFor(
      () =>
        server.api.getObj('apps/v1', 'Deployment', 'default', 'web')?.status
          ?.readyReplicas === 0,
      'deployment not ready',
    );
    server.controllers.setPodsReady(true);
    await waitFor(() => ready() === 3, 'ready again');
  });

  it('serves tables for kubectl', async () => {
    const r = await kubeRequest(
      `${server.url}/apis/apps/v1/namespaces/default/deployments`,
      {
        ca: pki.caCertPem,
        token: TOKEN,
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      },
    );
    expect(r.body.kind).toBe('Table');
    expect(
      r.body.columnDefinitions.map((c: any) => c.name).slice(0, 4),
    ).toEqual(['Name', 'Ready', 'Up-to-date', 'Available']);
  });
});
