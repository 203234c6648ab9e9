import {
  AckOneKubeTarget,
  AckOneWhere,
  CreateClusterInput,
  parseManifest,
} from '@internal/plugin-ack-one-node';
import {
  AckOneActionDeps,
  createAckOneAction,
  ActionCtx,
  ActionRun,
  oneStepExample,
  SchemaType,
  whereInputs,
  Zod,
} from './common';
import {
  clusterOutputSchema,
  ensureCluster,
  findClusterByName,
  idcTarget,
  outputCluster,
  outputWhenRunning,
  planCluster,
  waitForClusterState,
} from './clusterSteps';
import { requireVpc, requireVSwitches } from './precheck';

export const REGISTER_CLUSTER_ACTION_ID = 'ack-one:cluster:register';

/** CS cluster names: 1-63 letters, digits and hyphens, not starting with a hyphen. */
export const CLUSTER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,62}$';

const EXAMPLE = oneStepExample({
  id: 'register',
  action: REGISTER_CLUSTER_ACTION_ID,
  name: 'Register the IDC cluster',
  input: {
    name: 'idc-k8s',
    vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
    idcCluster: 'idc',
  },
});

function inputSchema(z: Zod) {
  return z.object({
    ...whereInputs(z),
    name: z
      .string()
      .regex(new RegExp(CLUSTER_NAME_PATTERN))
      .describe('Name of the registered cluster in ACK One'),
    vpcId: z
      .string()
      .describe('The VPC the registered cluster is associated with'),
    vSwitchIds: z
      .array(z.string())
      .optional()
      .describe('vSwitches of that VPC (optional)'),
    idcCluster: z
      .string()
      .optional()
      .describe(
        'An IDC cluster configured under ackOne.scaffolder.idcClusters; without it the kubeconfig comes from the task secret named by kubeconfigSecret',
      ),
    kubeconfigSecret: z
      .string()
      .optional()
      .describe(
        'Task secret holding the IDC kubeconfig (default idcKubeconfig)',
      ),
    privateEndpoint: z
      .boolean()
      .optional()
      .describe(
        'The agent connects over the private (Express Connect) network; default true',
      ),
    agentMode: z
      .enum(['admin', 'restricted'])
      .optional()
      .describe('Agent permissions; default admin'),
    tags: z
      .record(z.string())
      .optional()
      .describe('Cluster tags; default { location: idc }'),
    timeoutSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('How long to wait for the agent to connect; default 900'),
  });
}

type Input = SchemaType<typeof inputSchema>;
type Ctx = ActionCtx<typeof inputSchema, typeof clusterOutputSchema>;

function clusterInputOf(input: Input): CreateClusterInput {
  return {
    name: input.name,
    clusterType: 'ExternalKubernetes',
    vpcId: input.vpcId,
    vSwitchIds: input.vSwitchIds,
    tags: input.tags ?? { location: 'idc' },
  };
}

/** The IDC cluster answers, the VPC and vSwitches exist, the name is free or registered. */
async function precheck(run: ActionRun, where: AckOneWhere, input: Input) {
  const { write } = run.deps;
  const target = idcTarget(run, input);
  const { server } = await write.describeTarget(target);
  await write.getObject(target, {
    apiVersion: 'v1',
    kind: 'Namespace',
    name: 'kube-system',
  });
  run.ctx.logger.info(`the IDC cluster's API server ${server} answers`);
  const vpc = await requireVpc(write, where, input.vpcId);
  await requireVSwitches(write, where, vpc, input.vSwitchIds);
  const existing = await findClusterByName(run, where, input.name);
  if (existing && existing.clusterType !== 'ExternalKubernetes') {
    throw new Error(
      `a ${existing.clusterType} cluster named ${input.name} already exists (${existing.clusterId}); choose another name`,
    );
  }
  return { target, server, existing };
}

type Checked = Awaited<ReturnType<typeof precheck>>;

function planDryRun(
  run: ActionRun,
  where: AckOneWhere,
  ctx: Ctx,
  checked: Checked,
) {
  const { input } = ctx;
  const clusterId = planCluster(
    run,
    where,
    checked.existing,
    clusterInputOf(input),
  );
  run.plan('CS DescribeExternalAgent', {
    ClusterId: clusterId,
    PrivateIpAddress: String(input.privateEndpoint ?? true),
    AgentMode: input.agentMode ?? 'admin',
  });
  run.ctx.logger.info(
    `[dry run] would server-side apply the agent manifest it returns (its credentials are not shown) to the IDC cluster at ${
      checked.server
    }, then wait up to ${
      input.timeoutSeconds ?? 900
    } s for the cluster to be running`,
  );
  const state = checked.existing?.state ?? 'dry-run';
  outputCluster(ctx, { name: input.name, clusterId, state }, input.name);
}

/** Applies the agent manifest of the registered cluster to the IDC cluster. */
function installAgent(
  run: ActionRun,
  where: AckOneWhere,
  clusterId: string,
  input: Input,
  target: AckOneKubeTarget,
) {
  const { write, config } = run.deps;
  return run.ctx.checkpoint({
    key: `agent-${clusterId}`,
    fn: async () => {
      const manifest = await write.describeExternalAgent(where, clusterId, {
        privateIpAddress: input.privateEndpoint ?? true,
        agentMode: input.agentMode,
      });
      const applied = await write.applyObjects(
        target,
        parseManifest(manifest),
        { fieldManager: config.fieldManager, force: true },
      );
      const names = applied.map(
        a => `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`,
      );
      run.ctx.logger.info(
        `applied the agent manifest to the IDC cluster: ${names.join(', ')}`,
      );
      return applied.length;
    },
  });
}

async function registerCluster(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  const where = run.where(input);
  const checked = await run.step('check the inputs against the account', () =>
    precheck(run, where, input),
  );
  if (ctx.isDryRun) {
    planDryRun(run, where, ctx, checked);
    return;
  }
  const clusterId = await run.step('create the registered cluster', () =>
    ensureCluster(run, where, clusterInputOf(input)),
  );
  const registered = await run.step('wait for the registration', () =>
    waitForClusterState(
      run,
      where,
      clusterId,
      ['waiting', 'running', 'disconnected'],
      900,
    ),
  );
  if (registered.state !== 'running') {
    await run.step('install the ACK One agent in the IDC cluster', () =>
      installAgent(run, where, clusterId, input, checked.target),
    );
  }
  await outputWhenRunning(run, ctx, where, clusterId, {
    name: 'wait for the agent to connect',
    defaultTimeoutSeconds: 900,
  });
}

/**
 * `ack-one:cluster:register`: registers an IDC Kubernetes cluster with ACK
 * One (CreateCluster `ExternalKubernetes`), installs the agent that
 * DescribeExternalAgent returns into the IDC cluster, and waits until the
 * cluster is `running`.
 */
export function createRegisterClusterAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: REGISTER_CLUSTER_ACTION_ID,
    description:
      'Registers an IDC Kubernetes cluster with ACK One: creates the registered (ExternalKubernetes) cluster, applies the ACK One agent manifest to the IDC cluster (private endpoint by default) and waits until the cluster is running. Safe to re-run.',
    examples: [
      {
        description: 'Register the IDC cluster configured as "idc"',
        example: EXAMPLE,
      },
    ],
    input: inputSchema,
    output: clusterOutputSchema,
    run: registerCluster,
  });
}
