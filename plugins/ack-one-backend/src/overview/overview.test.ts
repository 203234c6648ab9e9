import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DR_STATE_SEVERITY,
  type DrBlastRadius,
  type DrGatewayOverview,
  type DrOverview,
} from '@internal/plugin-ack-one-common';
import request from 'supertest';
import {
  ACK,
  ackOneEntity,
  FakeDrCache,
  FLEET,
  IDC,
  serviceEntity,
  startOverviewBackend,
  type OverviewBackend,
} from './__testUtils__/overviewBackend';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
/** May read the catalog, not DR statuses or cluster health. */
const MALLORY = 'user:default/mallory';
/** The catalog shows nothing to this user. */
const OUTSIDER = 'user:default/outsider';
/** The policy denies only the DR status of `component:default/secret`. */
const SECRET = 'component:default/secret';

const entities = [
  serviceEntity('covered', 'covered', { system: 'shop', owner: 'team-a' }),
  serviceEntity('scales', 'scales', { system: 'shop', owner: 'team-b' }),
  serviceEntity('short', 'short', { owner: 'team-b' }),
  serviceEntity('one-sided', 'one-sided'),
  serviceEntity('web', 'active', { system: 'system:default/web' }),
  serviceEntity('secret', 'covered'),
  // not opted in
  {
    ...serviceEntity('plain', 'covered'),
    metadata: { name: 'plain', namespace: 'default' },
  },
  ackOneEntity('ackone-fleet', 'ack-one-fleet', {
    'ack-one/cluster-id': FLEET,
  }),
  ackOneEntity('idc-k8s', 'kubernetes-cluster', {
    'ack-one/cluster-id': IDC,
    'ack-one/fleet-id': FLEET,
  }),
  ackOneEntity('ackone-fleet-gateway', 'multi-cluster-gateway', {
    'ack-one/fleet-id': FLEET,
    'ack-one/gateway-kind': 'MseIngressConfig',
    'ack-one/gateway-status': 'Listening',
    'ack-one/gateway-address': '47.0.0.1',
    'ack-one/gateway-ingress-class': 'mse',
  }),
  // a Fleet entity that the ACK One provider did not write
  ackOneEntity(
    'forged-fleet',
    'ack-one-fleet',
    { 'ack-one/cluster-id': 'c-forged' },
    'url',
  ),
];

