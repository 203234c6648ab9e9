import type { RuntimeOptions } from '@darabonba/typescript';
import type { RegionClients } from '../clients';
import type { AckOneSdkService } from '../sdkAccess';
import { allPages, arr, num, PAGE_SIZE } from './paging';
import type { AckOneWhere } from './types';

type VpcClient = RegionClients['vpc'];

/** The paging fields of a VPC Describe request. */
export interface VpcPage {
  regionId: string;
  pageNumber: number;
  pageSize: number;
}

/** One SDK call through the account's retries, deadline and rate limit. */
export function callIn<T>(
  ackOne: AckOneSdkService,
  where: AckOneWhere,
  action: string,
  fn: (clients: RegionClients, runtime: RuntimeOptions) => Promise<T>,
): Promise<T> {
  return ackOne.call(where.account, where.region, action, fn);
}

/** One VPC API call through the account's retries, deadline and rate limit. */
export function vpcCall<T>(
  ackOne: AckOneSdkService,
  where: AckOneWhere,
  action: string,
  fn: (vpc: VpcClient, runtime: RuntimeOptions) => Promise<T>,
): Promise<T> {
  return callIn(ackOne, where, action, (c, rt) => fn(c.vpc, rt));
}

/**
 * A create call the API gives no ClientToken: an attempt that follows a
 * failure (which may have created the resource) first looks it up with
 * `find` and returns what it finds instead of creating a second one.
 */
export function createOrFind<T>(
  ackOne: AckOneSdkService,
  where: AckOneWhere,
  action: string,
  find: () => Promise<T | undefined>,
  create: (clients: RegionClients, runtime: RuntimeOptions) => Promise<T>,
): Promise<T> {
  let attempt = 0;
  return callIn(ackOne, where, action, async (clients, runtime) => {
    if (attempt++ > 0) {
      const existing = await find();
      if (existing) return existing;
    }
    return create(clients, runtime);
  });
}

/**
 * Every row of a VPC Describe call that pages with PageNumber/PageSize:
 * `request` sends one page, `items` picks the rows out of its body.
 */
export function vpcPages<T = any>(
  ackOne: AckOneSdkService,
  where: AckOneWhere,
  action: string,
  request: (
    vpc: VpcClient,
    page: VpcPage,
    runtime: RuntimeOptions,
  ) => Promise<{ body?: any }>,
  items: (body: any) => unknown,
): Promise<T[]> {
  return allPages(async pageNumber => {
    const page = { regionId: where.region, pageNumber, pageSize: PAGE_SIZE };
    const res = await vpcCall(ackOne, where, action, (vpc, rt) =>
      request(vpc, page, rt),
    );
    return {
      items: arr<T>(items(res.body)),
      total: num(res.body?.totalCount) ?? 0,
    };
  });
}
