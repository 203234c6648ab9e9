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

export const err = (status: number, code: string, message: string) =>
  new ApiError(status, code, message);

/** 404 `The specified <what> does not exist.` */
export const notFound = (code: string, what: string) =>
  err(404, code, `The specified ${what} does not exist.`);

// ---- common -----------------------------------------------------------------

export function missingParameter(name: string): ApiError {
  return err(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, detail?: string): ApiError {
  return err(
    400,
    'InvalidParameter',
    detail
      ? `The specified parameter "${name}" is not valid: ${detail}`
      : `The specified parameter "${name}" is not valid.`,
  );
}

/** 404 InvalidRegionId.NotFound, as documented for the VPC calls. */
export function regionNotFound(regionId: string): ApiError {
  return err(
    404,
    'InvalidRegionId.NotFound',
    `Specified value of "regionId" is not supported: ${regionId}.`,
  );
}

export function internalError(detail?: string): ApiError {
  return err(
    500,
    'InternalError',
    `The request processing has failed due to some unknown error, exception or failure.${
      detail ? ` ${detail}` : ''
    }`,
  );
}

/**
 * A reused ClientToken with other parameters. The code is documented; the
 * HTTP status (400) could not be confirmed in the documentation (UNVERIFIED).
 */
export function idempotentParameterMismatch(token: string): ApiError {
  return err(
    400,
    'IdempotentParameterMismatch',
    `The ClientToken "${token}" was already used with different parameters: send the same parameters to get the first result again, or use a new token for a new request.`,
  );
}

/** A ClientToken longer than 64 characters or not ASCII. UNVERIFIED: the error code is a guess (not documented). */
export function invalidClientToken(): ApiError {
  return invalidParameter(
    'ClientToken',
    'use at most 64 printable ASCII characters',
  );
}

/**
 * A DryRun that passed. The code DryRunOperation is documented; the HTTP
 * status (400) could not be confirmed (UNVERIFIED).
 */
export function dryRunPassed(): ApiError {
  return err(
    400,
    'DryRunOperation',
    'Request validation has been passed with DryRun flag set.',
  );
}
