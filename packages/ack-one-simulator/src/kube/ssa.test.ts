import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ensureKubectl, kubectl } from './testUtils';
import { startTestCluster, TestCluster } from './__testUtils__/cluster';

jest.setTimeout(60_000);

const DEPLOY_PATH = '/apis/apps/v1/namespaces/default/deployments';

function deployment(name: string, spec: Record<string, any> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'MODE', value: 'a' }],
            },
          ],
        },
      },
      ...spec,
    },
  };
}

describe('server-side apply', () => {
  let c: TestCluster;
  let apps: any;

  const apply = (body: unknown, manager: string, force = false) =>
    c.request(
      `${DEPLOY_PATH}/${(body as any).metadata.name}?fieldManager=${manager}${
        force ? '&force=true' : ''
      }`,
      {
        method: 'PATCH',
        contentType: 'application/apply-patch+yaml',
        body,
      },
    );
  const entry = (obj: any, manager: string, operation = 'Apply') =>
    obj.metadata.managedFields.find(
      (e: any) => e.manager === manager && e.operation === operation,
    );

  beforeAll(async () => {
    c = await startTestCluster();
    apps = c.kubeConfig().makeApiClient(c.k8s.AppsV1Api);
  });

  afterAll(async () => {
    await c.stop();
  });

  it('server-side apply creates the object and records an Apply entry with the FieldsV1 of the applied fields', async () => {
    const created = await apps.patchNamespacedDeployment(
      {
        name: 'shop',
        namespace: 'default',
        body: deployment('shop'),
        fieldManager: 'alice',
      },
      c.k8s.setHeaderOptions('Content-Type', c.k8s.PatchStrategy.ServerSideApply),
    );
    expect(created.metadata.uid).toBeTruthy();
    expect(created.spec.replicas).toBe(2);
    const e = entry(created, 'alice');
    expect(e).toMatchObject({
      manager: 'alice',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
    });
    // client-node decodes the RFC 3339 time
    expect(e.time).toBeInstanceOf(Date);
    expect(e.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:env': {
                  'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":8080,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                  },
                },
              },
            },
          },
        },
      },
    });
  });

  it('server-side apply by a second manager conflicts on .spec.replicas with 409 FieldManagerConflict', async () => {
    const r = await apply(deployment('shop', { replicas: 5 }), 'bob');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
      details: {
        causes: [
          {
            type: 'FieldManagerConflict',
            field: '.spec.replicas',
            message: 'conflict with "alice"',
          },
        ],
      },
    });
  });

  it('appliers setting an equal value share the field', async () => {
    const r = await apply(deployment('shop'), 'bob');
    expect(r.status).toBe(200);
    const replicasOwner = (m: string) =>
      'f:replicas' in (entry(r.body, m)?.fieldsV1['f:spec'] ?? {});
    expect(replicasOwner('alice')).toBe(true);
    expect(replicasOwner('bob')).toBe(true);
  });

  it('force=true takes ownership of a conflicting field and strips it from the other managers', async () => {
    const carol = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop' },
      spec: { replicas: 4 },
    };
    expect((await apply(carol, 'carol')).status).toBe(409);
    const r = await apply(carol, 'carol', true);
    expect(r.status).toBe(200);
    expect(r.body.spec.replicas).toBe(4);
    expect(entry(r.body, 'carol').fieldsV1).toEqual({
      'f:spec': { 'f:replicas': {} },
    });
    expect(entry(r.body, 'alice').fieldsV1['f:spec']).not.toHaveProperty(
      'f:replicas',
    );
    expect(entry(r.body, 'bob').fieldsV1['f:spec']).not.toHaveProperty(
      'f:replicas',
    );
  });

  it('a field the applier stops applying is removed unless another manager owns it', async () => {
    const withExtra = deployment('cart');
    (withExtra.metadata.labels as any).tier = 'front';
    (withExtra.spec.template.spec.containers[0] as any).env.push({
      name: 'DEBUG',
      value: '1',
    });
    expect((await apply(withExtra, 'alice')).status).toBe(201);
    // bob co-owns the tier label
    const bob = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cart', labels: { tier: 'front' } },
    };
    expect((await apply(bob, 'bob')).status).toBe(200);
    const r = await apply(deployment('cart'), 'alice');
    expect(r.status).toBe(200);
    expect(r.body.metadata.labels).toEqual({ app: 'cart', tier: 'front' });
    expect(
      r.body.spec.template.spec.containers[0].env.map((e: any) => e.name),
    ).toEqual(['MODE']);
    // once bob stops applying the label too, nobody owns it and it goes
    const gone = await apply(
      { ...bob, metadata: { name: 'cart' }, spec: { paused: false } },
      'bob',
    );
    expect(gone.body.metadata.labels).toEqual({ app: 'cart' });
  });

  it('Update operations never conflict, record an Update entry and are named with their apiVersion in later conflicts', async () => {
    const patched = await c.request(`${DEPLOY_PATH}/cart?fieldManager=dave`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 7 } },
    });
    expect(patched.status).toBe(200);
    expect(entry(patched.body, 'dave', 'Update')).toMatchObject({
      operation: 'Update',
      apiVersion: 'apps/v1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    expect(entry(patched.body, 'alice').fieldsV1['f:spec']).not.toHaveProperty(
      'f:replicas',
    );
    const r = await apply(deployment('cart'), 'alice');
    expect(r.status).toBe(409);
    expect(r.body.details.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        field: '.spec.replicas',
        message: 'conflict with "dave" using apps/v1',
      },
    ]);
  });

  it('an object written without server-side apply conflicts with "before-first-apply"', async () => {
    c.server.api.upsert(deployment('legacy'));
    const r = await apply(deployment('legacy', { replicas: 3 }), 'alice');
    expect(r.status).toBe(409);
    expect(r.body.details.causes[0]).toEqual({
      type: 'FieldManagerConflict',
      field: '.spec.replicas',
      message: 'conflict with "before-first-apply" using apps/v1',
    });
  });

  it('server-side apply requires a field manager', async () => {
    const r = await c.request(`${DEPLOY_PATH}/shop`, {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: deployment('shop'),
    });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });

  it('server-side apply rejects fields that are not in the schema, whatever the field validation', async () => {
    const bad = deployment('typo');
    (bad.spec as any).replica = 3;
    const r = await apply(bad, 'alice');
    expect(r.status).toBe(500);
    expect(r.body.message).toBe(
      'failed to create typed patch object (default/typo; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema',
    );
  });
});

