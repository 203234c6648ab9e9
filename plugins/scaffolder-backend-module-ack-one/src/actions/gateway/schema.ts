import { whereInputs, Zod } from '../common';

const INPUT_DOC =
  'The multi-cluster gateway of a Fleet and, optionally, an app route through it';

function routeSchema(z: Zod) {
  return z
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
        .describe('backstage.io/kubernetes-id label of the namespace'),
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
    .describe('An app route through the gateway');
}

/** The input of `ack-one:gateway:create`. */
export function gatewayInputSchema(z: Zod) {
  return z
    .object({
      ...whereInputs(z),
      fleetId: z.string().describe('Fleet id or name'),
      name: z
        .string()
        .optional()
        .describe('MseIngressConfig name; default ackone-gateway-<region>'),
      ingressClass: z.string().optional().describe('Default mse'),
      clusterIds: z
        .array(z.string())
        .optional()
        .describe('Member clusters served; default all members'),
      vSwitchId: z
        .string()
        .optional()
        .describe("Default: the Fleet's first vSwitch"),
      instanceSpec: z.enum(['2c4g', '4c8g', '8c16g', '16c32g']).optional(),
      replicas: z.number().int().min(0).max(30).optional(),
      route: routeSchema(z),
      timeoutSeconds: z.number().int().positive().optional(),
    })
    .describe(INPUT_DOC);
}

/** The output of `ack-one:gateway:create`. */
export function gatewayOutputSchema(z: Zod) {
  return z.object({
    gatewayName: z.string(),
    ingressClass: z.string(),
    status: z.string(),
    address: z.string().describe('The gateway address once Listening'),
    url: z.string().optional().describe('The app URL through the gateway'),
  });
}
