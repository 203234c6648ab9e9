/** Kubernetes `Status` objects, shaped as the API server shapes them. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: {};
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: any[] };
  code: number;
}

export class KubeError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
  get code() {
    return this.status.code;
  }
}

export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function resName(group: string, plural: string) {
  return group ? `${plural}.${group}` : plural;
}

export const errors = {
  notFound: (group: string, plural: string, name: string) =>
    new KubeError(
      statusObject(
        404,
        'NotFound',
        `${resName(group, plural)} "${name}" not found`,
        {
          name,
          ...(group ? { group } : {}),
          kind: plural,
        },
      ),
    ),
  alreadyExists: (group: string, plural: string, name: string) =>
    new KubeError(
      statusObject(
        409,
        'AlreadyExists',
        `${resName(group, plural)} "${name}" already exists`,
        {
          name,
          ...(group ? { group } : {}),
          kind: plural,
        },
      ),
    ),
  conflict: (group: string, plural: string, name: string) =>
    new KubeError(
      statusObject(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resName(
          group,
          plural,
        )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, ...(group ? { group } : {}), kind: plural },
      ),
    ),
  badRequest: (message: string) =>
    new KubeError(statusObject(400, 'BadRequest', message)),
  invalid: (kind: string, name: string, message: string) =>
    new KubeError(
      statusObject(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, {
        name,
        kind,
        causes: [{ reason: 'FieldValueInvalid', message }],
      }),
    ),
  gone: (message: string) =>
    new KubeError(statusObject(410, 'Expired', message)),
  methodNotAllowed: () =>
    new KubeError(
      statusObject(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      ),
    ),
  unsupportedMedia: (type: string) =>
    new KubeError(
      statusObject(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`,
      ),
    ),
  unauthorized: () =>
    new KubeError(statusObject(401, 'Unauthorized', 'Unauthorized')),
  pathNotFound: () =>
    new KubeError(
      statusObject(
        404,
        'NotFound',
        'the server could not find the requested resource',
      ),
    ),
  unavailable: (message: string) =>
    new KubeError(statusObject(503, 'ServiceUnavailable', message)),
};

/** 422 for invalid request options, e.g. `PatchOptions.meta.k8s.io "" is invalid: ...`. */
export function invalidOptions(
  kind: 'PatchOptions' | 'CreateOptions' | 'UpdateOptions',
  field: string,
  reason: 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueTooLong',
  detail: string,
): KubeError {
  return new KubeError(
    statusObject(
      422,
      'Invalid',
      `${kind}.meta.k8s.io "" is invalid: ${field}: ${detail}`,
      {
        group: 'meta.k8s.io',
        kind,
        causes: [{ reason, message: detail, field }],
      },
    ),
  );
}
