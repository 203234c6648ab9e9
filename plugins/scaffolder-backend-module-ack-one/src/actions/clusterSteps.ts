import { AckOneApiError } from '@internal/plugin-ack-one-node';
import type {
  AckOneClusterDetail,
  AckOneKubeTarget,
  AckOneWhere,
  CreateClusterInput,
} from '@internal/plugin-ack-one-node';
import { readIdcKubeconfig } from '../config';
import type { AckOneCluster } from '@internal/plugin-ack-one-node';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ActionRun,
  dryRunId,
  listOr,
  resourceRef,
  SchemaType,
  Zod,
} from './common';

/** The tag that marks the clusters and Fleets an action created, with its task id. */
export const TASK_TAG = 'backstage-task-id';

/** The outputs of the cluster actions. */
export function clusterOutputSchema(z: Zod) {
  return z.object({
    clusterId: z.string().describe('Id of the cluster'),
    clusterName: z.string(),
    entityRef: z
      .string()
      .describe('The catalog entity the ACK One provider gives it'),
    state: z.string(),
  });
}

/** Sets the outputs of a cluster action; `fallback` names an unnamed entity. */
export function outputCluster(
  ctx: Pick<
    ActionContext<any, SchemaType<typeof clusterOutputSchema>>,
    'output'
  >,
  cluster: { name: string; clusterId: string; state: string },
  fallback = cluster.clusterId,
) {
  ctx.output('clusterId', cluster.clusterId);
  ctx.output('clusterName', cluster.name);
  ctx.output(
    'entityRef',
    resourceRef(cluster.name, cluster.clusterId, fallback),
  );
  ctx.output('state', cluster.state);
}

/**
 * The last step of the cluster actions: waits until the cluster is
 * running (up to the input's `timeoutSeconds`, else `defaultTimeoutSeconds`),
 * then sets the outputs.
 */
export async function outputWhenRunning(
  run: ActionRun,
  ctx: Parameters<typeof outputCluster>[0] & {
    input: { name: string; timeoutSeconds?: number };
  },
  where: AckOneWhere,
  clusterId: string,
  step: { name: string; defaultTimeoutSeconds: number },
) {
  const { name, timeoutSeconds } = ctx.input;
  const detail = await run.step(step.name, () =>
    waitForClusterState(
      run,
      where,
      clusterId,
      ['running'],
      timeoutSeconds ?? step.defaultTimeoutSeconds,
    ),
  );
  outputCluster(ctx, { name, clusterId, state: detail.state });
}

/** The cluster of this name, unless deleted. */
export async function findClusterByName(
  run: ActionRun,
  where: AckOneWhere,
  name: string,
): Promise<AckOneCluster | undefined> {
  const clusters = await run.deps.ackOne.listClusters(
    where.account,
    where.region,
  );
  return clusters.find(c => c.name === name && c.state !== 'deleted');
}

/**
 * What a dry run of `ensureCluster` would do: reuse `existing`, or create
 * the cluster. Returns the id the outputs use.
 */
export function planCluster(
  run: ActionRun,
  where: AckOneWhere,
  existing: AckOneCluster | undefined,
  input: CreateClusterInput,
): string {
  if (existing) {
    run.ctx.logger.info(
      `[dry run] cluster ${input.name} exists (${existing.clusterId}, ${existing.state}); it would be reused`,
    );
    return existing.clusterId;
  }
  run.plan('CS CreateCluster', {
    ...input,
    region: where.region,
    tags: { ...input.tags, [TASK_TAG]: '<task id>' },
  });
  return dryRunId(input.name);
}

/** Whether an error means the resource does not exist. */
export function isNotFound(e: unknown): boolean {
  return (
    e instanceof AckOneApiError &&
    (e.status === 404 || /NotFound|NotExist/i.test(e.code))
  );
}

