import type { AckOneFleet, AckOneWhere } from '@internal/plugin-ack-one-node';
import {
  AckOneActionDeps,
  createAckOneAction,
  ActionCtx,
  ActionRun,
  dryRunId,
  isDryRunId,
  listOr,
  oneStepExample,
  resourceRef,
  SchemaType,
  whereInputs,
  Zod,
} from './common';
import { TASK_TAG, waitForClusterState } from './clusterSteps';
import { attachMembers, ensureFleet } from './fleetSteps';
import { requireClusters, requireVpc, requireVSwitches } from './precheck';

export const CREATE_FLEET_ACTION_ID = 'ack-one:fleet:create';

const EXAMPLE = oneStepExample({
  id: 'fleet',
  action: CREATE_FLEET_ACTION_ID,
  name: 'Create the Fleet',
  input: {
    name: 'ackone-fleet',
    vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
    vSwitchIds: ['vsw-bp1aaaaaaaaaaaaaaaaa'],
    clusterIds: [
      '${{ steps.register.output.clusterId }}',
      '${{ steps.ack.output.clusterId }}',
    ],
  },
});

function inputSchema(z: Zod) {
  return z.object({
    ...whereInputs(z),
    name: z.string().min(1).max(63).describe('Fleet name'),
    vpcId: z.string(),
    vSwitchIds: z
      .array(z.string())
      .min(1)
      .describe('vSwitches of the Fleet control plane'),
    clusterIds: z.array(z.string()).optional().describe('Clusters to attach'),
    profile: z.enum(['Default', 'XFlow']).optional(),
    enableGitOps: z.boolean().optional().describe('Default true'),
    enableGateway: z.boolean().optional().describe('Default true'),
    timeoutSeconds: z.number().int().positive().optional(),
  });
}

function outputSchema(z: Zod) {
  return z.object({
    fleetId: z.string(),
    fleetName: z.string(),
    entityRef: z.string(),
    memberClusterIds: z.array(z.string()),
  });
}

type Input = SchemaType<typeof inputSchema>;
type Ctx = ActionCtx<typeof inputSchema, typeof outputSchema>;

/** The inputs with their defaults. */
function optionsOf(input: Input) {
  return {
    timeoutSeconds: input.timeoutSeconds ?? 1800,
    clusterIds: [...new Set(input.clusterIds ?? [])],
    gitOps: input.enableGitOps ?? true,
    gateway: input.enableGateway ?? true,
  };
}

type Options = ReturnType<typeof optionsOf>;

async function precheck(run: ActionRun, where: AckOneWhere, input: Input) {
  const { ackOne, write } = run.deps;
  const vpc = await requireVpc(write, where, input.vpcId);
  await requireVSwitches(write, where, vpc, input.vSwitchIds);
  const clusters = await requireClusters(ackOne, where, input.clusterIds ?? []);
  const fleets = await ackOne.listFleets(where.account, where.region);
  const existing = fleets.find(
    f => f.name === input.name && f.state !== 'deleting',
  );
  for (const other of fleets.filter(
    f => f !== existing && f.state === 'running',
  )) {
    const members = await ackOne.listManagedClusters(
      where.account,
      where.region,
      other.clusterId,
    );
    const taken = members.filter(m =>
      clusters.some(c => c.clusterId === m.clusterId),
    );
    if (taken.length) {
      throw new Error(
        `${listOr(
          taken.map(m => `${m.clusterId} (${m.name})`),
        )} already belong to Fleet ${other.name} (${
          other.clusterId
        }); a cluster joins one Fleet only`,
      );
    }
  }
  return { existing };
}

