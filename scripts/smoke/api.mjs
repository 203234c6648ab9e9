// The HTTP checks against the running backend: sign-in, catalog, ACK One,
// Kubernetes, policy, scaffolder templates, failover and DR status.
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs the HTTP checks in order; returns the guest token. */
export async function runApiChecks(baseUrl, check) {
  const token = await checkGuestSignIn(baseUrl, check);
  const ctx = {
    baseUrl,
    token,
    auth: token ? { authorization: `Bearer ${token}` } : {},
    check,
  };
  await checkCatalog(ctx);
  await checkAckOneEntities(ctx);
  await checkClusterHealth(ctx);
  await checkKubernetesData(ctx);
  await checkProxyPolicy(ctx);
  await checkTemplates(ctx);
  await checkFailovers(ctx);
  await checkDrStatus(ctx);
  return token;
}

/** Anonymous calls are refused; a guest token from the auth backend is used. */
async function checkGuestSignIn(baseUrl, check) {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  })
    .then(r => r.json())
    .catch(() => undefined);
  const token = refresh?.backstageIdentity?.token;
  check('guest sign-in issues a token', typeof token === 'string');
  return token;
}

/** The catalog answers, then ingests this project's own entry. */
async function checkCatalog({ baseUrl, auth, check }) {
  const entities = await fetch(`${baseUrl}/api/catalog/entities?limit=50`, {
    headers: auth,
  })
    .then(async r => ({
      status: r.status,
      body: await r.json().catch(() => undefined),
    }))
    .catch(e => ({ status: 0, body: String(e) }));
  check(
    'catalog answers /api/catalog/entities',
    entities.status === 200 && Array.isArray(entities.body),
    `status ${entities.status}`,
  );

  // The catalog is ingested asynchronously; wait for this project's own entry.
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    const r = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/ack-one-dr-portal`,
      { headers: auth },
    ).catch(() => undefined);
    found = r?.status === 200;
    if (!found) await sleep(1000);
  }
  check('catalog ingested catalog-info.yaml', found);
}

const hasSimulatedWorld = ackOne =>
  ackOne['ack-one-fleet'] >= 1 &&
  ackOne['kubernetes-cluster'] >= 2 &&
  ackOne['multi-cluster-gateway'] >= 1;

/**
 * The embedded simulator's demo world reaches the catalog through the
 * ACK One entity provider: its fleet, both member clusters and the gateway.
 */
async function checkAckOneEntities({ baseUrl, auth, check }) {
  let ackOne = {};
  for (let i = 0; i < 90; i++) {
    const r = await fetch(
      `${baseUrl}/api/catalog/entities?filter=kind=resource`,
      { headers: auth },
    )
      .then(x => x.json())
      .catch(() => []);
    ackOne = {};
    for (const e of Array.isArray(r) ? r : []) {
      ackOne[e.spec?.type] = (ackOne[e.spec?.type] ?? 0) + 1;
    }
    if (hasSimulatedWorld(ackOne)) break;
    await sleep(1000);
  }
  check(
    'catalog shows the simulated fleet, IDC and ACK clusters and gateway',
    hasSimulatedWorld(ackOne),
    JSON.stringify(ackOne),
  );
}

/** The cluster cards' reachability check answers for every ACK One cluster. */
async function checkClusterHealth({ baseUrl, auth, check }) {
  const clusterEntities = await fetch(
    `${baseUrl}/api/catalog/entities?filter=kind=resource,spec.type=kubernetes-cluster`,
    { headers: auth },
  )
    .then(r => r.json())
    .catch(() => []);
  const health = [];
  for (const e of Array.isArray(clusterEntities) ? clusterEntities : []) {
    const id = e.metadata?.annotations?.['ack-one/cluster-id'];
    const r = await fetch(`${baseUrl}/api/ack-one/v1/clusters/${id}/health`, {
      headers: auth,
    })
      .then(async x => ({ status: x.status, ...(await x.json()) }))
      .catch(err => ({ status: 0, error: { message: String(err) } }));
    health.push(
      `${e.metadata.name}:${r.reachable}${
        r.reachable
          ? ''
          : ` (${r.status} ${r.message ?? r.error?.message ?? ''})`
      }`,
    );
  }
  check(
    'ack-one backend: every cluster in the catalog is reachable',
    health.length >= 2 && health.every(h => h.endsWith(':true')),
    health.join(' '),
  );
}

/** The clusters where the Kubernetes backend found pods of an entity. */
async function kubernetesPods(baseUrl, auth, entity) {
  const r = await fetch(`${baseUrl}/api/kubernetes/services/web-demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ entity }),
  })
    .then(x => x.json())
    .catch(() => undefined);
  return {
    clusters: (r?.items ?? [])
      .filter(c =>
        c.resources?.some(
          res => res.type === 'pods' && res.resources.length > 0,
        ),
      )
      .map(c => c.cluster.name)
      .sort(),
    errors: (r?.items ?? []).flatMap(c => c.errors ?? []).length,
  };
}

/**
 * The stock Kubernetes backend reaches both simulated clusters through the
 * ACK One cluster supplier: web-demo's pods in the IDC and the ACK cluster.
 */
