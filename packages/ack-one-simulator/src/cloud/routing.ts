import { CEN_HANDLERS } from './cen';
import { Handler } from './context';
import { CS_HANDLERS, CS_ROUTES } from './cs';
import { ApiError, ErrorStyle } from './errors';
import { FLEET_HANDLERS } from './fleet';
import { gatewayError } from './auth';
import { Params } from './params';
import { VPC_HANDLERS } from './vpc';

export type Product = 'cs' | 'adcp' | 'vpc' | 'cbn';

const PRODUCT_BY_VERSION: Record<string, Product> = {
  '2015-12-15': 'cs',
  '2022-01-01': 'adcp',
  '2016-04-28': 'vpc',
  '2017-09-12': 'cbn',
};

/** The RPC products' actions. */
const RPC_HANDLERS: Record<Exclude<Product, 'cs'>, Record<string, Handler>> = {
  adcp: FLEET_HANDLERS,
  vpc: VPC_HANDLERS,
  cbn: CEN_HANDLERS,
};

export function productOf(version: string | undefined): Product | undefined {
  return version ? PRODUCT_BY_VERSION[version] : undefined;
}

/** Every action the simulator serves, per product (for docs and tests). */
export function servedActions(): Record<Product, string[]> {
  return {
    cs: Object.keys(CS_HANDLERS),
    adcp: Object.keys(FLEET_HANDLERS),
    vpc: Object.keys(VPC_HANDLERS),
    cbn: Object.keys(CEN_HANDLERS),
  };
}

export interface RouteInput {
  product?: Product;
  action?: string;
  method: string;
  rawPath: string;
  query: Params;
  form: Params;
  body: Buffer;
}

export interface Route {
  handler: Handler;
  style: ErrorStyle;
  params: Params;
  pathParams: Record<string, string>;
  jsonBody?: unknown;
}

const notFound = () =>
  gatewayError(
    404,
    'InvalidAction.NotFound',
    'Specified api is not found, please check your url and method.',
  );

function routeCs(input: RouteInput): Route {
  const route = CS_ROUTES.find(r => r.action === input.action);
  const m =
    route && route.method === input.method
      ? route.path.exec(input.rawPath)
      : null;
  if (!route || !m) {
    throw notFound();
  }
  const pathParams: Record<string, string> = {};
  route.keys.forEach((k, i) => {
    pathParams[k] = decodeURIComponent(m[i + 1]);
  });
  let jsonBody: unknown;
  if (input.body.length) {
    try {
      jsonBody = JSON.parse(input.body.toString('utf8'));
    } catch {
      throw new ApiError(
        400,
        'InvalidParameter',
        'The request body is not valid JSON.',
      );
    }
  }
  return {
    handler: CS_HANDLERS[route.action],
    style: 'cs',
    params: input.query,
    pathParams,
    jsonBody,
  };
}

function routeRpc(product: Exclude<Product, 'cs'>, input: RouteInput): Route {
  const handler = input.action
    ? RPC_HANDLERS[product][input.action]
    : undefined;
  if (
    !handler ||
    input.rawPath !== '/' ||
    (input.method !== 'POST' && input.method !== 'GET')
  ) {
    throw notFound();
  }
  return {
    handler,
    style: 'rpc',
    params: { ...input.query, ...input.form },
    pathParams: {},
  };
}

/** Finds the handler of a request: CS by method and path, RPC by action. */
export function resolveRoute(input: RouteInput): Route {
  if (!input.product) {
    throw gatewayError(
      400,
      'InvalidVersion',
      'Specified parameter Version is not valid.',
    );
  }
  return input.product === 'cs'
    ? routeCs(input)
    : routeRpc(input.product, input);
}
