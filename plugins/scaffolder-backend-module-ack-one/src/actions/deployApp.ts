import {
  FLEET_ARGOCD_NAMESPACE,
  AckOneKubeTarget,
  AckOneWhere,
} from '@internal/plugin-ack-one-node';
import {
  AckOneActionDeps,
  createAckOneAction,
  ActionCtx,
  ActionRun,
  listOr,
  oneStepExample,
  SchemaType,
  whereInputs,
  Zod,
} from './common';
import {
  AppSetSpec,
  applicationSetOf,
  checkAppSpec,
  CLUSTER_ID_LABEL,
  PART_OF_LABEL,
} from './app/applicationSet';
import { requireFleet } from './precheck';

export const DEPLOY_APP_ACTION_ID = 'ack-one:app:deploy';

const EXAMPLE = oneStepExample({
  id: 'deploy',
  action: DEPLOY_APP_ACTION_ID,
  name: 'Deploy',
  input: {
    fleetId: 'ackone-fleet',
    name: 'shop',
    clusterIds: ['idc-k8s', 'ack-hangzhou'],
    repoURL: 'https://github.com/AliyunContainerService/gitops-demo.git',
    path: 'manifests/helm/web-demo',
    serviceName: 'shop',
    replicas: { 'idc-k8s': 3, 'ack-hangzhou': 2 },
    owner: 'group:default/platform-team',
    clusterRoles: 'idc-k8s=primary,ack-hangzhou=standby',
    minStandbyCapacity: 50,
    rto: '5m',
  },
});

/** The app's source: the Git repository and its Helm settings. */
function sourceInputs(z: Zod) {
  return {
    repoURL: z.string(),
    path: z.string(),
    targetRevision: z.string().optional().describe('Default HEAD'),
    helmParameters: z.record(z.string()).optional(),
    helmValueFiles: z.array(z.string()).optional(),
    helmValues: z.string().optional().describe('Helm values (YAML)'),
    serviceName: z
      .string()
      .optional()
      .describe(
        'Service name, same in every cluster (Helm parameter service.name)',
      ),
    replicas: z
      .union([
        z.record(z.number().int().min(0)),
        z.array(z.number().int().min(0)),
      ])
      .optional()
      .describe(
        'Replicas per cluster: by cluster id or name, or a list in the order of clusterIds',
      ),
    clusterIdParameter: z
      .string()
      .optional()
      .describe('Helm parameter receiving the cluster id; default clusterId'),
  };
}

/** The catalog Component and DR policy the ApplicationSet carries. */
function catalogInputs(z: Zod) {
  return {
    owner: z.string().describe('Backstage owner (entity ref)'),
    system: z.string().optional(),
    lifecycle: z.string().optional(),
    description: z.string().optional(),
    clusterRoles: z
      .string()
      .optional()
      .describe(
        'active-active (default) or <cluster>=primary,<cluster>=standby',
      ),
    minStandbyCapacity: z.number().int().min(1).max(100).optional(),
    rto: z.string().optional().describe('e.g. 5m'),
  };
}

function inputSchema(z: Zod) {
  return z.object({
    ...whereInputs(z),
    fleetId: z.string().describe('Fleet id or name'),
    name: z
      .string()
      .describe(
        'App name (DNS label): ApplicationSet, catalog Component, kubernetes-id',
      ),
    namespace: z
      .string()
      .optional()
      .describe('Namespace in every cluster; default the name'),
    clusterIds: z
      .array(z.string())
      .min(1)
      .describe('Member clusters (ids or names)'),
    ...sourceInputs(z),
    ...catalogInputs(z),
    timeoutSeconds: z.number().int().positive().optional(),
  });
}

function outputSchema(z: Zod) {
  return z.object({
    applicationSet: z.string(),
    namespace: z.string(),
    entityRef: z.string(),
    drTabPath: z.string(),
    clusters: z.array(
      z.object({
        clusterId: z.string(),
        clusterName: z.string(),
        application: z.string(),
        sync: z.string(),
        health: z.string(),
      }),
    ),
  });
}

