import { mockServices } from '@backstage/backend-test-utils';
import type { FailoverEvent } from '@internal/plugin-ack-one-common';
import { failoverTestDatabases } from '../__testUtils__/databases';
import { FailoverStore } from './FailoverStore';
import type { StoredFailover } from './failoverRows';

jest.setTimeout(60_000);

const databases = failoverTestDatabases(['POSTGRES_15', 'SQLITE_3']);

let n = 0;
function request(
  state: StoredFailover['state'],
  entityRef = 'component:default/web-demo',
): StoredFailover {
  const now = new Date().toISOString();
  n++;
  return {
    seq: 0,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    entityRef,
    state,
    steps: [{ weights: { a: 0, b: 100 } }],
    reason: 'test',
    warmUp: false,
    emergency: false,
    requestedBy: 'user:default/alice',
    requestedAt: now,
    progress: [{ index: 0, state: 'pending' }],
    events: [],
    updatedAt: now,
  };
}

const event = (to: StoredFailover['state']): FailoverEvent => ({
  at: new Date().toISOString(),
  actor: 'user:default/bob',
  to,
});

describe.each(databases.eachSupportedId())('FailoverStore on %p', id => {
  let store: FailoverStore;

  beforeAll(async () => {
    const knex = await databases.init(id);
    store = await FailoverStore.create(mockServices.database({ knex }));
  });

  it('stores a request with its events and reads it back', async () => {
    const r = request('requested');
    expect(
      await store.insert(r, [{ ...event('requested'), reason: 'why' }]),
    ).toBe(true);
    const back = await store.get(r.id);
    expect(back).toMatchObject({
      id: r.id,
      state: 'requested',
      steps: r.steps,
      warmUp: false,
      events: [{ to: 'requested', reason: 'why' }],
    });
  });

  it('moves a request by compare-and-set: of two racing decisions exactly one wins', async () => {
    const r = request('requested');
    await store.insert(r, []);
    const results = await Promise.all([
      store.transition(r.id, ['requested'], 'approved', {}, event('approved')),
      store.transition(r.id, ['requested'], 'rejected', {}, event('rejected')),
      store.transition(r.id, ['requested'], 'approved', {}, event('approved')),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const back = await store.get(r.id);
    expect(back!.events).toHaveLength(1);
    expect(back!.events[0].to).toBe(back!.state);
  });

  it('approves at most one request of an entity at a time, even when approvals race', async () => {
    const entity = 'component:default/exclusive';
    const rs = [request('requested', entity), request('requested', entity)];
    for (const r of rs) await store.insert(r, []);
    const results = await Promise.all(
      rs.map(r =>
        store.transition(
          r.id,
          ['requested'],
          'approved',
          {},
          event('approved'),
          undefined,
          { exclusiveFor: entity },
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.active(entity)).toHaveLength(1);
  });

  it('lets exactly one of many racing executors claim a lease, and fences writes with it', async () => {
    const r = request('approved');
    await store.insert(r, []);
    const now = Date.now();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.claim(r.id, `host-${i}`, now, 10_000),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = `host-${claims.indexOf(true)}`;
    const loser = winner === 'host-0' ? 'host-1' : 'host-0';
    expect(await store.heartbeat(r.id, loser, now, 10_000)).toBe(false);
    expect(await store.heartbeat(r.id, winner, now, 10_000)).toBe(true);
    await store.transition(
      r.id,
      ['approved'],
      'executing',
      {},
      event('executing'),
      winner,
    );
    expect(await store.update(r.id, loser, { loadReplicas: 9 })).toBe(false);
    expect(await store.update(r.id, winner, { loadReplicas: 4 })).toBe(true);
    // a lease that ran out can be taken over
    expect(await store.claim(r.id, loser, now + 5_000, 10_000)).toBe(false);
    expect(await store.claim(r.id, loser, now + 10_001, 10_000)).toBe(true);
    expect(await store.update(r.id, winner, { loadReplicas: 5 })).toBe(false);
    expect((await store.get(r.id))!.loadReplicas).toBe(4);
  });

  it('lists an entity newest first, page by page', async () => {
    const entity = 'component:default/paged';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = request('requested', entity);
      ids.push(r.id);
      await store.insert(r, [event('requested')]);
    }
    const a = await store.list(entity, 2);
    const b = await store.list(entity, 2, a.next);
    const c = await store.list(entity, 2, b.next);
    expect([...a.items, ...b.items, ...c.items].map(x => x.id)).toEqual(
      [...ids].reverse(),
    );
    expect(c.next).toBeUndefined();
    expect(a.items[0].events).toHaveLength(1);
  });
});
