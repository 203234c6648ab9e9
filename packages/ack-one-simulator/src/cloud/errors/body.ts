import { ApiError, ErrorStyle } from './common';

// ---- body --------------------------------------------------------------------

/** The `product` of the troubleshooting link in `Recommend`, per API version. */
const RECOMMEND_PRODUCT: Record<string, string> = {
  vpc: 'Vpc',
  cbn: 'Cbn',
  adcp: 'adcp',
};

/** The body an error is rendered as. */
export function errorBody(
  error: ApiError,
  style: ErrorStyle,
  requestId: string,
  hostId: string,
  product?: string,
): Record<string, unknown> {
  if (style === 'cs') {
    return {
      code: error.code,
      message: error.message,
      requestId,
      status: error.status,
    };
  }
  const productName = product ? RECOMMEND_PRODUCT[product] : undefined;
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(
      error.code,
    )}${productName ? `&product=${productName}` : ''}`,
  };
}