type Input = SchemaType<typeof inputSchema>;
type Ctx = ActionCtx<typeof inputSchema, typeof outputSchema>;

/** Per cluster: its Application's sync and health. */
type ClusterState = SchemaType<typeof outputSchema>['clusters'][number];

async function precheck(run: ActionRun, where: AckOneWhere, input: Input) {
  const { ackOne } = run.deps;
  const fleet = await requireFleet(ackOne, where, input.fleetId);
  const details = await ackOne.getFleet(
    where.account,
    where.region,
    fleet.clusterId,
  );
  if (details.state !== 'running' || !details.gitOpsEnabled) {
    throw new Error(
      `Fleet ${fleet.name} (${fleet.clusterId}) is ${details.state}${
        details.gitOpsEnabled ? '' : ' without GitOps'
      }; enable GitOps (ack-one:fleet:create does) before deploying apps`,
    );
  }
  const members = await ackOne.listManagedClusters(
    where.account,
    where.region,
    fleet.clusterId,
  );
  const clusters = input.clusterIds.map(id => {
    const m = members.find(x => x.clusterId === id || x.name === id);
    if (!m) {
      throw new Error(
        `${id} is not a member of Fleet ${fleet.name}; its members: ${listOr(
          members.map(x => `${x.clusterId} (${x.name})`),
        )}`,
      );
    }
    return m;
  });
  const replicas = input.replicas ?? {};
  if (Array.isArray(replicas)) {
    if (replicas.length > clusters.length) {
      throw new Error(
        `replicas has ${replicas.length} entries for ${clusters.length} clusters`,
      );
    }
  } else {
    const unknown = Object.keys(replicas).filter(
      k => !clusters.some(c => c.clusterId === k || c.name === k),
    );
    if (unknown.length) {
      throw new Error(
        `replicas names ${unknown.join(
          ', ',
        )}, not among the clusters deployed to`,
      );
    }
  }
  return { fleet, clusters };
}

function replicasOf(
  replicas: Input['replicas'],
  index: number,
  c: { clusterId: string; name: string },
): number | undefined {
  if (Array.isArray(replicas)) return replicas[index];
  return replicas?.[c.clusterId] ?? replicas?.[c.name];
}

function specOf(
  input: Input,
  clusters: Array<{ clusterId: string; name: string }>,
): AppSetSpec {
  return {
    name: input.name,
    namespace: input.namespace ?? input.name,
    clusters: clusters.map((c, i) => ({
      clusterId: c.clusterId,
      clusterName: c.name,
      replicas: replicasOf(input.replicas, i, c),
    })),
    repoURL: input.repoURL,
    path: input.path,
    targetRevision: input.targetRevision ?? 'HEAD',
    helm: {
      parameters: input.helmParameters,
      valueFiles: input.helmValueFiles,
      values: input.helmValues,
    },
    serviceName: input.serviceName,
    clusterIdParameter: input.clusterIdParameter ?? 'clusterId',
    catalog: {
      owner: input.owner,
      system: input.system,
      lifecycle: input.lifecycle,
      description: input.description,
      clusterRoles: input.clusterRoles,
      minStandbyCapacity: input.minStandbyCapacity,
      rto: input.rto,
    },
  };
}

async function clusterStates(
  run: ActionRun,
  target: AckOneKubeTarget,
  spec: AppSetSpec,
): Promise<ClusterState[]> {
  const apps = await run.deps.write.listObjects(target, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    namespace: FLEET_ARGOCD_NAMESPACE,
    labelSelector: `${PART_OF_LABEL}=${spec.name}`,
  });
  return spec.clusters.map(c => {
    const app = apps.find(
      a => a.metadata.labels?.[CLUSTER_ID_LABEL] === c.clusterId,
    );
    const problem = (app?.status?.conditions ?? []).find((x: any) =>
      /Error/.test(x?.type ?? ''),
    );
    return {
      clusterId: c.clusterId,
      clusterName: c.clusterName,
      application: app?.metadata.name ?? '',
      sync: app ? app.status?.sync?.status ?? 'Unknown' : 'not generated',
      health: problem?.message
        ? `${app?.status?.health?.status ?? 'Unknown'} (${problem.message})`
        : app?.status?.health?.status ?? 'Unknown',
    };
  });
}