describe('ack-one backend: DR overview, blast radius and Fleet gateway routes', () => {
  let backend: OverviewBackend;

  beforeAll(async () => {
    backend = await startOverviewBackend({
      entities,
      drCache: new FakeDrCache(['web']),
      hiddenFrom: OUTSIDER,
      // Mallory may read no DR status; the others every one but SECRET's,
      // which the policy decides entity by entity.
      policy: (who, ref) => {
        if (who === MALLORY) return AuthorizeResult.DENY;
        if (ref === undefined) return AuthorizeResult.CONDITIONAL;
        return ref === SECRET ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
      },
    });
  });

  afterAll(() => backend?.stop());

  const get = (url: string, who: string = mockCredentials.user.header(ALICE)) =>
    request(backend.server).get(`/api/ack-one${url}`).set('authorization', who);
  const user = (ref: string) => mockCredentials.user.header(ref);

  it('lists every opted-in service the caller may read, most alarming first, with one catalog query and one batch of permission checks', async () => {
    const catalogBefore = backend.catalogCalls();
    const authorizeBefore = backend.authorize.mock.calls.length;
    const conditionalBefore = backend.authorizeConditional.mock.calls.length;
    const res = await get('/v1/overview');
    expect(res.status).toBe(200);
    const body: DrOverview = res.body;
    expect(backend.catalogCalls() - catalogBefore).toBe(1);
    // the policy's answer depends on the entity: one question without a
    // resource, then one batch over the six opted-in services
    expect(
      backend.authorizeConditional.mock.calls.length - conditionalBefore,
    ).toBe(1);
    expect(backend.authorize.mock.calls.length - authorizeBefore).toBe(1);
    expect(backend.authorize.mock.calls.at(-1)![0]).toHaveLength(6);
    const severities = body.items.map(r => DR_STATE_SEVERITY[r.state]);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(body.items.map(r => r.entityRef).sort()).toEqual(
      ['covered', 'one-sided', 'scales', 'short', 'web'].map(
        n => `component:default/${n}`,
      ),
    );
    const covered = body.items.find(
      r => r.entityRef === 'component:default/covered',
    )!;
    expect(covered).toMatchObject({
      title: 'Service covered',
      owner: 'group:default/team-a',
      system: 'system:default/shop',
      fleet: { clusterId: FLEET, name: 'ackone-fleet' },
      mode: 'primary-standby',
      standbyCapacityPercent: 100,
      rto: '5m',
      rtoSeconds: 300,
    });
    expect(
      covered.clusters.map(c => [c.name, c.role, c.ready, c.load]),
    ).toEqual([
      ['idc-k8s', 'primary', 3, 3],
      ['ack-hangzhou', 'standby', 3, 3],
    ]);
    const short = body.items.find(r => r.entityRef.endsWith('/short'))!;
    expect(short.standbyCapacityPercent).toBe(33);
    const web = body.items.find(r => r.entityRef.endsWith('/web'))!;
    expect(web.clusters.map(c => c.servingPercent)).toEqual([50, 50]);
    expect(web).not.toHaveProperty('standbyCapacityPercent');
  });

  it('filters by system and owner, and refuses a malformed ref', async () => {
    const shop = await get('/v1/overview?system=shop');
    expect(shop.status).toBe(200);
    expect(shop.body.items.map((r: any) => r.entityRef).sort()).toEqual([
      'component:default/covered',
      'component:default/scales',
    ]);
    const teamB = await get(
      `/v1/overview?owner=${encodeURIComponent('group:default/team-b')}`,
    );
    expect(teamB.body.items.map((r: any) => r.entityRef).sort()).toEqual([
      'component:default/scales',
      'component:default/short',
    ]);
    const both = await get('/v1/overview?system=shop&owner=team-b');
    expect(both.body.items.map((r: any) => r.entityRef)).toEqual([
      'component:default/scales',
    ]);
    const web = await get('/v1/overview?system=system:default/web');
    expect(web.body.items).toHaveLength(1);
    const bad = await get('/v1/overview?system=system:default/');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"system" must be an entity ref');
    const twice = await get('/v1/overview?owner=a&owner=b');
    expect(twice.status).toBe(400);
  });

  it('shows the last failover of a service, and whether it was a drill', async () => {
    const store = backend.store();
    const base = {
      seq: 0,
      steps: [{ weights: { [IDC]: 0, [ACK]: 100 } }],
      warmUp: false,
      emergency: false,
      requestedBy: ALICE,
      requestedAt: '2026-11-20T10:00:00.000Z',
      progress: [],
      events: [],
    };
    const insert = (
      id: string,
      entityRef: string,
      state: any,
      reason: string,
      updatedAt: string,
    ) => store.insert({ ...base, id, entityRef, state, reason, updatedAt }, []);
    const covered = 'component:default/covered';
    await insert(
      '00000000-0000-4000-8000-000000000001',
      covered,
      'completed',
      'Quarterly DR drill',
      '2026-11-20T10:05:00.000Z',
    );
    await insert(
      '00000000-0000-4000-8000-000000000002',
      covered,
      'rejected',
      'later, rejected',
      '2026-11-21T10:00:00.000Z',
    );
    await insert(
      '00000000-0000-4000-8000-000000000003',
      'component:default/short',
      'rolled-back',
      'IDC power work',
      '2026-11-22T10:00:00.000Z',
    );
    const res = await get('/v1/overview');
    const row = (n: string) =>
      res.body.items.find((r: any) => r.entityRef === `component:default/${n}`);
    expect(row('covered').lastFailover).toEqual({
      requestId: '00000000-0000-4000-8000-000000000001',
      state: 'completed',
      at: '2026-11-20T10:05:00.000Z',
      drill: true,
    });
    expect(row('short').lastFailover).toMatchObject({
      state: 'rolled-back',
      drill: false,
    });
    expect(row('scales')).not.toHaveProperty('lastFailover');
  });

  it('leaves out what the policy or the catalog does not let the caller read', async () => {
    const mallory = await get('/v1/overview', user(MALLORY));
    expect(mallory.status).toBe(200);
    expect(mallory.body.items).toEqual([]);
    const outsider = await get('/v1/overview', user(OUTSIDER));
    expect(outsider.body.items).toEqual([]);
  });

  it('answers a backend service, and refuses anonymous callers', async () => {
    const service = await get('/v1/overview', mockCredentials.service.header());
    expect(service.status).toBe(200);
    expect(service.body.items).toHaveLength(5);
    for (const url of [
      '/v1/overview',
      `/v1/overview/blast-radius?cluster=${IDC}`,
      `/v1/fleets/${FLEET}/gateway`,
    ]) {
      const res = await get(url, mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('says what losing the IDC does to each service', async () => {
    const res = await get(`/v1/overview/blast-radius?cluster=${IDC}`);
    expect(res.status).toBe(200);
    const body: DrBlastRadius = res.body;
    expect(body.clusterId).toBe(IDC);
    expect(body.items.map(i => [i.entityRef.split('/')[1], i.impact])).toEqual([
      ['one-sided', 'down'],
      ['scales', 'loses-capacity'],
      ['short', 'loses-capacity'],
      ['web', 'loses-capacity'],
      ['covered', 'unaffected'],
    ]);
    expect(body.items[1].reason).toBe(
      'ack-hangzhou has 2 ready of the 6 serving now (4 short); scaling up to 8 (HPA maximum, or desired count without one) covers it.',
    );
    // a cluster may be named by its name when that is unambiguous
    const byName = await get('/v1/overview/blast-radius?cluster=ack-hangzhou');
    expect(byName.body.clusterId).toBe(ACK);
    expect(
      byName.body.items.find((i: any) => i.entityRef.endsWith('/one-sided'))
        .impact,
    ).toBe('unaffected');
  });

  it('refuses a missing, malformed or unknown cluster', async () => {
    const missing = await get('/v1/overview/blast-radius');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('?cluster=');
    const bad = await get('/v1/overview/blast-radius?cluster=..%2Fetc');
    expect(bad.status).toBe(400);
    const unknown = await get('/v1/overview/blast-radius?cluster=c-nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'cluster c-nowhere is not a member of the Fleet of any service you may read',
    );
    // a caller who may read no service knows no cluster either
    const denied = await get(
      `/v1/overview/blast-radius?cluster=${IDC}`,
      user(MALLORY),
    );
    expect(denied.status).toBe(404);
  });

  it("shows a Fleet's gateway objects, watch state and routes with the services using them", async () => {
    const res = await get(`/v1/fleets/${FLEET}/gateway`);
    expect(res.status).toBe(200);
    const body: DrGatewayOverview = res.body;
    expect(body).toMatchObject({
      fleetId: FLEET,
      fleetName: 'ackone-fleet',
      reachable: true,
      lastSyncAt: '2026-11-27T06:00:00.000Z',
      gateways: [
        {
          name: 'ackone-fleet-gateway',
          kind: 'MseIngressConfig',
          status: 'Listening',
          address: '47.0.0.1',
          ingressClasses: ['mse'],
          entityRef: 'resource:default/ackone-fleet-gateway',
        },
      ],
      issues: [{ ingress: 'legacy/broken', severity: 'warning' }],
    });
    expect(body.routes.map(r => [r.id, r.entityRefs, r.healthKnown])).toEqual([
      ['legacy.example.com /', [], false],
      ['web.example.com /', ['component:default/web'], true],
    ]);
    const [legacy, web] = body.routes;
    expect(legacy).toMatchObject({ declaredByPods: 100, effective: {} });
    expect(web.effective).toEqual({ [IDC]: 50, [ACK]: 50 });
  });

  it('answers 404 for a Fleet the caller may not read, one not in the catalog or not from ACK One, and 400 for a malformed id', async () => {
    const message = `Fleet ${FLEET} is not in the catalog, or you may not read it`;
    const denied = await get(`/v1/fleets/${FLEET}/gateway`, user(MALLORY));
    expect(denied.status).toBe(404);
    expect(denied.body.error.message).toBe(message);
    const hidden = await get(`/v1/fleets/${FLEET}/gateway`, user(OUTSIDER));
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(message);
    // a member cluster is not a Fleet
    expect((await get(`/v1/fleets/${IDC}/gateway`)).status).toBe(404);
    expect((await get('/v1/fleets/c-forged/gateway')).status).toBe(404);
    expect((await get('/v1/fleets/c-unknown/gateway')).status).toBe(404);
    expect((await get('/v1/fleets/..%2Fetc/gateway')).status).toBe(400);
  });
});
