import fs from 'node:fs';
import path from 'node:path';
import { issueUserToken, userKubeconfig } from './auth/users';
import { ensureKubectl, kubectl } from './testUtils';
import { startTestCluster, TestCluster } from './__testUtils__/cluster';

jest.setTimeout(60_000);

describe('RBAC for restricted users', () => {
  let c: TestCluster;
  let bin: string;
  let admin: string;
  let alice: string;
  let aliceToken: string;

  beforeAll(async () => {
    bin = ensureKubectl();
    c = await startTestCluster();
    admin = c.kubeconfigFile();
    aliceToken = issueUserToken(c.server, {
      username: 'alice',
      groups: ['dev'],
    });
    alice = c.kubeconfigFile(aliceToken);
    const api = c.server.api;
    api.upsert({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'deployer', namespace: 'default' },
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'deployments/scale'],
          verbs: ['get', 'list', 'watch', 'patch'],
        },
      ],
    });
    api.upsert({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'devs-deploy', namespace: 'default' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'deployer',
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'dev' },
      ],
    });
    api.upsert({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'alice-view' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'view',
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      ],
    });
    api.upsert({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
  });

  afterAll(async () => {
    await c.stop();
  });

  const canI = (kubeconfig: string, ...args: string[]) =>
    kubectl(bin, kubeconfig, ['auth', 'can-i', ...args]);

  it('kubectl auth can-i answers yes and no for a restricted user from the stored Roles and bindings', async () => {
    const yes = await canI(alice, 'patch', 'deployments', '-n', 'default');
    expect(yes.stdout.trim()).toBe('yes');
    expect(yes.code).toBe(0);
    const no = await canI(alice, 'delete', 'deployments', '-n', 'default');
    expect(no.stdout.trim()).toBe('no');
    expect(no.code).toBe(1);
    const otherNs = await canI(alice, 'patch', 'deployments', '-n', 'kube-system');
    expect(otherNs.stdout.trim()).toBe('no');
    // the bootstrap "view" ClusterRole, bound cluster-wide
    expect((await canI(alice, 'list', 'pods', '-A')).stdout.trim()).toBe('yes');
    expect((await canI(alice, 'get', 'secrets', '-n', 'default')).stdout.trim()).toBe('no');
  });

  it('kubectl auth can-i --list lists the rules of a restricted user', async () => {
    const r = await canI(alice, '--list', '-n', 'default');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch patch\]/);
    expect(r.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
  });

  it('the tokens issued so far stay cluster administrators', async () => {
    expect((await canI(admin, '*', '*')).stdout.trim()).toBe('yes');
    expect((await canI(admin, 'delete', 'nodes')).stdout.trim()).toBe('yes');
  });

  it('a restricted user gets 403 Forbidden for a request RBAC does not allow', async () => {
    const apps = c.kubeConfig(aliceToken).makeApiClient(c.k8s.AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(list.items.map((d: any) => d.metadata.name)).toEqual(['web']);
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 2 } } },
      c.k8s.setHeaderOptions('Content-Type', c.k8s.PatchStrategy.MergePatch),
    );
    const denied = await apps
      .deleteNamespacedDeployment({ name: 'web', namespace: 'default' })
      .then(
        () => undefined,
        (e: any) => e,
      );
    expect(denied?.code).toBe(403);
    expect(JSON.parse(denied.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message:
        'deployments.apps "web" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    const cluster = await c.request('/api/v1/nodes', { token: aliceToken });
    expect(cluster.status).toBe(403);
    expect(cluster.body.message).toBe(
      'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    const kubectlDenied = await kubectl(bin, alice, ['delete', 'deployment', 'web']);
    expect(kubectlDenied.code).not.toBe(0);
    expect(kubectlDenied.stderr).toMatch(
      /Error from server \(Forbidden\): deployments.apps "web" is forbidden: User "alice" cannot delete resource "deployments"/,
    );
  });

  it('kubectl auth whoami shows the user of the token', async () => {
    const me = await kubectl(bin, alice, ['auth', 'whoami']);
    expect(me.code).toBe(0);
    expect(me.stdout).toMatch(/Username\s+alice/);
    expect(me.stdout).toMatch(/Groups\s+\[dev system:authenticated\]/);
    const root = await kubectl(bin, admin, ['auth', 'whoami', '-o', 'json']);
    expect(JSON.parse(root.stdout).status.userInfo).toEqual({
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });

  it('a restricted kubeconfig works with kubectl as is', async () => {
    const file = path.join(c.dir, 'bob.kubeconfig');
    fs.writeFileSync(file, userKubeconfig(c.server, { username: 'bob' }));
    const r = await kubectl(bin, file, ['get', 'deployments']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/User "bob" cannot list resource "deployments"/);
    expect((await canI(file, 'create', 'selfsubjectaccessreviews')).stdout.trim()).toBe('yes');
  });
});
