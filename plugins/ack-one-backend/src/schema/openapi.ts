import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/** A reference to a schema of the spec. */
const schema = <N extends string>(name: N) =>
  ({ $ref: `#/components/schemas/${name}` } as const);

/** An array of a schema of the spec. */
const arrayOf = <N extends string>(name: N) =>
  ({ type: 'array', items: schema(name) } as const);

/** Numbers by key (cluster id, rule input). */
const NUMBERS = {
  type: 'object',
  additionalProperties: { type: 'number' },
} as const;

/** A JSON content of a schema of the spec. */
const json = <N extends string>(name: N) =>
  ({ 'application/json': { schema: schema(name) } } as const);

/** A JSON request body of a schema of the spec. */
const body = <N extends string, R extends boolean>(name: N, required: R) =>
  ({ required, content: json(name) } as const);

const ERROR = { $ref: '#/components/responses/Error' } as const;
const REQUEST = { $ref: '#/components/responses/Request' } as const;

/** The error answers of an operation, by status. */
const errors = <C extends string>(...codes: C[]) =>
  Object.fromEntries(codes.map(c => [c, ERROR])) as { [K in C]: typeof ERROR };

/** A decision on a request by id: answers the request, or an error. */
const decision = <O extends string, D extends string, R extends boolean>(
  operationId: O,
  description: D,
  required: R,
) =>
  ({
    post: {
      operationId,
      description,
      parameters: [{ $ref: '#/components/parameters/id' }],
      requestBody: body('DecisionInput', required),
      responses: { '200': REQUEST, ...errors('400', '403', '404', '409') },
    },
  } as const);

