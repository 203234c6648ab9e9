import type { RuntimeOptions } from '@darabonba/typescript';
import type { RegionClients, RpcProduct } from './clients';
import type { AckOneService } from './types';

/**
 * Raw SDK access of `DefaultAckOneService`: any CS/VPC SDK call or ACK One
 * Fleet/CEN RPC action, through the account's retries, deadline, rate limit,
 * typed errors and call counting. Used by the write service of this package;
 * not part of the package's API.
 */
export interface AckOneCloudCalls {
  /** Any CS/VPC SDK call. */
  call<T>(
    account: string,
    region: string,
    name: string,
    fn: (clients: RegionClients, runtime: RuntimeOptions) => Promise<T>,
  ): Promise<T>;
  /** An RPC action of the Fleet (adcp) or CEN API; the parsed body. */
  rpc(
    account: string,
    region: string,
    product: RpcProduct,
    action: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ): Promise<any>;
}

/** An AckOneService with raw SDK access (`DefaultAckOneService` is one). */
export type AckOneSdkService = AckOneService & AckOneCloudCalls;

/**
 * The service itself, typed with its raw SDK access; a clear error when it
 * has none (e.g. a mock installed for `ackOneServiceRef`), since the writes
 * and Kubernetes lookups need it.
 */
export function withSdkAccess(ackOne: AckOneService): AckOneSdkService {
  const candidate = ackOne as Partial<AckOneCloudCalls>;
  if (
    typeof candidate.call !== 'function' ||
    typeof candidate.rpc !== 'function'
  ) {
    throw new Error(
      'The ACK One write service needs an AckOneService with SDK access (DefaultAckOneService, the default of ackOneServiceRef); the installed one has no call/rpc methods',
    );
  }
  return ackOne as AckOneSdkService;
}