async function checkKubernetesData({ baseUrl, auth, check }) {
  let k8s = { clusters: [] };
  for (let i = 0; i < 60; i++) {
    const entity = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/web-demo`,
      { headers: auth },
    )
      .then(r => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    if (entity) {
      k8s = await kubernetesPods(baseUrl, auth, entity);
      if (k8s.clusters.length >= 2) break;
    }
    await sleep(1000);
  }
  check(
    'kubernetes tab data: web-demo pods from the IDC and the ACK cluster',
    k8s.clusters.length >= 2,
    JSON.stringify(k8s),
  );
}

/**
 * The portal's policy: a signed-in user who is not an admin may not send
 * requests to a cluster through the Kubernetes proxy.
 */
async function checkProxyPolicy({ baseUrl, auth, check }) {
  const proxied = await fetch(
    `${baseUrl}/api/kubernetes/proxy/api/v1/namespaces`,
    {
      headers: { ...auth, 'Backstage-Kubernetes-Cluster': 'idc-k8s' },
    },
  ).catch(e => ({ status: String(e) }));
  check(
    'policy: the Kubernetes proxy is refused to a user who is not an admin',
    proxied.status === 403,
    `status ${proxied.status}`,
  );
}

/** The Create page's hybrid DR templates are in the catalog. */
async function checkTemplates({ baseUrl, auth, check }) {
  let templates = [];
  for (let i = 0; i < 30; i++) {
    templates = await fetch(
      `${baseUrl}/api/catalog/entities?filter=kind=template`,
      { headers: auth },
    )
      .then(r => (r.ok ? r.json() : []))
      .catch(() => []);
    if (templates.length >= 2) break;
    await sleep(1000);
  }
  check(
    'scaffolder: the hybrid DR templates are in the catalog',
    ['hybrid-dr-foundation', 'onboard-app'].every(n =>
      templates.some(t => t.metadata.name === n),
    ),
    templates.map(t => t.metadata.name).join(', '),
  );
}

/** The DR status of web-demo, or undefined while it does not answer. */
async function fetchWebDemoDrStatus(baseUrl, auth) {
  return fetch(
    `${baseUrl}/api/ack-one/v1/entities/component/default/web-demo/dr-status`,
    { headers: auth },
  )
    .then(r => (r.ok ? r.json() : undefined))
    .catch(() => undefined);
}

/** Evaluates the safety checks of a move of web-demo to the ACK cluster. */
async function postFailoverChecks(failovers, auth) {
  let checked;
  for (let i = 0; i < 30; i++) {
    // weights are keyed by cluster id, read from the DR status
    const status = await fetchWebDemoDrStatus(failovers.baseUrl, auth);
    const idOf = name =>
      status?.clusters?.find(c => c.name === name)?.clusterId;
    if (!idOf('idc-k8s') || !idOf('ack-hangzhou')) {
      await sleep(1000);
      continue;
    }
    checked = await fetch(`${failovers.url}/checks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        entityRef: 'component:default/web-demo',
        steps: [
          { weights: { [idOf('idc-k8s')]: 0, [idOf('ack-hangzhou')]: 100 } },
        ],
        reason: 'smoke test',
      }),
    })
      .then(async r => ({ status: r.status, body: await r.json() }))
      .catch(e => ({ status: String(e) }));
    if (checked.status === 200) break;
    await sleep(1000);
  }
  return checked;
}

/**
 * Failover: the safety checks of a move of web-demo to the ACK cluster are
 * evaluated (database migrated, OpenAPI router wired), and the list of its
 * requests answers.
 */
async function checkFailovers({ baseUrl, auth, check }) {
  const failovers = { baseUrl, url: `${baseUrl}/api/ack-one/v1/failovers` };
  const checked = await postFailoverChecks(failovers, auth);
  check(
    'failover: safety checks of a move of web-demo are evaluated',
    checked?.status === 200 && (checked.body?.checks?.length ?? 0) >= 5,
    `status ${checked?.status} ${JSON.stringify(
      checked?.body?.checks?.map(c => [c.rule, c.passed]) ?? checked?.body,
    ).slice(0, 300)}`,
  );
  const listed = await fetch(
    `${failovers.url}?entityRef=${encodeURIComponent(
      'component:default/web-demo',
    )}`,
    { headers: auth },
  )
    .then(async r => ({ status: r.status, body: await r.json() }))
    .catch(e => ({ status: String(e) }));
  check(
    'failover: the requests of web-demo are listed',
    listed.status === 200 && Array.isArray(listed.body?.items),
    `status ${listed.status}`,
  );
}

const inParity = dr =>
  dr?.clusters?.length === 2 &&
  dr.clusters.every(c => c.reachable) &&
  dr.parity?.state === 'in-parity';

/**
 * The DR status of web-demo: both clusters reachable through the watch
 * cache, the workload in parity and the gateway's 50/50 split.
 */
async function checkDrStatus({ baseUrl, auth, check }) {
  let dr;
  for (let i = 0; i < 60; i++) {
    dr = await fetchWebDemoDrStatus(baseUrl, auth);
    if (inParity(dr)) break;
    await sleep(1000);
  }
  const weights = Object.values(dr?.gateway?.routes?.[0]?.effective ?? {});
  check(
    'DR status: web-demo in parity on both clusters with a 50/50 gateway split',
    inParity(dr) && weights.length === 2 && weights.every(w => w === 50),
    JSON.stringify({
      clusters: dr?.clusters?.map(c => [c.name, c.reachable, c.message]),
      parity: dr?.parity?.state,
      problems: dr?.problems,
      weights: dr?.gateway?.routes?.[0]?.effective,
    }),
  );
}

/** The notifications backend answers for the user signed in via OIDC. */
export async function checkNotificationsStatus(baseUrl, aliceToken, check) {
  const status = await fetch(`${baseUrl}/api/notifications/status`, {
    headers: aliceToken ? { authorization: `Bearer ${aliceToken}` } : {},
  })
    .then(async r => ({ status: r.status, body: await r.json() }))
    .catch(e => ({ status: 0, body: String(e) }));
  check(
    'notifications: /api/notifications/status answers for alice',
    status.status === 200 && typeof status.body?.unread === 'number',
    JSON.stringify(status),
  );
}
