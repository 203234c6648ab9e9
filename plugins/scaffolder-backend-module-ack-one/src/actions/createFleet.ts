import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ackOneEntityName } from '@internal/plugin-ack-one-common';
import type { AckOneWhere } from '@internal/plugin-ack-one-node';
import { stringify as toYaml } from 'yaml';
import {
  AckOneActionDeps,
  ActionRun,
  dryRunId,
  isDryRunId,
  listOr,
  resolveWhere,
} from './common';
import { TASK_TAG, waitForClusterState } from './clusterSteps';
import { attachMembers, ensureFleet } from './fleetSteps';
import { requireClusters, requireVpc, requireVSwitches } from './precheck';

export const CREATE_FLEET_ACTION_ID = 'ack-one:fleet:create';

interface Input {
  account?: string;
  region?: string;
  name: string;
  vpcId: string;
  vSwitchIds: string[];
  clusterIds?: string[];
  profile?: 'Default' | 'XFlow';
  enableGitOps?: boolean;
  enableGateway?: boolean;
  timeoutSeconds?: number;
}

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

/**
 * `ack-one:fleet:create`: the ACK One Fleet (create-or-get by name), its
 * member clusters, GitOps (Argo CD) and the multi-cluster gateway feature.
 */
export function createFleetAction(deps: AckOneActionDeps) {
  return createTemplateAction({
    id: CREATE_FLEET_ACTION_ID,
    description:
      'Creates an ACK One Fleet (or reuses the one with that name), waits until it is running, attaches the clusters and enables GitOps (Argo CD) and the multi-cluster gateway. Safe to re-run.',
    examples: [
      {
        description: 'A Fleet with the IDC and the ACK cluster',
        example: toYaml({
          steps: [
            {
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
            },
          ],
        }),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          account: z.string().optional(),
          region: z.string().optional(),
          name: z.string().min(1).max(63).describe('Fleet name'),
          vpcId: z.string(),
          vSwitchIds: z
            .array(z.string())
            .min(1)
            .describe('vSwitches of the Fleet control plane'),
          clusterIds: z
            .array(z.string())
            .optional()
            .describe('Clusters to attach'),
          profile: z.enum(['Default', 'XFlow']).optional(),
          enableGitOps: z.boolean().optional().describe('Default true'),
          enableGateway: z.boolean().optional().describe('Default true'),
          timeoutSeconds: z.number().int().positive().optional(),
        }),
      output: z =>
        z.object({
          fleetId: z.string(),
          fleetName: z.string(),
          entityRef: z.string(),
          memberClusterIds: z.array(z.string()),
        }),
    },
    async handler(ctx) {
      const run = new ActionRun(CREATE_FLEET_ACTION_ID, ctx, deps);
      const input: Input = ctx.input;
      const where = resolveWhere(deps.ackOne, input);
      const timeoutSeconds = input.timeoutSeconds ?? 1800;
      const clusterIds = [...new Set(input.clusterIds ?? [])];
      const gitOps = input.enableGitOps ?? true;
      const gateway = input.enableGateway ?? true;
      const { existing } = await run.step(
        'check the inputs against the account',
        () => precheck(run, where, input),
      );

      if (ctx.isDryRun) {
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
          ClusterIds: JSON.stringify(clusterIds),
        });
        run.plan('ACK One UpdateHubClusterFeature', {
          ArgoCDEnabled: gitOps || undefined,
          GatewayEnabled: gateway || undefined,
        });
        const id = existing?.clusterId ?? dryRunId(input.name);
        ctx.output('fleetId', id);
        ctx.output('fleetName', input.name);
        ctx.output(
          'entityRef',
          `resource:default/${ackOneEntityName(input.name, id) ?? input.name}`,
        );
        ctx.output('memberClusterIds', clusterIds);
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
          timeoutSeconds,
        ),
      );
      const fleetId = fleet.clusterId;
      const members = await run.step('attach the clusters', async () => {
        for (const id of clusterIds.filter(c => !isDryRunId(c))) {
          await waitForClusterState(
            run,
            where,
            id,
            ['running'],
            timeoutSeconds,
          );
        }
        return attachMembers(run, where, fleetId, clusterIds, timeoutSeconds);
      });
      await run.step('enable GitOps and the gateway', async () => {
        const current = await deps.ackOne.getFleet(
          where.account,
          where.region,
          fleetId,
        );
        const features = {
          argoCdEnabled: gitOps && !current.gitOpsEnabled ? true : undefined,
          gatewayEnabled: gateway && !current.gatewayEnabled ? true : undefined,
        };
        if (features.argoCdEnabled || features.gatewayEnabled) {
          await ctx.checkpoint({
            key: `features-${fleetId}`,
            fn: () => deps.write.updateFleetFeatures(where, fleetId, features),
          });
        }
        if (gitOps) {
          await run.waitFor({
            what: `GitOps of Fleet ${fleetId}`,
            timeoutSeconds,
            poll: async () => {
              const f = await deps.ackOne.getFleet(
                where.account,
                where.region,
                fleetId,
              );
              return {
                done: !!f.gitOpsEnabled,
                state: f.gitOpsEnabled ? 'enabled' : 'enabling',
              };
            },
          });
        }
      });

      ctx.output('fleetId', fleetId);
      ctx.output('fleetName', fleet.name);
      ctx.output(
        'entityRef',
        `resource:default/${ackOneEntityName(fleet.name, fleetId) ?? fleetId}`,
      );
      ctx.output('memberClusterIds', members);
    },
  });
}
