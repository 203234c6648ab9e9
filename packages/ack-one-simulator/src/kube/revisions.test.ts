import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ensureKubectl, kubectl, waitFor } from './testUtils';
import { startTestCluster, TestCluster } from './__testUtils__/cluster';

jest.setTimeout(60_000);

const REVISION = 'deployment.kubernetes.io/revision';
const HISTORY = 'deployment.kubernetes.io/revision-history';

describe('Deployment revisions and rollbacks', () => {
  let c: TestCluster;
  let bin: string;
  let kubeconfig: string;

  const run = async (...args: string[]) => {
    const r = await kubectl(bin, kubeconfig, args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const deploy = () =>
    c.server.api.getObj('apps/v1', 'Deployment', 'default', 'web');
  const replicaSets = () =>
    c.server.api
      .listObjs('apps/v1', 'ReplicaSet', 'default')
      .filter(r => r.metadata.ownerReferences?.[0]?.name === 'web');
  const image = (o: any) => o.spec.template.spec.containers[0].image;
  const rolledOut = (revision: string, img: string) =>
    waitFor(() => {
      const d = deploy();
      return d.metadata.annotations?.[REVISION] === revision &&
        image(d) === img &&
        d.status?.updatedReplicas === d.spec.replicas &&
        d.status?.availableReplicas === d.spec.replicas
        ? d
        : undefined;
    }, `revision ${revision} with ${img}`);

  beforeAll(async () => {
    bin = ensureKubectl();
    c = await startTestCluster();
    kubeconfig = c.kubeconfigFile();
    const file = path.join(c.dir, 'web.yaml');
    fs.writeFileSync(
      file,
      toYaml({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1' }] },
          },
        },
      }),
    );
    await run('create', '-f', file);
  });

  afterAll(async () => {
    await c.stop();
  });

  it('the deployment controller numbers ReplicaSets by revision and kubectl rollout history lists them', async () => {
    await rolledOut('1', 'nginx:1');
    for (const n of [2, 3]) {
      await run('set', 'image', 'deployment/web', `web=nginx:${n}`);
      await rolledOut(String(n), `nginx:${n}`);
      await run('annotate', 'deployment/web', `kubernetes.io/change-cause=image ${n}`, '--overwrite');
    }
    const byRevision = Object.fromEntries(
      replicaSets().map(r => [r.metadata.annotations[REVISION], r]),
    );
    expect(Object.keys(byRevision).sort()).toEqual(['1', '2', '3']);
    expect(image(byRevision['1'])).toBe('nginx:1');
    expect(byRevision['1'].spec.replicas).toBe(0);
    expect(byRevision['3'].spec.replicas).toBe(2);
    const history = await waitFor(async () => {
      const out = await run('rollout', 'history', 'deployment/web');
      return /^3\s+image 3$/m.test(out) ? out : undefined;
    }, 'change cause of revision 3');
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history).toMatch(/^1\s+<none>$/m);
    expect(history).toMatch(/^2\s+image 2$/m);
    const two = await run('rollout', 'history', 'deployment/web', '--revision=2');
    expect(two).toMatch(/Image:\s+nginx:2/);
  });

  it('kubectl rollout undo restores the previous template as a new revision and keeps its old number in revision-history', async () => {
    expect(await run('rollout', 'undo', 'deployment/web')).toMatch(
      /deployment.apps\/web rolled back/,
    );
    await rolledOut('4', 'nginx:2');
    const rss = replicaSets();
    expect(rss).toHaveLength(3);
    const reused = rss.find(r => image(r) === 'nginx:2')!;
    expect(reused.metadata.annotations[REVISION]).toBe('4');
    expect(reused.metadata.annotations[HISTORY]).toBe('2');
    expect(reused.spec.replicas).toBe(2);
    const history = await run('rollout', 'history', 'deployment/web');
    expect(history).toMatch(/^4\s+image 2$/m);
    expect(history).not.toMatch(/^2\s/m);
  });

  it('kubectl rollout undo --to-revision=N restores that revision', async () => {
    await run('rollout', 'undo', 'deployment/web', '--to-revision=1');
    await rolledOut('5', 'nginx:1');
    const first = replicaSets().find(r => image(r) === 'nginx:1')!;
    expect(first.metadata.annotations[REVISION]).toBe('5');
    expect(first.metadata.annotations[HISTORY]).toBe('1');
    const missing = await kubectl(bin, kubeconfig, [
      'rollout',
      'undo',
      'deployment/web',
      '--to-revision=9',
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/unable to find specified revision 9/);
  });

  it('old ReplicaSets are kept up to revisionHistoryLimit', async () => {
    await run('patch', 'deployment/web', '-p', '{"spec":{"revisionHistoryLimit":1}}');
    await waitFor(() => replicaSets().length === 2, 'one old ReplicaSet left');
    const kept = replicaSets().map(r => r.metadata.annotations[REVISION]).sort();
    expect(kept).toEqual(['4', '5']);
  });
});