function waitReady(
  run: ActionRun,
  target: AckOneKubeTarget,
  spec: AppSetSpec,
  timeoutSeconds: number,
) {
  return run.waitFor<ClusterState[]>({
    what: `${spec.name} in ${spec.clusters
      .map(c => c.clusterName)
      .join(' and ')}`,
    timeoutSeconds,
    poll: async () => {
      const states = await clusterStates(run, target, spec);
      return {
        done: states.every(s => s.sync === 'Synced' && s.health === 'Healthy'),
        state: states
          .map(s => `${s.clusterName}: ${s.sync}/${s.health}`)
          .join(', '),
        value: states,
      };
    },
    hint: "See the Applications in the Fleet's argocd namespace",
  });
}

/** Checks the inputs against the Fleet; returns the spec and where it goes. */
async function planApp(run: ActionRun, where: AckOneWhere, input: Input) {
  const { fleet, clusters } = await run.step(
    'check the inputs against the account',
    () => precheck(run, where, input),
  );
  const spec = specOf(input, clusters);
  checkAppSpec(spec);
  const target: AckOneKubeTarget = {
    kind: 'fleet',
    ...where,
    fleetId: fleet.clusterId,
  };
  return { fleet, spec, target, appSet: applicationSetOf(spec) };
}

async function deployApp(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  const { write, config } = run.deps;
  // the policy as the DR tab will read it, checked before any call
  checkAppSpec(
    specOf(
      input,
      input.clusterIds.map(id => ({ clusterId: id, name: id })),
    ),
  );
  const where = run.where(input);
  const { fleet, spec, target, appSet } = await planApp(run, where, input);
  ctx.output('applicationSet', spec.name);
  ctx.output('namespace', spec.namespace);
  ctx.output('entityRef', `component:default/${spec.name}`);
  ctx.output(
    'drTabPath',
    `/catalog/default/component/${spec.name}/disaster-recovery`,
  );
  const apply = (dryRun: boolean) =>
    write.applyObjects(target, [appSet], {
      fieldManager: config.fieldManager,
      dryRun: dryRun || undefined,
    });
  if (ctx.isDryRun) {
    run.planManifest(`Fleet ${fleet.clusterId}`, [appSet]);
    await run.step('validate the ApplicationSet in the Fleet', () =>
      apply(true),
    );
    ctx.output('clusters', await clusterStates(run, target, spec));
    return;
  }
  await run.step('create the ApplicationSet', () =>
    ctx.checkpoint({
      key: `appset-${spec.name}`,
      fn: async () => {
        await apply(false);
        return spec.name;
      },
    }),
  );
  run.note('ApplicationSet', `${FLEET_ARGOCD_NAMESPACE}/${spec.name}`);
  const states = await run.step(
    'wait until the app is ready in each cluster',
    () => waitReady(run, target, spec, input.timeoutSeconds ?? 900),
  );
  ctx.output('clusters', states);
}

/**
 * `ack-one:app:deploy`: an Argo CD ApplicationSet in the Fleet that
 * deploys the app to the chosen member clusters, carrying the Backstage
 * owner and DR policy, waited for until synced and healthy everywhere.
 */
export function createDeployAppAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: DEPLOY_APP_ACTION_ID,
    description:
      'Deploys an app to chosen member clusters of an ACK One Fleet with an Argo CD ApplicationSet (namespace argocd): same namespace and Service name in every cluster, the namespace labelled backstage.io/kubernetes-id, the Backstage owner and DR policy as annotations (the ACK One catalog provider turns it into a Component). Waits until the app is synced and healthy in each cluster. Safe to re-run.',
    examples: [
      {
        description: 'The web-demo chart in both clusters, 70/30 replicas',
        example: EXAMPLE,
      },
    ],
    input: inputSchema,
    output: outputSchema,
    run: deployApp,
  });
}
