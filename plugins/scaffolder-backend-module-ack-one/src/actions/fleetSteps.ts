import type {
  AckOneFleetDetails,
  AckOneWhere,
  CreateFleetInput,
} from '@internal/plugin-ack-one-node';
import { ActionRun } from './common';
import { isNotFound, TASK_TAG } from './clusterSteps';

async function fleetOrUndefined(
  run: ActionRun,
  where: AckOneWhere,
  fleetId: string,
): Promise<AckOneFleetDetails | undefined> {
  try {
    const f = await run.deps.ackOne.getFleet(
      where.account,
      where.region,
      fleetId,
    );
    return f.clusterId ? f : undefined;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function replaceFailedFleet(
  run: ActionRun,
  where: AckOneWhere,
  fleet: { clusterId: string; tags: Array<{ key: string; value: string }> },
) {
  const ours = fleet.tags.some(
    t => t.key === TASK_TAG && t.value === run.ctx.task.id,
  );
  if (!ours) {
    throw new Error(
      `Fleet ${fleet.clusterId} of that name exists and its creation failed; delete it or choose another name`,
    );
  }
  run.ctx.logger.warn(
    `Fleet ${fleet.clusterId}, created by an earlier attempt of this task, failed; deleting it to create it again`,
  );
  await run.deps.write.deleteFleet(where, fleet.clusterId);
  await run.waitFor({
    what: `deletion of the failed Fleet ${fleet.clusterId}`,
    timeoutSeconds: 900,
    poll: async () => {
      const f = await fleetOrUndefined(run, where, fleet.clusterId);
      return { done: !f, state: f?.state ?? 'deleted' };
    },
  });
}

/**
 * Create-or-get of a Fleet by name; a failed Fleet this task created is
 * replaced. Waits until it is running.
 */
export async function ensureFleet(
  run: ActionRun,
  where: AckOneWhere,
  input: CreateFleetInput,
  timeoutSeconds: number,
): Promise<AckOneFleetDetails> {
  const fleetId = await run.ensure({
    what: 'Fleet',
    key: `fleet-${input.name}`,
    find: async () => {
      const found = (
        await run.deps.ackOne.listFleets(where.account, where.region)
      ).find(f => f.name === input.name && f.state !== 'deleting');
      if (!found) return undefined;
      if (found.vpcId && found.vpcId !== input.vpcId) {
        throw new Error(
          `a Fleet named ${input.name} already exists in another VPC (${found.clusterId} in ${found.vpcId}); choose another name`,
        );
      }
      if (found.state !== 'failed') return found.clusterId;
      await replaceFailedFleet(run, where, found);
      return undefined;
    },
    create: async () =>
      (
        await run.deps.write.createFleet(where, {
          ...input,
          tags: { ...input.tags, [TASK_TAG]: run.ctx.task.id },
        })
      ).fleetId,
    exists: async id => {
      const f = await fleetOrUndefined(run, where, id);
      if (!f || f.state !== 'failed') return !!f;
      await replaceFailedFleet(run, where, f);
      return false;
    },
  });
  return run.waitFor({
    what: `Fleet ${fleetId}`,
    timeoutSeconds,
    poll: async () => {
      const f = await fleetOrUndefined(run, where, fleetId);
      return {
        done: f?.state === 'running',
        state: f?.state ?? 'gone',
        value: f,
        failed:
          !f || f.state === 'failed'
            ? `is ${
                f?.state ?? 'gone'
              }: its creation failed. Retry the task: a failed Fleet this task created is replaced`
            : undefined,
      };
    },
  });
}

/** Attaches the clusters that are not members yet and waits for each association. */
export async function attachMembers(
  run: ActionRun,
  where: AckOneWhere,
  fleetId: string,
  clusterIds: string[],
  timeoutSeconds: number,
): Promise<string[]> {
  const { ackOne, write } = run.deps;
  const members = () =>
    ackOne.listManagedClusters(where.account, where.region, fleetId);
  const missing = (await members())
    .map(m => m.clusterId)
    .reduce((left, id) => left.filter(x => x !== id), clusterIds);
  if (missing.length) {
    await run.ctx.checkpoint({
      key: `attach-${fleetId}-${[...missing].sort().join(',')}`,
      fn: async () => {
        const now = (await members()).map(m => m.clusterId);
        const still = missing.filter(id => !now.includes(id));
        if (still.length) await write.attachClusters(where, fleetId, still);
        return still;
      },
    });
  }
  for (const id of clusterIds) {
    await run.waitFor({
      what: `association of cluster ${id} with Fleet ${fleetId}`,
      timeoutSeconds,
      poll: async () => {
        const m = (await members()).find(x => x.clusterId === id);
        return {
          done: m?.memberState === 'Successed',
          state: m?.memberState ?? 'not attached',
          failed:
            m?.memberState === 'Failed'
              ? `failed${m.memberMessage ? `: ${m.memberMessage}` : ''}`
              : undefined,
        };
      },
    });
  }
  return (await members()).map(m => m.clusterId);
}
