import type {
  AckOneGateway,
  AckOneKubeTarget,
  AckOneWhere,
  KubeObject,
} from '@internal/plugin-ack-one-node';
import {
  AckOneActionDeps,
  createAckOneAction,
  ActionCtx,
  ActionRun,
  isDryRunId,
  listOr,
  oneStepExample,
} from './common';
import {
  AppRouteSpec,
  appRouteObjects,
  gatewayObjects,
} from './gateway/objects';
import { GatewayInput, precheckGateway, specsOf } from './gateway/plan';
import { gatewayInputSchema, gatewayOutputSchema } from './gateway/schema';

export const CREATE_GATEWAY_ACTION_ID = 'ack-one:gateway:create';

async function waitListening(
  run: ActionRun,
  target: AckOneKubeTarget,
  name: string,
  timeoutSeconds: number,
) {
  return run.waitFor<{ status: string; address: string }>({
    what: `MseIngressConfig ${name}`,
    timeoutSeconds,
    poll: async () => {
      const o = await run.deps.write.getObject(target, {
        apiVersion: 'mse.alibabacloud.com/v1alpha1',
        kind: 'MseIngressConfig',
        name,
      });
      const status: string = o?.status?.status ?? 'Pending';
      return {
        done: status === 'Listening',
        state: status,
        value: { status, address: String(o?.status?.endpoint ?? '') },
        failed:
          status === 'Failed'
            ? `failed: ${o?.status?.message ?? 'see the Fleet'}`
            : undefined,
      };
    },
  });
}

/** Server-side dry run of what exists to validate against (namespaced objects need their namespace). */
async function validateInFleet(
  run: ActionRun,
  target: AckOneKubeTarget,
  objects: ReturnType<typeof gatewayObjects>,
) {
  const { write, config } = run.deps;
  const namespaces = new Set(
    objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
  );
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (ns && namespaces.has(ns)) {
      const exists = await write.getObject(target, {
        apiVersion: 'v1',
        kind: 'Namespace',
        name: ns,
      });
      if (!exists) {
        run.ctx.logger.info(
          `[dry run] ${o.kind} ${ns}/${o.metadata.name} not validated: its namespace would be created first`,
        );
        continue;
      }
    }
    await write.applyObjects(target, [o], {
      fieldManager: config.fieldManager,
      dryRun: true,
    });
  }
  run.ctx.logger.info(
    '[dry run] the Fleet accepted the manifests (server-side dry run)',
  );
}

function checkReuse(
  serving: AckOneGateway | undefined,
  route: AppRouteSpec | undefined,
) {
  if (!serving) return;
  if (serving.kind !== 'MseIngressConfig') {
    throw new Error(
      `IngressClass ${route?.ingressClass ?? ''} is served by ${serving.kind} ${
        serving.name
      }; this action manages MSE gateways: choose another ingressClass`,
    );
  }
  const r = route?.routing;
  if (r && r.mode !== 'pod-count' && serving.clusterIds.length) {
    const unserved = [r.baseClusterId, r.canaryClusterId].filter(
      id => !serving.clusterIds.includes(id),
    );
    if (unserved.length) {
      throw new Error(
        `gateway ${serving.name} does not serve ${unserved.join(
          ', ',
        )}; it serves ${listOr(serving.clusterIds)}`,
      );
    }
  }
}

/** What a dry run would apply in a Fleet that an earlier step would create. */
function planForNewFleet(
  run: ActionRun,
  where: AckOneWhere,
  input: GatewayInput,
) {
  const { gateway, route } = specsOf(input, where, {
    clusterIds: input.clusterIds?.length
      ? input.clusterIds
      : ['<every member cluster>'],
    vSwitchId: input.vSwitchId ?? "<the Fleet's first vSwitch>",
    ingressClass: input.ingressClass ?? 'mse',
    routing: input.route ? { mode: 'pod-count' } : undefined,
  });
  run.planManifest(`the new Fleet ${input.fleetId}`, [
    ...gatewayObjects(gateway),
    ...(route ? appRouteObjects(route) : []),
  ]);
}

type Ctx = ActionCtx<typeof gatewayInputSchema, typeof gatewayOutputSchema>;

const EXAMPLES = [
  {
    description: 'The gateway of a new Fleet',
    example: oneStepExample({
      id: 'gateway',
      action: CREATE_GATEWAY_ACTION_ID,
      name: 'Create the gateway',
      input: { fleetId: '${{ steps.fleet.output.fleetId }}' },
    }),
  },
  {
    description:
      '20% of shop.example.com to the ACK cluster, the rest to the IDC',
    example: oneStepExample({
      id: 'route',
      action: CREATE_GATEWAY_ACTION_ID,
      name: 'Route the app',
      input: {
        fleetId: 'ackone-fleet',
        route: {
          namespace: 'shop',
          host: 'shop.example.com',
          serviceName: 'shop',
          mode: 'weight',
          baseClusterId: 'c-idc...',
          canaryClusterId: 'c-ack...',
          canaryWeight: 20,
        },
      },
    }),
  },
];