function planDryRun(
  run: ActionRun,
  where: AckOneWhere,
  ctx: Ctx,
  existing: AckOneFleet | undefined,
  opts: Options,
) {
  const { input } = ctx;
  if (existing) {
    ctx.logger.info(
      `[dry run] Fleet ${input.name} exists (${existing.clusterId}); it would be reused`,
    );
  } else {
    run.plan('ACK One CreateHubCluster', {
      RegionId: where.region,
      Name: input.name,
      VpcId: input.vpcId,
      VSwitches: JSON.stringify(input.vSwitchIds),
      Profile: input.profile ?? 'Default',
      Tag: JSON.stringify([{ Key: TASK_TAG, Value: '<task id>' }]),
    });
  }
  run.plan('ACK One AttachClusterToHub (the clusters not yet members)', {
    ClusterIds: JSON.stringify(opts.clusterIds),
  });
  run.plan('ACK One UpdateHubClusterFeature', {
    ArgoCDEnabled: opts.gitOps || undefined,
    GatewayEnabled: opts.gateway || undefined,
  });
  const id = existing?.clusterId ?? dryRunId(input.name);
  ctx.output('fleetId', id);
  ctx.output('fleetName', input.name);
  ctx.output('entityRef', resourceRef(input.name, id, input.name));
  ctx.output('memberClusterIds', opts.clusterIds);
}

/** Waits for each cluster to run, then attaches those not yet members. */
async function attachClusters(
  run: ActionRun,
  where: AckOneWhere,
  fleetId: string,
  { clusterIds, timeoutSeconds }: Options,
) {
  for (const id of clusterIds.filter(c => !isDryRunId(c))) {
    await waitForClusterState(run, where, id, ['running'], timeoutSeconds);
  }
  return attachMembers(run, where, fleetId, clusterIds, timeoutSeconds);
}

/** Enables the features not yet on; waits for GitOps when it is wanted. */
async function enableFeatures(
  run: ActionRun,
  where: AckOneWhere,
  fleetId: string,
  opts: Options,
) {
  const { ackOne, write } = run.deps;
  const getFleet = () => ackOne.getFleet(where.account, where.region, fleetId);
  const current = await getFleet();
  const features = {
    argoCdEnabled: opts.gitOps && !current.gitOpsEnabled ? true : undefined,
    gatewayEnabled: opts.gateway && !current.gatewayEnabled ? true : undefined,
  };
  if (features.argoCdEnabled || features.gatewayEnabled) {
    await run.ctx.checkpoint({
      key: `features-${fleetId}`,
      fn: () => write.updateFleetFeatures(where, fleetId, features),
    });
  }
  if (!opts.gitOps) return;
  await run.waitFor({
    what: `GitOps of Fleet ${fleetId}`,
    timeoutSeconds: opts.timeoutSeconds,
    poll: async () => {
      const f = await getFleet();
      return {
        done: !!f.gitOpsEnabled,
        state: f.gitOpsEnabled ? 'enabled' : 'enabling',
      };
    },
  });
}

async function createFleet(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  const where = run.where(input);
  const opts = optionsOf(input);
  const { existing } = await run.step(
    'check the inputs against the account',
    () => precheck(run, where, input),
  );
  if (ctx.isDryRun) {
    planDryRun(run, where, ctx, existing, opts);
    return;
  }
  const fleet = await run.step('create the Fleet', () =>
    ensureFleet(
      run,
      where,
      {
        name: input.name,
        vpcId: input.vpcId,
        vSwitchIds: input.vSwitchIds,
        profile: input.profile,
      },
      opts.timeoutSeconds,
    ),
  );
  const fleetId = fleet.clusterId;
  const members = await run.step('attach the clusters', () =>
    attachClusters(run, where, fleetId, opts),
  );
  await run.step('enable GitOps and the gateway', () =>
    enableFeatures(run, where, fleetId, opts),
  );
  ctx.output('fleetId', fleetId);
  ctx.output('fleetName', fleet.name);
  ctx.output('entityRef', resourceRef(fleet.name, fleetId));
  ctx.output('memberClusterIds', members);
}

/**
 * `ack-one:fleet:create`: the ACK One Fleet (create-or-get by name), its
 * member clusters, GitOps (Argo CD) and the multi-cluster gateway feature.
 */
export function createFleetAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: CREATE_FLEET_ACTION_ID,
    description:
      'Creates an ACK One Fleet (or reuses the one with that name), waits until it is running, attaches the clusters and enables GitOps (Argo CD) and the multi-cluster gateway. Safe to re-run.',
    examples: [
      {
        description: 'A Fleet with the IDC and the ACK cluster',
        example: EXAMPLE,
      },
    ],
    input: inputSchema,
    output: outputSchema,
    run: createFleet,
  });
}