/** Whether a cluster (or Fleet) with this id still exists. */
export async function clusterExists(
  run: ActionRun,
  where: AckOneWhere,
  clusterId: string,
): Promise<boolean> {
  try {
    const d = await run.deps.write.describeClusterDetail(where, clusterId);
    return d.state !== 'deleted';
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/**
 * The Kubernetes target of the IDC cluster: a configured target
 * (`ackOne.scaffolder.idcClusters.<name>`) or a task secret holding a
 * kubeconfig. The kubeconfig is never logged.
 */
export function idcTarget(
  run: ActionRun,
  input: { idcCluster?: string; kubeconfigSecret?: string },
): AckOneKubeTarget {
  const configured = run.deps.config.idcClusters;
  if (input.idcCluster) {
    const target = configured[input.idcCluster];
    if (!target) {
      throw new Error(
        `"${
          input.idcCluster
        }" is not configured under ackOne.scaffolder.idcClusters; configured: ${listOr(
          Object.keys(configured),
        )}`,
      );
    }
    return {
      kind: 'kubeconfig',
      name: input.idcCluster,
      kubeconfig: readIdcKubeconfig(input.idcCluster, target),
    };
  }
  const secretName = input.kubeconfigSecret ?? 'idcKubeconfig';
  const secret = run.ctx.secrets?.[secretName];
  if (!secret) {
    throw new Error(
      `no kubeconfig for the IDC cluster: set "idcCluster" to one of ackOne.scaffolder.idcClusters (${listOr(
        Object.keys(configured),
      )}) or pass the kubeconfig as the task secret "${secretName}"`,
    );
  }
  return { kind: 'kubeconfig', name: 'idc', kubeconfig: secret };
}

/**
 * Create-or-get of a CS cluster by name. A cluster of this name whose
 * creation failed is replaced when this task created it (its task tag),
 * and reported otherwise.
 */
export async function ensureCluster(
  run: ActionRun,
  where: AckOneWhere,
  input: CreateClusterInput,
): Promise<string> {
  const { write } = run.deps;
  return run.ensure({
    what: 'cluster',
    key: `cluster-${input.name}`,
    find: async () => {
      const found = await findClusterByName(run, where, input.name);
      if (!found) return undefined;
      if (found.clusterType !== input.clusterType) {
        throw new Error(
          `a ${found.clusterType} cluster named ${input.name} already exists (${found.clusterId}); choose another name`,
        );
      }
      if (found.state !== 'failed') return found.clusterId;
      await replaceFailedCluster(run, where, found.clusterId, found.tags);
      return undefined;
    },
    create: async () => {
      const res = await write.createCluster(where, {
        ...input,
        tags: { ...input.tags, [TASK_TAG]: run.ctx.task.id },
      });
      return res.clusterId;
    },
    // a cluster whose creation failed counts as gone once it is replaced
    exists: async id => {
      if (!(await clusterExists(run, where, id))) return false;
      const d = await write.describeClusterDetail(where, id);
      if (d.state !== 'failed') return true;
      await replaceFailedCluster(run, where, id, d.tags);
      return false;
    },
  });
}

async function replaceFailedCluster(
  run: ActionRun,
  where: AckOneWhere,
  clusterId: string,
  tags: Array<{ key: string; value: string }>,
) {
  const ours = tags.some(
    t => t.key === TASK_TAG && t.value === run.ctx.task.id,
  );
  if (!ours) {
    throw new Error(
      `cluster ${clusterId} of that name exists and its creation failed; delete it or choose another name`,
    );
  }
  run.ctx.logger.warn(
    `cluster ${clusterId}, created by an earlier attempt of this task, failed; deleting it to create it again`,
  );
  await run.deps.write.deleteCluster(where, clusterId);
  await run.waitFor({
    what: `deletion of the failed cluster ${clusterId}`,
    timeoutSeconds: 900,
    poll: async () => {
      const gone = !(await clusterExists(run, where, clusterId));
      return { done: gone, state: gone ? 'deleted' : 'deleting' };
    },
  });
}

/** Waits until a cluster reaches one of `states`; `failed` ends the wait. */
export function waitForClusterState(
  run: ActionRun,
  where: AckOneWhere,
  clusterId: string,
  states: string[],
  timeoutSeconds: number,
): Promise<AckOneClusterDetail> {
  return run.waitFor({
    what: `cluster ${clusterId}`,
    timeoutSeconds,
    poll: async () => {
      const d = await run.deps.write.describeClusterDetail(where, clusterId);
      return {
        done: states.includes(d.state),
        state: d.state,
        value: d,
        failed:
          d.state === 'failed' || d.state === 'delete_failed'
            ? `is ${d.state}; see DescribeTaskInfo of its creation task. Retry the task: a failed cluster this task created is replaced`
            : undefined,
      };
    },
  });
}