/** The Fleet, the gateway to create or reuse, and what to apply to the Fleet. */
async function planGateway(
  run: ActionRun,
  where: AckOneWhere,
  input: GatewayInput,
) {
  const checked = await run.step('check the inputs against the account', () =>
    precheckGateway(run, where, input),
  );
  const { gateway, route } = specsOf(input, where, checked);
  checkReuse(checked.serving, route);
  const reuse = checked.serving;
  if (reuse) {
    run.ctx.logger.info(
      `IngressClass ${checked.ingressClass} is served by MseIngressConfig ${reuse.name}; using it`,
    );
  }
  const target: AckOneKubeTarget = {
    kind: 'fleet',
    ...where,
    fleetId: checked.fleet.clusterId,
  };
  return {
    checked,
    gateway,
    route,
    reuse,
    target,
    gatewayName: reuse?.name ?? gateway.name,
    objects: [
      ...(reuse ? [] : gatewayObjects(gateway)),
      ...(route ? appRouteObjects(route) : []),
    ],
    url: route
      ? `http://${route.host ?? '<gateway address>'}${route.path}`
      : undefined,
  };
}

type GatewayPlan = Awaited<ReturnType<typeof planGateway>>;

/** Applies objects to the Fleet once per task (under a checkpoint). */
function applyOnce(
  run: ActionRun,
  target: AckOneKubeTarget,
  key: string,
  objects: KubeObject[],
) {
  const { write, config } = run.deps;
  return run.ctx.checkpoint({
    key,
    fn: async () => {
      const applied = await write.applyObjects(target, objects, {
        fieldManager: config.fieldManager,
      });
      return applied.map(
        a => `${a.kind}/${a.namespace ? `${a.namespace}/` : ''}${a.name}`,
      );
    },
  });
}

async function dryRunGateway(run: ActionRun, ctx: Ctx, plan: GatewayPlan) {
  run.planManifest(`Fleet ${plan.checked.fleet.clusterId}`, plan.objects);
  await run.step('validate the manifests in the Fleet', () =>
    validateInFleet(run, plan.target, plan.objects),
  );
  ctx.output('gatewayName', plan.gatewayName);
  ctx.output('ingressClass', plan.checked.ingressClass);
  ctx.output('status', plan.reuse?.status ?? 'dry-run');
  ctx.output('address', plan.reuse?.address ?? '');
  if (plan.url) ctx.output('url', plan.url);
}

async function applyGateway(run: ActionRun, ctx: Ctx, plan: GatewayPlan) {
  const { gateway, route, target } = plan;
  if (!plan.reuse) {
    await run.step('create the gateway', () =>
      applyOnce(
        run,
        target,
        `gateway-${gateway.name}`,
        gatewayObjects(gateway),
      ),
    );
    run.note('MseIngressConfig', gateway.name);
  }
  const listening = await run.step('wait for the gateway to listen', () =>
    waitListening(
      run,
      target,
      plan.gatewayName,
      ctx.input.timeoutSeconds ?? 900,
    ),
  );
  if (route) {
    const applied = await run.step('route the app through the gateway', () =>
      applyOnce(
        run,
        target,
        `route-${route.namespace}-${route.name}`,
        appRouteObjects(route),
      ),
    );
    ctx.logger.info(`applied ${applied.join(', ')}`);
  }
  ctx.output('gatewayName', plan.gatewayName);
  ctx.output('ingressClass', plan.checked.ingressClass);
  ctx.output('status', listening.status);
  ctx.output('address', listening.address);
  if (plan.url) {
    ctx.output('url', plan.url.replace('<gateway address>', listening.address));
  }
}

async function createGateway(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  const where = run.where(input);
  if (ctx.isDryRun && isDryRunId(input.fleetId)) {
    // the Fleet is created by an earlier step of this dry run
    planForNewFleet(run, where, input);
    ctx.output('gatewayName', input.name ?? `ackone-gateway-${where.region}`);
    ctx.output('ingressClass', input.ingressClass ?? 'mse');
    ctx.output('status', 'dry-run');
    ctx.output('address', '');
    return;
  }
  const plan = await planGateway(run, where, input);
  if (ctx.isDryRun) await dryRunGateway(run, ctx, plan);
  else await applyGateway(run, ctx, plan);
}

/**
 * `ack-one:gateway:create`: the Fleet's MSE multi-cluster gateway
 * (MseIngressConfig naming the member clusters + IngressClass), waited for
 * until Listening, and optionally an app's route through it.
 */
export function createGatewayAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: CREATE_GATEWAY_ACTION_ID,
    description:
      'Creates the MSE multi-cluster gateway of an ACK One Fleet (MseIngressConfig with the member clusters, IngressClass) or reuses the one serving the IngressClass, waits until it is Listening, and optionally routes an app through it: its namespace in the Fleet and Ingresses with a weight split (base pinned to one cluster, canary weight to the other), header routing, or pod-count routing.',
    examples: EXAMPLES,
    input: gatewayInputSchema,
    output: gatewayOutputSchema,
    run: createGateway,
  });
}
