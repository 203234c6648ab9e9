import { ensureKubectl, kubectl } from './testUtils';
import { startTestCluster, TestCluster } from './__testUtils__/cluster';

jest.setTimeout(60_000);

describe('OpenAPI v3', () => {
  let c: TestCluster;
  let bin: string;
  let kubeconfig: string;

  beforeAll(async () => {
    bin = ensureKubectl();
    c = await startTestCluster();
    kubeconfig = c.kubeconfigFile();
  });

  afterAll(async () => {
    await c.stop();
  });

  it('publishes the schemas of the kinds with their GVK, list types and the fieldValidation parameter', async () => {
    const root = await c.request('/openapi/v3');
    const url = root.body.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await c.request(url)).body;
    const patch =
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']
        .patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(patch.parameters.map((p: any) => p.name)).toContain(
      'fieldValidation',
    );
    const schemas = doc.components.schemas;
    expect(
      schemas['io.k8s.api.apps.v1.Deployment'][
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(
      schemas['io.k8s.api.core.v1.PodSpec'].properties.containers,
    ).toMatchObject({
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
  });

  it('kubectl explain prints the fields and descriptions of a built-in kind', async () => {
    const r = await kubectl(bin, kubeconfig, [
      'explain',
      'deployment.spec.replicas',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/GROUP:\s+apps/);
    expect(r.stdout).toMatch(/KIND:\s+Deployment/);
    expect(r.stdout).toMatch(/FIELD: replicas <integer>/);
    expect(r.stdout).toMatch(/Number of desired pods/);
    const pods = await kubectl(bin, kubeconfig, ['explain', 'pods.spec.containers']);
    expect(pods.stdout).toMatch(/FIELD: containers <\[\]Container>/);
    expect(pods.stdout).toMatch(/^\s+image\t<string>$/m);
  });
});
