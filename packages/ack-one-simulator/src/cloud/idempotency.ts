import { rfc3339 } from './ids';
import { idempotentParameterMismatch, invalidClientToken } from './errors';
import type { FullCloudState } from './model';
import { Params } from './params';

/**
 * Actions whose request model has a ClientToken (VPC and CEN writes). CS
 * CreateCluster and the ACK One (adcp) calls have none.
 */
export const CLIENT_TOKEN_ACTIONS = new Set([
  // VPC 2016-04-28
  'CreateVirtualBorderRouter',
  'DeleteVirtualBorderRouter',
  'CreateBgpGroup',
  'DeleteBgpGroup',
  'CreateBgpPeer',
  'DeleteBgpPeer',
  'AddBgpNetwork',
  'DeleteBgpNetwork',
  'CreateRouteEntry',
  // CEN 2017-09-12
  'CreateCen',
  'CreateTransitRouter',
  'DeleteTransitRouter',
  'CreateTransitRouterVpcAttachment',
  'DeleteTransitRouterVpcAttachment',
  'CreateTransitRouterVbrAttachment',
  'DeleteTransitRouterVbrAttachment',
  'CreateTransitRouterRouteTable',
  'DeleteTransitRouterRouteTable',
  'AssociateTransitRouterAttachmentWithRouteTable',
  'DissociateTransitRouterAttachmentFromRouteTable',
  'EnableTransitRouterRouteTablePropagation',
  'DisableTransitRouterRouteTablePropagation',
]);

/** Parameters that describe the call, not the request: left out of the comparison. */
const NOT_COMPARED = new Set([
  'ClientToken',
  'AccessKeyId',
  'Action',
  'Format',
  'SecurityToken',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureType',
  'SignatureVersion',
  'Timestamp',
  'Version',
]);

/** How many first answers are kept (the oldest are forgotten first). */
const MAX_RECORDS = 2000;

function fingerprint(params: Params): string {
  return JSON.stringify(
    Object.keys(params)
      .filter(k => !NOT_COMPARED.has(k) && params[k] !== undefined)
      .sort()
      .map(k => [k, params[k]]),
  );
}

export type Replay =
  | { kind: 'none' }
  | { kind: 'replay'; status: number; body: Record<string, unknown> }
  | { kind: 'new'; remember(status: number, body: unknown): void };

/**
 * ClientToken idempotency, scoped per account and action: after a success,
 * the same token with the same parameters answers the first result again
 * (same ids); with other parameters it fails with IdempotentParameterMismatch.
 * A call without a token is never deduplicated.
 */
export function checkClientToken(
  state: FullCloudState,
  action: string,
  params: Params,
): Replay {
  const token = params.ClientToken;
  if (!CLIENT_TOKEN_ACTIONS.has(action) || !token) {
    return { kind: 'none' };
  }
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) {
    throw invalidClientToken();
  }
  const key = `${state.accountId}|${action}|${token}`;
  const print = fingerprint(params);
  const known = state.clientTokens.find(r => r.key === key);
  if (known) {
    if (known.fingerprint !== print) {
      throw idempotentParameterMismatch(token);
    }
    // UNVERIFIED: whether a replay carries the first RequestId or a new one; a new one is sent
    return {
      kind: 'replay',
      status: known.status,
      body: { ...(known.body as Record<string, unknown>) },
    };
  }
  return {
    kind: 'new',
    remember(status, body) {
      state.clientTokens.push({
        key,
        fingerprint: print,
        status,
        body: JSON.parse(JSON.stringify(body)),
        created: rfc3339(),
      });
      if (state.clientTokens.length > MAX_RECORDS) {
        state.clientTokens.splice(0, state.clientTokens.length - MAX_RECORDS);
      }
    },
  };
}
