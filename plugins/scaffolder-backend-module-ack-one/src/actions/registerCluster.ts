import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ackOneEntityName } from '@internal/plugin-ack-one-common';
import { parseManifest } from '@internal/plugin-ack-one-node';
import { stringify as toYaml } from 'yaml';
import { AckOneActionDeps, ActionRun, dryRunId, resolveWhere } from './common';
import {
  ensureCluster,
  idcTarget,
  TASK_TAG,
  waitForClusterState,
} from './clusterSteps';
import { requireVpc, requireVSwitches } from './precheck';

export const REGISTER_CLUSTER_ACTION_ID = 'ack-one:cluster:register';

/** CS cluster names: 1-63 letters, digits and hyphens, not starting with a hyphen. */
export const CLUSTER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,62}$';

const EXAMPLE = {
  steps: [
    {
      id: 'register',
      action: REGISTER_CLUSTER_ACTION_ID,
      name: 'Register the IDC cluster',
      input: {
        name: 'idc-k8s',
        vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
        idcCluster: 'idc',
      },
    },
  ],
};

/**
 * `ack-one:cluster:register`: registers an IDC Kubernetes cluster with ACK
 * One (CreateCluster `ExternalKubernetes`), installs the agent that
 * DescribeExternalAgent returns into the IDC cluster, and waits until the
 * cluster is `running`.
 */
export function createRegisterClusterAction(deps: AckOneActionDeps) {
  return createTemplateAction({
    id: REGISTER_CLUSTER_ACTION_ID,
    description:
      'Registers an IDC Kubernetes cluster with ACK One: creates the registered (ExternalKubernetes) cluster, applies the ACK One agent manifest to the IDC cluster (private endpoint by default) and waits until the cluster is running. Safe to re-run.',
    examples: [
      {
        description: 'Register the IDC cluster configured as "idc"',
        example: toYaml(EXAMPLE),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          account: z
            .string()
            .optional()
            .describe('ackOne.accounts id; default: the only account'),
          region: z
            .string()
            .optional()
            .describe("Region; default: the account's first region"),
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
        }),
      output: z =>
        z.object({
          clusterId: z.string().describe('Id of the registered cluster'),
          clusterName: z.string(),
          entityRef: z
            .string()
            .describe('The catalog entity the ACK One provider gives it'),
          state: z.string(),
        }),
    },
    async handler(ctx) {
      const run = new ActionRun(REGISTER_CLUSTER_ACTION_ID, ctx, deps);
      const { input } = ctx;
      const where = resolveWhere(deps.ackOne, input);
      const timeoutSeconds = input.timeoutSeconds ?? 900;

      const checked = await run.step(
        'check the inputs against the account',
        async () => {
          const target = idcTarget(run, input);
          const { server } = await deps.write.describeTarget(target);
          await deps.write.getObject(target, {
            apiVersion: 'v1',
            kind: 'Namespace',
            name: 'kube-system',
          });
          ctx.logger.info(`the IDC cluster's API server ${server} answers`);
          const vpc = await requireVpc(deps.write, where, input.vpcId);
          await requireVSwitches(deps.write, where, vpc, input.vSwitchIds);
          const existing = (
            await deps.ackOne.listClusters(where.account, where.region)
          ).find(c => c.name === input.name && c.state !== 'deleted');
          if (existing && existing.clusterType !== 'ExternalKubernetes') {
            throw new Error(
              `a ${existing.clusterType} cluster named ${input.name} already exists (${existing.clusterId}); choose another name`,
            );
          }
          return { target, server, existing };
        },
      );

      const clusterInput = {
        name: input.name,
        clusterType: 'ExternalKubernetes' as const,
        vpcId: input.vpcId,
        vSwitchIds: input.vSwitchIds,
        tags: input.tags ?? { location: 'idc' },
      };
      const privateIpAddress = input.privateEndpoint ?? true;

      if (ctx.isDryRun) {
        const id = checked.existing?.clusterId ?? dryRunId(input.name);
        if (checked.existing) {
          ctx.logger.info(
            `[dry run] cluster ${input.name} exists (${checked.existing.clusterId}, ${checked.existing.state}); it would be reused`,
          );
        } else {
          run.plan('CS CreateCluster', {
            ...clusterInput,
            region: where.region,
            tags: { ...clusterInput.tags, [TASK_TAG]: '<task id>' },
          });
        }
        run.plan('CS DescribeExternalAgent', {
          ClusterId: id,
          PrivateIpAddress: String(privateIpAddress),
          AgentMode: input.agentMode ?? 'admin',
        });
        ctx.logger.info(
          `[dry run] would server-side apply the agent manifest it returns (its credentials are not shown) to the IDC cluster at ${checked.server}, then wait up to ${timeoutSeconds} s for the cluster to be running`,
        );
        ctx.output('clusterId', id);
        ctx.output('clusterName', input.name);
        ctx.output(
          'entityRef',
          `resource:default/${ackOneEntityName(input.name, id) ?? input.name}`,
        );
        ctx.output('state', checked.existing?.state ?? 'dry-run');
        return;
      }

      const clusterId = await run.step('create the registered cluster', () =>
        ensureCluster(run, where, clusterInput),
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
          ctx.checkpoint({
            key: `agent-${clusterId}`,
            fn: async () => {
              const manifest = await deps.write.describeExternalAgent(
                where,
                clusterId,
                { privateIpAddress, agentMode: input.agentMode },
              );
              const objects = parseManifest(manifest);
              const applied = await deps.write.applyObjects(
                checked.target,
                objects,
                { fieldManager: deps.config.fieldManager, force: true },
              );
              ctx.logger.info(
                `applied the agent manifest to the IDC cluster: ${applied
                  .map(
                    a =>
                      `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${
                        a.name
                      }`,
                  )
                  .join(', ')}`,
              );
              return applied.length;
            },
          }),
        );
      }
      const running = await run.step('wait for the agent to connect', () =>
        waitForClusterState(run, where, clusterId, ['running'], timeoutSeconds),
      );

      ctx.output('clusterId', clusterId);
      ctx.output('clusterName', input.name);
      ctx.output(
        'entityRef',
        `resource:default/${
          ackOneEntityName(input.name, clusterId) ?? clusterId
        }`,
      );
      ctx.output('state', running.state);
    },
  });
}