/**
 * The failover API of the `ack-one` backend plugin (OpenAPI 3.1), served
 * at `/api/ack-one/openapi.json`. The request bodies are validated against
 * it (types and required fields); ranges, sums and cross-field rules are
 * checked by the handlers, whose 400 messages name the field. The wire
 * types are those of `@internal/plugin-ack-one-common` (failover/types.ts).
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'ack-one',
    version: '1',
    description:
      'ACK One same-city hybrid DR: failover requests with owner approval, executed on the Fleet gateway.',
  },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
            required: ['name', 'message'],
          },
        },
        required: ['error'],
      },
      TrafficSplit: {
        type: 'object',
        description: 'Percent of the traffic per cluster id; sums to 100.',
        additionalProperties: { type: 'number' },
      },
      FailoverStep: {
        type: 'object',
        properties: {
          weights: schema('TrafficSplit'),
          pauseSeconds: {
            type: 'number',
            description: 'Pause after the step is verified (0-3600).',
          },
        },
        required: ['weights'],
      },
      FailoverWindow: {
        type: 'object',
        properties: {
          notBefore: { type: 'string', description: 'ISO 8601' },
          notAfter: { type: 'string', description: 'ISO 8601' },
        },
      },
      FailoverRequestInput: {
        type: 'object',
        properties: {
          entityRef: { type: 'string' },
          steps: {
            ...arrayOf('FailoverStep'),
            description: '1 to 10 steps; the last one is the target.',
          },
          reason: { type: 'string' },
          window: schema('FailoverWindow'),
          warmUp: { type: 'boolean' },
          emergency: { type: 'boolean' },
        },
        required: ['entityRef', 'steps', 'reason'],
      },
      DecisionInput: {
        type: 'object',
        properties: { reason: { type: 'string' } },
      },
      SafetyCheck: {
        type: 'object',
        properties: {
          rule: { type: 'string' },
          passed: { type: 'boolean' },
          message: { type: 'string' },
          numbers: NUMBERS,
          clusterId: { type: 'string' },
        },
        required: ['rule', 'passed', 'message'],
      },
      FailoverPredictedLoad: {
        type: 'object',
        properties: {
          clusterId: { type: 'string' },
          name: { type: 'string' },
          weight: { type: 'number' },
          requiredReplicas: { type: 'number' },
          readyReplicas: { type: 'number' },
          maxReplicas: { type: 'number' },
        },
        required: [
          'clusterId',
          'name',
          'weight',
          'requiredReplicas',
          'readyReplicas',
          'maxReplicas',
        ],
      },
      FailoverCheckResult: {
        type: 'object',
        properties: {
          checks: arrayOf('SafetyCheck'),
          predicted: arrayOf('FailoverPredictedLoad'),
        },
        required: ['checks', 'predicted'],
      },
      DrSnapshot: {
        type: 'object',
        properties: {
          parity: { type: 'string' },
          effective: schema('TrafficSplit'),
          ready: NUMBERS,
          capacity: NUMBERS,
        },
        required: ['parity', 'effective', 'ready', 'capacity'],
      },
      FailoverEvent: {
        type: 'object',
        properties: {
          at: { type: 'string' },
          actor: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          reason: { type: 'string' },
          step: { type: 'number' },
          checks: arrayOf('SafetyCheck'),
          snapshot: schema('DrSnapshot'),
        },
        required: ['at', 'actor', 'to'],
      },
      FailoverStepProgress: {
        type: 'object',
        properties: {
          index: { type: 'number' },
          state: {
            type: 'string',
            enum: [
              'pending',
              'warming-up',
              'applying',
              'verifying',
              'done',
              'failed',
              'rolled-back',
            ],
          },
          startedAt: { type: 'string' },
          finishedAt: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['index', 'state'],
      },
      FailoverRequest: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          entityRef: { type: 'string' },
          state: {
            type: 'string',
            enum: [
              'requested',
              'approved',
              'rejected',
              'expired',
              'cancelled',
              'executing',
              'completed',
              'failed',
              'rolled-back',
            ],
          },
          steps: arrayOf('FailoverStep'),
          reason: { type: 'string' },
          window: schema('FailoverWindow'),
          warmUp: { type: 'boolean' },
          emergency: { type: 'boolean' },
          requestedBy: { type: 'string' },
          requestedAt: { type: 'string' },
          decidedBy: { type: 'string' },
          decidedAt: { type: 'string' },
          previous: schema('TrafficSplit'),
          progress: arrayOf('FailoverStepProgress'),
          events: arrayOf('FailoverEvent'),
          durationSeconds: { type: 'number' },
          rtoSeconds: { type: 'number' },
        },
        required: [
          'id',
          'entityRef',
          'state',
          'steps',
          'reason',
          'warmUp',
          'emergency',
          'requestedBy',
          'requestedAt',
          'progress',
          'events',
        ],
      },
      FailoverList: {
        type: 'object',
        properties: {
          items: arrayOf('FailoverRequest'),
          nextCursor: { type: 'string' },
        },
        required: ['items'],
      },
    },
    responses: {
      Error: {
        description: 'An error, with a message naming the field or the rule.',
        content: json('Error'),
      },
      Request: {
        description: 'The failover request.',
        content: json('FailoverRequest'),
      },
    },
    parameters: {
      id: {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string' },
      },
    },
  },
  paths: {
    '/v1/failovers/checks': {
      post: {
        operationId: 'CheckFailover',
        description:
          'Evaluates the safety checks of a plan now, and predicts the load of each cluster, without recording anything.',
        requestBody: body('FailoverRequestInput', true),
        responses: {
          '200': {
            description: 'The checks and the predicted loads.',
            content: json('FailoverCheckResult'),
          },
          ...errors('400', '403', '404'),
        },
      },
    },
    '/v1/failovers': {
      post: {
        operationId: 'RequestFailover',
        description:
          'Records a failover request for another owner to approve; with emergency: true (override permission and a reason), approved by the requester and executed at once.',
        requestBody: body('FailoverRequestInput', true),
        responses: {
          '201': REQUEST,
          ...errors('400', '403', '404', '409'),
        },
      },
      get: {
        operationId: 'ListFailovers',
        description: "A service's failover requests, newest first.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: { type: 'string' },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: '1 to 100 (default 20).',
            schema: { type: 'string' },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: 'The nextCursor of the previous page.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'A page of requests.',
            content: json('FailoverList'),
          },
          ...errors('400', '403', '404'),
        },
      },
    },
    '/v1/failovers/{id}': {
      get: {
        operationId: 'GetFailover',
        description:
          'One request with its progress and events (poll it for live progress; signals on ack-one:failover say when).',
        parameters: [{ $ref: '#/components/parameters/id' }],
        responses: {
          '200': REQUEST,
          ...errors('400', '404'),
        },
      },
    },
    '/v1/failovers/{id}/approve': decision(
      'ApproveFailover',
      "Approves another owner's request (not your own); the safety checks are evaluated again.",
      false,
    ),
    '/v1/failovers/{id}/reject': decision(
      'RejectFailover',
      "Rejects another owner's request, with a reason.",
      true,
    ),
    '/v1/failovers/{id}/cancel': decision(
      'CancelFailover',
      'Cancels a request that has not started executing (the requester, or an owner who may approve).',
      false,
    ),
  },
} as const;

/** An Express router that validates requests against the spec and serves it at `/openapi.json`. */
export const createOpenApiRouter = () =>
  createValidatedOpenApiRouter<typeof spec>(spec);
