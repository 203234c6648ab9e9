import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  AckOneGateway,
  AckOneKubeTarget,
  AckOneWhere,
} from '@internal/plugin-ack-one-node';
import { stringify as toYaml } from 'yaml';
import {
  AckOneActionDeps,
  ActionRun,
  isDryRunId,
  listOr,
  resolveWhere,
} from './common';
import {
  AppRouteSpec,
  appRouteObjects,
  gatewayObjects,
} from './gateway/objects';
import { GatewayInput, precheckGateway, specsOf } from './gateway/plan';

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

const INPUT_DOC =
  'The multi-cluster gateway of a Fleet and, optionally, an app route through it';

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

/**
 * `ack-one:gateway:create`: the Fleet's MSE multi-cluster gateway
 * (MseIngressConfig naming the member clusters + IngressClass), waited for
 * until Listening, and optionally an app's route through it.
 */
export function createGatewayAction(deps: AckOneActionDeps) {
  return createTemplateAction({
    id: CREATE_GATEWAY_ACTION_ID,
    description:
      'Creates the MSE multi-cluster gateway of an ACK One Fleet (MseIngressConfig with the member clusters, IngressClass) or reuses the one serving the IngressClass, waits until it is Listening, and optionally routes an app through it: its namespace in the Fleet and Ingresses with a weight split (base pinned to one cluster, canary weight to the other), header routing, or pod-count routing.',
    examples: [
      {
        description: 'The gateway of a new Fleet',
        example: toYaml({
          steps: [
            {
              id: 'gateway',
              action: CREATE_GATEWAY_ACTION_ID,
              name: 'Create the gateway',
              input: { fleetId: '${{ steps.fleet.output.fleetId }}' },
            },
          ],
        }),
      },
      {
        description:
          '20% of shop.example.com to the ACK cluster, the rest to the IDC',
        example: toYaml({
          steps: [
            {
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
            },
          ],
        }),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: z =>
        z
          .object({
            account: z.string().optional(),
            region: z.string().optional(),
            fleetId: z.string().describe('Fleet id or name'),
            name: z
              .string()
              .optional()
              .describe(
                'MseIngressConfig name; default ackone-gateway-<region>',
              ),
            ingressClass: z.string().optional().describe('Default mse'),
            clusterIds: z
              .array(z.string())
              .optional()
              .describe('Member clusters served; default all members'),
            vSwitchId: z
              .string()
              .optional()
              .describe("Default: the Fleet's first vSwitch"),
            instanceSpec: z
              .enum(['2c4g', '4c8g', '8c16g', '16c32g'])
              .optional(),
            replicas: z.number().int().min(0).max(30).optional(),
            route: z
              .object({
                namespace: z
                  .string()
                  .describe('The app namespace (same in every cluster)'),
                name: z
                  .string()
                  .optional()
                  .describe('Ingress name; default the namespace'),
                host: z.string().optional(),
                path: z.string().optional().describe('Default /'),
                serviceName: z.string(),
                servicePort: z.number().int().optional().describe('Default 80'),
                kubernetesId: z
                  .string()
                  .optional()
                  .describe(
                    'backstage.io/kubernetes-id label of the namespace',
                  ),
                mode: z
                  .enum(['weight', 'header', 'pod-count'])
                  .optional()
                  .describe('Default weight'),
                baseClusterId: z.string().optional(),
                canaryClusterId: z.string().optional(),
                canaryWeight: z.number().int().min(0).max(100).optional(),
                header: z.string().optional(),
                headerValue: z.string().optional(),
              })
              .optional()
              .describe('An app route through the gateway'),
            timeoutSeconds: z.number().int().positive().optional(),
          })
          .describe(INPUT_DOC),
      output: z =>
        z.object({
          gatewayName: z.string(),
          ingressClass: z.string(),
          status: z.string(),
          address: z.string().describe('The gateway address once Listening'),
          url: z
            .string()
            .optional()
            .describe('The app URL through the gateway'),
        }),
    },
    async handler(ctx) {
      const run = new ActionRun(CREATE_GATEWAY_ACTION_ID, ctx, deps);
      const input: GatewayInput = ctx.input;
      const where = resolveWhere(deps.ackOne, input);
      if (ctx.isDryRun && isDryRunId(input.fleetId)) {
        // the Fleet is created by an earlier step of this dry run
        planForNewFleet(run, where, input);
        ctx.output(
          'gatewayName',
          input.name ?? `ackone-gateway-${where.region}`,
        );
        ctx.output('ingressClass', input.ingressClass ?? 'mse');
        ctx.output('status', 'dry-run');
        ctx.output('address', '');
        return;
      }
      const checked = await run.step(
        'check the inputs against the account',
        () => precheckGateway(run, where, input),
      );
      const { gateway, route } = specsOf(input, where, checked);
      checkReuse(checked.serving, route);
      const target: AckOneKubeTarget = {
        kind: 'fleet',
        ...where,
        fleetId: checked.fleet.clusterId,
      };
      const reuse = checked.serving;
      const gatewayName = reuse?.name ?? gateway.name;
      if (reuse) {
        ctx.logger.info(
          `IngressClass ${checked.ingressClass} is served by MseIngressConfig ${reuse.name}; using it`,
        );
      }
      const objects = [
        ...(reuse ? [] : gatewayObjects(gateway)),
        ...(route ? appRouteObjects(route) : []),
      ];
      const url = route
        ? `http://${route.host ?? '<gateway address>'}${route.path}`
        : undefined;

      if (ctx.isDryRun) {
        run.planManifest(`Fleet ${checked.fleet.clusterId}`, objects);
        await run.step('validate the manifests in the Fleet', () =>
          validateInFleet(run, target, objects),
        );
        ctx.output('gatewayName', gatewayName);
        ctx.output('ingressClass', checked.ingressClass);
        ctx.output('status', reuse?.status ?? 'dry-run');
        ctx.output('address', reuse?.address ?? '');
        if (url) ctx.output('url', url);
        return;
      }

      const apply = (key: string, list: typeof objects) =>
        ctx.checkpoint({
          key,
          fn: async () => {
            const applied = await deps.write.applyObjects(target, list, {
              fieldManager: deps.config.fieldManager,
            });
            return applied.map(
              a => `${a.kind}/${a.namespace ? `${a.namespace}/` : ''}${a.name}`,
            );
          },
        });
      if (!reuse) {
        await run.step('create the gateway', () =>
          apply(`gateway-${gateway.name}`, gatewayObjects(gateway)),
        );
        run.note('MseIngressConfig', gateway.name);
      }
      const listening = await run.step('wait for the gateway to listen', () =>
        waitListening(run, target, gatewayName, input.timeoutSeconds ?? 900),
      );
      if (route) {
        const applied = await run.step(
          'route the app through the gateway',
          () =>
            apply(
              `route-${route.namespace}-${route.name}`,
              appRouteObjects(route),
            ),
        );
        ctx.logger.info(`applied ${applied.join(', ')}`);
      }
      ctx.output('gatewayName', gatewayName);
      ctx.output('ingressClass', checked.ingressClass);
      ctx.output('status', listening.status);
      ctx.output('address', listening.address);
      if (url)
        ctx.output('url', url.replace('<gateway address>', listening.address));
    },
  });
}
