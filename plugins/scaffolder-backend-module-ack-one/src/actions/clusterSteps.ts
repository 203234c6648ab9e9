import { AckOneApiError } from '@internal/plugin-ack-one-node';
import type {
  AckOneClusterDetail,
  AckOneKubeTarget,
  AckOneWhere,
  CreateClusterInput,
} from '@internal/plugin-ack-one-node';
import { readIdcKubeconfig } from '../config';
import { ActionRun, listOr } from './common';

/** The tag that marks the clusters and Fleets an action created, with its task id. */
export const TASK_TAG = 'backstage-task-id';

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
      const found = (
        await run.deps.ackOne.listClusters(where.account, where.region)
      ).find(c => c.name === input.name && c.state !== 'deleted');
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
