import { mockServices } from '@backstage/backend-test-utils';
import { failoverTestDatabases } from '../__testUtils__/databases';
import { FailoverStore } from '../failover/FailoverStore';
import type { StoredFailover } from '../failover/failoverRows';

jest.setTimeout(60_000);

const databases = failoverTestDatabases(['POSTGRES_15', 'SQLITE_3']);

let n = 0;
function stored(
  entityRef: string,
  state: StoredFailover['state'],
  reason = 'test',
): StoredFailover {
  n++;
  const at = new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString();
  return {
    seq: 0,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    entityRef,
    state,
    steps: [{ weights: { a: 0, b: 100 } }],
    reason,
    warmUp: false,
    emergency: false,
    requestedBy: 'user:default/alice',
    requestedAt: at,
    progress: [],
    events: [],
    updatedAt: at,
  };
}

describe.each(databases.eachSupportedId())(
  'the last failover of each service on %p',
  id => {
    let store: FailoverStore;

    beforeAll(async () => {
      const knex = await databases.init(id);
      store = await FailoverStore.create(mockServices.database({ knex }));
    });

    it('takes the latest request that was approved or went further, in one query for every service', async () => {
      const a = 'component:default/a';
      const b = 'component:default/b';
      const c = 'component:default/c';
      await store.insert(stored(a, 'completed', 'DR drill'), []);
      const executing = stored(a, 'executing');
      await store.insert(executing, []);
      // newer, but never approved: not a failover
      await store.insert(stored(a, 'requested'), []);
      await store.insert(stored(a, 'cancelled'), []);
      await store.insert(stored(b, 'rejected'), []);
      const done = stored(c, 'executing');
      await store.insert(done, []);
      const at = '2026-11-02T00:00:00.000Z';
      await store.transition(
        done.id,
        ['executing'],
        'completed',
        { durationSeconds: 42.5 },
        { at, actor: 'system', to: 'completed' },
      );

      const last = await store.lastPerEntity();
      expect([...last.keys()].sort()).toEqual([a, c]);
      expect(last.get(a)).toEqual({
        id: executing.id,
        entityRef: a,
        state: 'executing',
        reason: 'test',
        updatedAt: executing.updatedAt,
      });
      expect(last.get(c)).toMatchObject({
        id: done.id,
        state: 'completed',
        updatedAt: at,
        durationSeconds: 42.5,
      });
    });
  },
);
