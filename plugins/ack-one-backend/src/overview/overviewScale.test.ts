import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  DrBlastImpact,
  DrBlastRadius,
  DrOverview,
} from '@internal/plugin-ack-one-common';
import request from 'supertest';
import {
  ACK,
  FakeDrCache,
  IDC,
  Pattern,
  PATTERNS,
  serviceEntity,
  startOverviewBackend,
  type OverviewBackend,
} from './__testUtils__/overviewBackend';

jest.setTimeout(120_000);

const SERVICES = 2_000;
const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
const patternOf = (i: number): Pattern => PATTERNS[i % PATTERNS.length];
/** The policy denies the DR status of every 100th service. */
const denied = (i: number) => i % 100 === 99;

const entities = Array.from({ length: SERVICES }, (_, i) =>
  serviceEntity(name(i), patternOf(i), {
    owner: `team-${i % 10}`,
    system: `system-${i % 4}`,
  }),
);

/** What each pattern should show (see `Pattern`). */
const EXPECTED: Record<
  Pattern,
  { standby?: number; idc: DrBlastImpact; ack: DrBlastImpact }
> = {
  covered: { standby: 100, idc: 'unaffected', ack: 'unaffected' },
  scales: { standby: 100, idc: 'loses-capacity', ack: 'unaffected' },
  short: { standby: 33, idc: 'loses-capacity', ack: 'unaffected' },
  'one-sided': { standby: 0, idc: 'down', ack: 'unaffected' },
  active: { idc: 'loses-capacity', ack: 'loses-capacity' },
};

const allowedIndexes = [...Array(SERVICES).keys()].filter(i => !denied(i));

describe.each([
  ['a policy that decides per service', 'conditional' as const, allowedIndexes],
  [
    'a policy that allows every service',
    'allow' as const,
    [...Array(SERVICES).keys()],
  ],
])(
  'ack-one backend: the DR overview at 2,000 services, %s',
  (_, kind, visible) => {
    let backend: OverviewBackend;
    const drCache = new FakeDrCache();
    /** Resource refs per authorize call, as `allowedEntities` batches them. */
    const batches = kind === 'conditional' ? Math.ceil(SERVICES / 250) : 0;

    beforeAll(async () => {
      backend = await startOverviewBackend({
        entities,
        drCache,
        policy: (__, ref) => {
          if (kind === 'allow') return AuthorizeResult.ALLOW;
          if (ref === undefined) return AuthorizeResult.CONDITIONAL;
          return denied(Number(ref.slice(-4)))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW;
        },
      });
    });

    afterAll(() => backend?.stop());

    /** Calls one route and counts the catalog queries, permission calls and statuses it cost. */
    async function measured(url: string) {
      const before = {
        catalog: backend.catalogCalls(),
        conditional: backend.authorizeConditional.mock.calls.length,
        authorize: backend.authorize.mock.calls.length,
        statuses: drCache.statusCalls,
      };
      const res = await request(backend.server)
        .get(`/api/ack-one${url}`)
        .set('authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      const authorizeCalls = backend.authorize.mock.calls.slice(
        before.authorize,
      );
      return {
        body: res.body,
        catalog: backend.catalogCalls() - before.catalog,
        conditional:
          backend.authorizeConditional.mock.calls.length - before.conditional,
        authorize: authorizeCalls.length,
        checked: authorizeCalls.reduce((a, c) => a + c[0].length, 0),
        largestBatch: Math.max(0, ...authorizeCalls.map(c => c[0].length)),
        statuses: drCache.statusCalls - before.statuses,
      };
    }

    it('answers every visible service from one catalog query, one policy question (and batched checks when it depends on the entity) and the cache memory', async () => {
      const m = await measured('/v1/overview');
      expect(m.catalog).toBe(1);
      expect(m.conditional).toBe(1);
      expect(m.authorize).toBe(batches);
      expect(m.checked).toBe(batches ? SERVICES : 0);
      expect(m.largestBatch).toBeLessThanOrEqual(250);
      expect(m.statuses).toBe(visible.length);
      const items = (m.body as DrOverview).items;
      expect(items).toHaveLength(visible.length);
      const byRef = new Map(items.map(r => [r.entityRef, r]));
      for (const i of visible) {
        const row = byRef.get(`component:default/${name(i)}`)!;
        expect(row.owner).toBe(`group:default/team-${i % 10}`);
        expect(row.standbyCapacityPercent).toBe(EXPECTED[patternOf(i)].standby);
      }
    });

    it('filters by owner and system before the permission checks', async () => {
      const m = await measured('/v1/overview?owner=team-3&system=system-1');
      expect(m.catalog).toBe(1);
      expect(m.conditional).toBe(1);
      // team-3 and system-1: i % 10 === 3 and i % 4 === 1, i.e. i % 20 === 13
      expect(m.checked).toBe(batches ? SERVICES / 20 : 0);
      expect(m.body.items).toHaveLength(SERVICES / 20);
    });

    it.each([
      ['IDC', IDC, 'idc' as const],
      ['ACK', ACK, 'ack' as const],
    ])(
      'gives the impact of losing the %s cluster on every service',
      async (__, clusterId, side) => {
        const m = await measured(
          `/v1/overview/blast-radius?cluster=${clusterId}`,
        );
        expect(m.catalog).toBe(1);
        expect(m.conditional).toBe(1);
        expect(m.authorize).toBe(batches);
        const { items } = m.body as DrBlastRadius;
        expect(items).toHaveLength(visible.length);
        const impactOf = new Map(items.map(i => [i.entityRef, i]));
        for (const i of visible) {
          const item = impactOf.get(`component:default/${name(i)}`)!;
          expect(item.impact).toBe(EXPECTED[patternOf(i)][side]);
          expect(item.reason).not.toBe('');
        }
        const rank = { down: 0, 'loses-capacity': 1, unaffected: 2 };
        const ranks = items.map(i => rank[i.impact]);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      },
    );
  },
);