describe('field validation', () => {
  let c: TestCluster;

  const cm = (name: string) =>
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","namespace":"default"},"data":{"a":"1"},"dat":{"b":"2"},"immutable":false,"immutable":true}`;
  const post = (name: string, validation?: string) =>
    c.request(
      `/api/v1/namespaces/default/configmaps${
        validation ? `?fieldValidation=${validation}` : ''
      }`,
      { method: 'POST', body: cm(name) },
    );

  beforeAll(async () => {
    c = await startTestCluster();
  });

  afterAll(async () => {
    await c.stop();
  });

  it('fieldValidation=Strict rejects unknown and duplicate fields with 400 listing them', async () => {
    const r = await post('strict', 'Strict');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect(r.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "immutable", unknown field "dat"',
    );
  });

  it('fieldValidation=Warn (the default) stores the object without unknown fields and answers with Warning headers', async () => {
    const r = await post('warn');
    expect(r.status).toBe(201);
    expect(r.body.dat).toBeUndefined();
    expect(r.body.immutable).toBe(true);
    expect(r.headers.warning).toBe(
      '299 - "duplicate field \\"immutable\\"", 299 - "unknown field \\"dat\\""',
    );
  });

  it('fieldValidation=Ignore drops unknown fields silently', async () => {
    const r = await post('ignore', 'Ignore');
    expect(r.status).toBe(201);
    expect(r.body.dat).toBeUndefined();
    expect(r.headers.warning).toBeUndefined();
  });

  it('fieldValidation=Strict names unknown fields of a patch result by their path', async () => {
    const r = await c.request(
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict',
      {
        method: 'POST',
        body: {
          ...deployment('strict'),
          spec: {
            ...deployment('strict').spec,
            template: {
              metadata: { labels: { app: 'strict' } },
              spec: { containers: [{ name: 'web', image: 'x', imagePullPolicy: 'Always', imagePolicy: 'x' }] },
            },
          },
        },
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(
      /strict decoding error: unknown field "spec.template.spec.containers\[0\].imagePolicy"$/,
    );
  });

  it('custom resources are validated against their CRD schema, and accept everything without one', async () => {
    const crd = (plural: string, kind: string, schema: any) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.example.com` },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural, kind, singular: kind.toLowerCase() },
        versions: [
          { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } },
        ],
      },
    });
    const create = (p: string, body: unknown) =>
      c.request(p, { method: 'POST', body });
    expect(
      (
        await create(
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
          crd('widgets', 'Widget', {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer' } } },
            },
          }),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await create(
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
          crd('blobs', 'Blob', {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          }),
        )
      ).status,
    ).toBe(201);
    const widget = await create(
      '/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict',
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 1, colour: 'red' },
      },
    );
    expect(widget.status).toBe(400);
    expect(widget.body.message).toMatch(/unknown field "spec.colour"$/);
    const blob = await create(
      '/apis/example.com/v1/namespaces/default/blobs?fieldValidation=Strict',
      {
        apiVersion: 'example.com/v1',
        kind: 'Blob',
        metadata: { name: 'b' },
        spec: { anything: { goes: [1, 2] } },
      },
    );
    expect(blob.status).toBe(201);
    expect(blob.body.spec).toEqual({ anything: { goes: [1, 2] } });
  });

  it('a Strict server-side apply rejects duplicate YAML keys with 400 naming their lines', async () => {
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: dup',
      'data:',
      '  a: "1"',
      '  a: "2"',
      '',
    ].join('\n');
    const r = await c.request(
      '/api/v1/namespaces/default/configmaps/dup?fieldManager=m&fieldValidation=Strict',
      { method: 'PATCH', contentType: 'application/apply-patch+yaml', body: yaml },
    );
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map',
    );
    const warn = await c.request(
      '/api/v1/namespaces/default/configmaps/dup?fieldManager=m',
      { method: 'PATCH', contentType: 'application/apply-patch+yaml', body: yaml },
    );
    expect(warn.status).toBe(201);
    expect(warn.body.data).toEqual({ a: '2' });
    expect(warn.headers.warning).toBe(
      '299 - "line 7: key \\"a\\" already set in map"',
    );
  });
});

describe('kubectl apply --server-side', () => {
  let c: TestCluster;
  let bin: string;
  let kubeconfig: string;
  let file: string;

  const writeManifest = (replicas: number, extra: Record<string, any> = {}) =>
    fs.writeFileSync(
      file,
      toYaml(deployment('api', { replicas, ...extra })),
    );

  beforeAll(async () => {
    bin = ensureKubectl();
    c = await startTestCluster();
    kubeconfig = c.kubeconfigFile();
    file = path.join(c.dir, 'api.yaml');
  });

  afterAll(async () => {
    await c.stop();
  });

  it('kubectl apply --server-side creates and updates the object as field manager "kubectl"', async () => {
    writeManifest(2);
    const created = await kubectl(bin, kubeconfig, ['apply', '--server-side', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/deployment.apps\/api serverside-applied/);
    writeManifest(3);
    const updated = await kubectl(bin, kubeconfig, ['apply', '--server-side', '-f', file]);
    expect(updated.code).toBe(0);
    const d = c.server.api.getObj('apps/v1', 'Deployment', 'default', 'api');
    expect(d.spec.replicas).toBe(3);
    expect(
      d.metadata.managedFields.find((e: any) => e.manager === 'kubectl'),
    ).toMatchObject({ operation: 'Apply', apiVersion: 'apps/v1' });
  });

  it('kubectl apply --server-side reports a conflict and --force-conflicts takes the field over', async () => {
    const scaled = await kubectl(bin, kubeconfig, ['scale', 'deployment/api', '--replicas=5']);
    expect(scaled.code).toBe(0);
    writeManifest(2);
    const conflict = await kubectl(bin, kubeconfig, ['apply', '--server-side', '-f', file]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(
      // kubectl scale names no field manager: its User-Agent does
      /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: .spec.replicas/,
    );
    expect(conflict.stderr).toMatch(/--force-conflicts/);
    const forced = await kubectl(bin, kubeconfig, [
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      file,
    ]);
    expect(forced.code).toBe(0);
    const d = c.server.api.getObj('apps/v1', 'Deployment', 'default', 'api');
    expect(d.spec.replicas).toBe(2);
    expect(
      d.metadata.managedFields.some((e: any) => e.subresource === 'scale'),
    ).toBe(false);
  });

  it('kubectl apply --server-side takes over an object applied client-side before, without conflicts', async () => {
    fs.writeFileSync(file, toYaml(deployment('csa', { replicas: 1 })));
    const csa = await kubectl(bin, kubeconfig, ['apply', '-f', file]);
    expect(csa.stdout).toMatch(/deployment.apps\/csa created/);
    fs.writeFileSync(file, toYaml(deployment('csa', { replicas: 2 })));
    const ssa = await kubectl(bin, kubeconfig, ['apply', '--server-side', '-f', file]);
    expect(ssa.stderr).toBe('');
    expect(ssa.code).toBe(0);
    const d = c.server.api.getObj('apps/v1', 'Deployment', 'default', 'csa');
    expect(d.spec.replicas).toBe(2);
    const managers = d.metadata.managedFields.map(
      (e: any) => `${e.manager}/${e.operation}`,
    );
    expect(managers).toContain('kubectl/Apply');
    expect(managers).not.toContain('kubectl-client-side-apply/Update');
  });

  it('kubectl apply --server-side fails on a field the schema does not declare', async () => {
    writeManifest(2, { replica: 2 });
    const r = await kubectl(bin, kubeconfig, ['apply', '--server-side', '-f', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/\.spec\.replica: field not declared in schema/);
  });

  it('kubectl create validates strictly on the server', async () => {
    const bad = deployment('strict');
    (bad.spec as any).replica = 2;
    fs.writeFileSync(file, toYaml(bad));
    const r = await kubectl(bin, kubeconfig, ['create', '-f', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/strict decoding error: unknown field "spec.replica"/);
    const warned = await kubectl(bin, kubeconfig, ['create', '--validate=warn', '-f', file]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/Warning: unknown field "spec.replica"/);
  });
});
