import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ackOneEntityName,
  assertNoCidrOverlaps,
  NamedCidr,
} from '@internal/plugin-ack-one-common';
import { stringify as toYaml } from 'yaml';
import { AckOneActionDeps, ActionRun, dryRunId, resolveWhere } from './common';
import { ensureCluster, TASK_TAG, waitForClusterState } from './clusterSteps';
import { requireVpc, requireVSwitches } from './precheck';
import { CLUSTER_NAME_PATTERN } from './registerCluster';

export const CREATE_CLUSTER_ACTION_ID = 'ack-one:cluster:create';

/**
 * `ack-one:cluster:create`: the cloud side of hybrid DR, an ACK managed
 * cluster in the VPC (create-or-get by name), waited for until `running`.
 */
export function createAckClusterAction(deps: AckOneActionDeps) {
  return createTemplateAction({
    id: CREATE_CLUSTER_ACTION_ID,
    description:
      'Creates an ACK managed cluster in a VPC (or reuses the one with that name) and waits until it is running. Its pod and service CIDRs are checked against the VPC before anything is created.',
    examples: [
      {
        description: 'An ACK Pro cluster in two vSwitches',
        example: toYaml({
          steps: [
            {
              id: 'ack',
              action: CREATE_CLUSTER_ACTION_ID,
              name: 'Create the ACK cluster',
              input: {
                name: 'ack-hangzhou',
                vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
                vSwitchIds: [
                  'vsw-bp1aaaaaaaaaaaaaaaaa',
                  'vsw-bp1bbbbbbbbbbbbbbbbb',
                ],
                containerCidr: '172.20.0.0/16',
                serviceCidr: '172.21.0.0/20',
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
        }),
      output: z =>
        z.object({
          clusterId: z.string(),
          clusterName: z.string(),
          entityRef: z.string(),
          state: z.string(),
        }),
    },
    async handler(ctx) {
      const run = new ActionRun(CREATE_CLUSTER_ACTION_ID, ctx, deps);
      const { input } = ctx;
      const own: NamedCidr[] = [
        { name: 'pod CIDR', cidr: input.containerCidr },
        { name: 'service CIDR', cidr: input.serviceCidr },
      ];
      assertNoCidrOverlaps(own);
      const where = resolveWhere(deps.ackOne, input);
      const existing = await run.step(
        'check the inputs against the account',
        async () => {
          const vpc = await requireVpc(deps.write, where, input.vpcId);
          await requireVSwitches(deps.write, where, vpc, input.vSwitchIds);
          assertNoCidrOverlaps([
            { name: `VPC ${vpc.vpcId}`, cidr: vpc.cidrBlock },
            ...own,
          ]);
          return (
            await deps.ackOne.listClusters(where.account, where.region)
          ).find(c => c.name === input.name && c.state !== 'deleted');
        },
      );
      const clusterInput = {
        name: input.name,
        clusterType: 'ManagedKubernetes' as const,
        clusterSpec: input.clusterSpec ?? 'ack.pro.small',
        kubernetesVersion: input.kubernetesVersion,
        vpcId: input.vpcId,
        vSwitchIds: input.vSwitchIds,
        containerCidr: input.containerCidr,
        serviceCidr: input.serviceCidr,
        tags: input.tags ?? { location: 'cloud' },
      };
      if (ctx.isDryRun) {
        if (existing) {
          ctx.logger.info(
            `[dry run] cluster ${input.name} exists (${existing.clusterId}, ${existing.state}); it would be reused`,
          );
        } else {
          run.plan('CS CreateCluster', {
            ...clusterInput,
            region: where.region,
            tags: { ...clusterInput.tags, [TASK_TAG]: '<task id>' },
          });
        }
        const id = existing?.clusterId ?? dryRunId(input.name);
        ctx.output('clusterId', id);
        ctx.output('clusterName', input.name);
        ctx.output(
          'entityRef',
          `resource:default/${ackOneEntityName(input.name, id) ?? input.name}`,
        );
        ctx.output('state', existing?.state ?? 'dry-run');
        return;
      }
      const clusterId = await run.step('create the ACK cluster', () =>
        ensureCluster(run, where, clusterInput),
      );
      const detail = await run.step('wait for the cluster to be running', () =>
        waitForClusterState(
          run,
          where,
          clusterId,
          ['running'],
          input.timeoutSeconds ?? 1800,
        ),
      );
      ctx.output('clusterId', clusterId);
      ctx.output('clusterName', input.name);
      ctx.output(
        'entityRef',
        `resource:default/${
          ackOneEntityName(input.name, clusterId) ?? clusterId
        }`,
      );
      ctx.output('state', detail.state);
    },
  });
}
