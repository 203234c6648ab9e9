import {
  assertNoCidrOverlaps,
  NamedCidr,
} from '@internal/plugin-ack-one-common';
import type {
  AckOneWhere,
  CreateClusterInput,
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
  outputCluster,
  outputWhenRunning,
  planCluster,
} from './clusterSteps';
import { requireVpc, requireVSwitches } from './precheck';
import { CLUSTER_NAME_PATTERN } from './registerCluster';

export const CREATE_CLUSTER_ACTION_ID = 'ack-one:cluster:create';

const EXAMPLE = oneStepExample({
  id: 'ack',
  action: CREATE_CLUSTER_ACTION_ID,
  name: 'Create the ACK cluster',
  input: {
    name: 'ack-hangzhou',
    vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
    vSwitchIds: ['vsw-bp1aaaaaaaaaaaaaaaaa', 'vsw-bp1bbbbbbbbbbbbbbbbb'],
    containerCidr: '172.20.0.0/16',
    serviceCidr: '172.21.0.0/20',
  },
});

function inputSchema(z: Zod) {
  return z.object({
    ...whereInputs(z),
    name: z.string().regex(new RegExp(CLUSTER_NAME_PATTERN)),
    vpcId: z.string(),
    vSwitchIds: z.array(z.string()).min(1),
    clusterSpec: z.string().optional().describe('Default ack.pro.small'),
    kubernetesVersion: z.string().optional(),
    containerCidr: z.string().describe('Pod CIDR, e.g. 172.20.0.0/16'),
    serviceCidr: z.string().describe('Service CIDR, e.g. 172.21.0.0/20'),
    tags: z
      .record(z.string())
      .optional()
      .describe('Default { location: cloud }'),
    timeoutSeconds: z.number().int().positive().optional(),
  });
}

type Input = SchemaType<typeof inputSchema>;
type Ctx = ActionCtx<typeof inputSchema, typeof clusterOutputSchema>;

function clusterInputOf(input: Input): CreateClusterInput {
  return {
    name: input.name,
    clusterType: 'ManagedKubernetes',
    clusterSpec: input.clusterSpec ?? 'ack.pro.small',
    kubernetesVersion: input.kubernetesVersion,
    vpcId: input.vpcId,
    vSwitchIds: input.vSwitchIds,
    containerCidr: input.containerCidr,
    serviceCidr: input.serviceCidr,
    tags: input.tags ?? { location: 'cloud' },
  };
}

/** The VPC, vSwitches and CIDRs; returns the cluster of that name if any. */
async function precheck(
  run: ActionRun,
  where: AckOneWhere,
  input: Input,
  own: NamedCidr[],
) {
  const { write } = run.deps;
  const vpc = await requireVpc(write, where, input.vpcId);
  await requireVSwitches(write, where, vpc, input.vSwitchIds);
  assertNoCidrOverlaps([
    { name: `VPC ${vpc.vpcId}`, cidr: vpc.cidrBlock },
    ...own,
  ]);
  return findClusterByName(run, where, input.name);
}

async function createAckCluster(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  const own: NamedCidr[] = [
    { name: 'pod CIDR', cidr: input.containerCidr },
    { name: 'service CIDR', cidr: input.serviceCidr },
  ];
  assertNoCidrOverlaps(own);
  const where = run.where(input);
  const existing = await run.step('check the inputs against the account', () =>
    precheck(run, where, input, own),
  );
  const clusterInput = clusterInputOf(input);
  if (ctx.isDryRun) {
    const clusterId = planCluster(run, where, existing, clusterInput);
    const state = existing?.state ?? 'dry-run';
    outputCluster(ctx, { name: input.name, clusterId, state }, input.name);
    return;
  }
  const clusterId = await run.step('create the ACK cluster', () =>
    ensureCluster(run, where, clusterInput),
  );
  await outputWhenRunning(run, ctx, where, clusterId, {
    name: 'wait for the cluster to be running',
    defaultTimeoutSeconds: 1800,
  });
}

/**
 * `ack-one:cluster:create`: the cloud side of hybrid DR, an ACK managed
 * cluster in the VPC (create-or-get by name), waited for until `running`.
 */
export function createAckClusterAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: CREATE_CLUSTER_ACTION_ID,
    description:
      'Creates an ACK managed cluster in a VPC (or reuses the one with that name) and waits until it is running. Its pod and service CIDRs are checked against the VPC before anything is created.',
    examples: [
      { description: 'An ACK Pro cluster in two vSwitches', example: EXAMPLE },
    ],
    input: inputSchema,
    output: clusterOutputSchema,
    run: createAckCluster,
  });
}
