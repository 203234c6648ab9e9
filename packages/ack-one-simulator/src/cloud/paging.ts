import { ApiRequest, ApiResponse } from './context';
import { paginate, rpcPageArgs, tokenPage } from './params';

/**
 * The answer of a VPC or CEN Describe* action: one `PageNumber`/`PageSize`
 * page of `items` as `view` shows them, nested by `wrap` as the action does.
 */
export function rpcPaged<T, V>(
  req: ApiRequest,
  items: T[],
  view: (item: T) => V,
  wrap: (rows: V[]) => Record<string, unknown>,
): ApiResponse {
  const { pageNumber, pageSize } = rpcPageArgs(req.params);
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: items.length,
      ...wrap(paginate(items, pageNumber, pageSize).map(view)),
    },
  };
}

/**
 * The answer of a CEN List* action: one `NextToken`/`MaxResults` page of
 * `items` (20 by default, at most 100) under `field`.
 */
export function tokenPaged<T, V>(
  req: ApiRequest,
  items: T[],
  field: string,
  view: (item: T) => V,
): ApiResponse {
  const { page, size, nextToken } = tokenPage(items, req.params, {
    sizeKey: 'MaxResults',
    defaultSize: 20,
    maxSize: 100,
  });
  return {
    body: {
      RequestId: req.requestId,
      MaxResults: size,
      NextToken: nextToken,
      TotalCount: items.length,
      [field]: page.map(view),
    },
  };
}
