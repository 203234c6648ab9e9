/** Which JSON shape an error body takes. */
export type ErrorStyle = 'gateway' | 'cs' | 'rpc';

/** An error that is sent back to the client as an OpenAPI error response. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Forces a body shape; by default the product's shape is used. */
  readonly style?: ErrorStyle;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    opts?: { style?: ErrorStyle; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.style = opts?.style;
    this.headers = opts?.headers;
  }
}

export function missingParameter(name: string): ApiError {
  return new ApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, detail?: string): ApiError {
  return new ApiError(
    400,
    'InvalidParameter',
    detail
      ? `The specified parameter "${name}" is not valid: ${detail}`
      : `The specified parameter "${name}" is not valid.`,
  );
}

export function clusterNotFound(clusterId: string): ApiError {
  return new ApiError(
    404,
    'ErrorClusterNotFound',
    `cluster ${clusterId} not found`,
  );
}

export function clusterStateError(
  clusterId: string,
  state: string,
  action: string,
): ApiError {
  return new ApiError(
    400,
    'ErrorClusterState',
    `cluster ${clusterId} is in state ${state}, ${action} is not allowed`,
  );
}

/** The body an error is rendered as. */
export function errorBody(
  err: ApiError,
  style: ErrorStyle,
  requestId: string,
  hostId: string,
): Record<string, unknown> {
  if (style === 'cs') {
    return {
      code: err.code,
      message: err.message,
      requestId,
      status: err.status,
    };
  }
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(
      err.code,
    )}&requestId=${requestId}`,
  };
}