describe('Events', () => {
  let c: TestCluster;
  let bin: string;
  let kubeconfig: string;
  let core: any;

  const eventsAbout = async (kind: string, name: string) =>
    (
      await core.listNamespacedEvent({
        namespace: 'default',
        fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
      })
    ).items;

  beforeAll(async () => {
    bin = ensureKubectl();
    c = await startTestCluster();
    kubeconfig = c.kubeconfigFile();
    core = c.kubeConfig().makeApiClient(c.k8s.CoreV1Api);
    await c.kubeConfig().makeApiClient(c.k8s.AppsV1Api).createNamespacedDeployment({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: { containers: [{ name: 'api', image: 'api:1' }] },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await c.stop();
  });

  it('scaling a Deployment records ScalingReplicaSet, SuccessfulCreate and pod events', async () => {
    const watched: any[] = [];
    const w = await new c.k8s.Watch(c.kubeConfig()).watch(
      '/api/v1/namespaces/default/events',
      {},
      (type: string, obj: any) => watched.push({ type, reason: obj.reason }),
      () => {},
    );
    const scaled = await kubectl(bin, kubeconfig, ['scale', 'deployment/api', '--replicas=3']);
    expect(scaled.code).toBe(0);
    const scaling = await waitFor(async () => {
      const evs = await eventsAbout('Deployment', 'api');
      return evs.some((e: any) => / from 1 to 3$/.test(e.message)) ? evs : undefined;
    }, 'ScalingReplicaSet to 3');
    expect(scaling.map((e: any) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Scaled up replica set api-\w+ from 0 to 1$/),
        expect.stringMatching(/^Scaled up replica set api-\w+ from 1 to 3$/),
      ]),
    );
    expect(scaling[0]).toMatchObject({
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      source: { component: 'deployment-controller' },
      involvedObject: { kind: 'Deployment', name: 'api', apiVersion: 'apps/v1' },
      count: 1,
    });
    const rs = c.server.api.listObjs('apps/v1', 'ReplicaSet', 'default')[0];
    const rsEvents = await eventsAbout('ReplicaSet', rs.metadata.name);
    expect(rsEvents.filter((e: any) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    const pod = c.server.api.listObjs('v1', 'Pod', 'default')[0];
    const podReasons = await waitFor(async () => {
      const r = (await eventsAbout('Pod', pod.metadata.name)).map((e: any) => e.reason);
      return r.includes('Started') ? r : undefined;
    }, 'pod started');
    expect(podReasons).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    await waitFor(() => watched.some(e => e.type === 'ADDED' && e.reason === 'ScalingReplicaSet'), 'watched event');
    w.abort();
  });

  it('kubectl get events and kubectl describe show the events of an object', async () => {
    const got = await kubectl(bin, kubeconfig, ['get', 'events']);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(got.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+deployment\/api\s+Scaled up replica set api-\w+ from 1 to 3/);
    const described = await kubectl(bin, kubeconfig, ['describe', 'deployment', 'api']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/NewReplicaSet:\s+api-\w+ \(3\/3 replicas created\)/);
    expect(described.stdout).toMatch(/Events:[\s\S]*ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set api-\w+ from 1 to 3/);
  });
});
