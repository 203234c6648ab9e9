import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt?: number;
}

/**
 * In-memory storage for the demo identity provider's sessions, grants and
 * tokens. Everything is lost when the backend stops: users sign in again.
 * One store is shared by all models, keyed `<model>:<id>`.
 */
export function createMemoryAdapterFactory(): (model: string) => Adapter {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();

  const read = (key: string | undefined) => {
    if (!key) return undefined;
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  };
  // Drops expired entries now and then, so a long-running demo stays small.
  const sweep = () => {
    if (entries.size < 500) return;
    for (const key of [...entries.keys()]) read(key);
  };
  const findBy = (field: 'uid' | 'userCode', model: string, value: string) => {
    for (const [key, { payload }] of entries) {
      if (key.startsWith(`${model}:`) && payload[field] === value) {
        return read(key);
      }
    }
    return undefined;
  };

  return model => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        sweep();
        const key = keyOf(id);
        entries.set(key, {
          payload,
          expiresAt:
            typeof expiresIn === 'number'
              ? Date.now() + expiresIn * 1000
              : undefined,
        });
        if (payload.grantId) {
          const keys = byGrant.get(payload.grantId) ?? new Set<string>();
          byGrant.set(payload.grantId, keys.add(key));
        }
      },
      async find(id) {
        return read(keyOf(id));
      },
      async findByUid(uid) {
        return findBy('uid', model, uid);
      },
      async findByUserCode(userCode) {
        return findBy('userCode', model, userCode);
      },
      async consume(id) {
        const payload = read(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
}
