import { ApiError } from './errors';
import {
  CloudTiming,
  FAILABLE_KINDS,
  ResourceKind,
  TIMING_OF_KIND,
} from './timing';

export interface FailOptions {
  status?: number;
  code?: string;
  message?: string;
}

/** The faults a test or the control API can inject into the simulated cloud. */
export interface CloudFaults {
  /** The next `n` API calls fail with this status/code (default 500 InternalError). */
  failNext(n: number, opts?: FailOptions): void;
  /** The next `n` API calls are throttled (400 Throttling.User). */
  throttleNext(n: number, opts?: { retryAfterMs?: number }): void;
  /** Every response is delayed by `ms`. */
  setLatency(ms: number): void;
  /**
   * The next `count` (default 1) creations of `kind` end failed: a cluster or
   * Fleet goes to `failed` (a CS task to `fail` with `message`), a VBR create
   * call is answered with an error, and the other kinds, which have no failed
   * state, disappear at the end of their provisioning.
   */
  failNextCreation(
    kind: ResourceKind,
    opts?: { message?: string; count?: number },
  ): void;
  /** Transitions of `kind` take `ms` from now on; `undefined` restores the timing profile. */
  setProvisioningTime(kind: ResourceKind, ms: number | undefined): void;
  /**
   * Resets the Established BGP sessions that match `target` (a BGP peer,
   * group or VBR id; every session when omitted): they go down for `downMs`
   * (default: the BGP establishment time) and then come up again. Returns
   * the ids of the peers that flapped.
   */
  flapBgp(target?: string, opts?: { downMs?: number }): string[];
  /** The pending creation failures, provisioning overrides and the timing in effect. */
  pending(): {
    creationFailures: Partial<Record<ResourceKind, number>>;
    provisioningMs: Partial<Record<ResourceKind, number>>;
    timing: CloudTiming;
  };
  reset(): void;
}

const DEFAULT_FAILURE =
  'the creation failed (failure injected by the simulator)';

/** The fault queues behind CloudFaults. */
export class FaultState {
  private failQueue: FailOptions[] = [];
  private throttleQueue: Array<{ retryAfterMs?: number }> = [];
  private creationFailures = new Map<ResourceKind, string[]>();
  private provisioningMs = new Map<ResourceKind, number>();
  latencyMs = 0;

  constructor(
    private readonly timing: CloudTiming,
    private readonly flap: (target?: string, downMs?: number) => string[],
  ) {}

  /** The public face (CloudApi.faults). */
  api(): CloudFaults {
    return {
      failNext: (n, opts) => {
        for (let i = 0; i < n; i++) this.failQueue.push({ ...(opts ?? {}) });
      },
      throttleNext: (n, opts) => {
        for (let i = 0; i < n; i++)
          this.throttleQueue.push({ ...(opts ?? {}) });
      },
      setLatency: ms => {
        this.latencyMs = Math.max(0, ms);
      },
      failNextCreation: (kind, opts) => this.failNextCreation(kind, opts),
      setProvisioningTime: (kind, ms) => {
        if (ms === undefined) this.provisioningMs.delete(kind);
        else this.provisioningMs.set(kind, Math.max(0, ms));
      },
      flapBgp: (target, opts) => this.flap(target, opts?.downMs),
      pending: () => ({
        creationFailures: Object.fromEntries(
          [...this.creationFailures].map(([k, v]) => [k, v.length]),
        ),
        provisioningMs: Object.fromEntries(this.provisioningMs),
        timing: { ...this.timing },
      }),
      reset: () => {
        this.failQueue = [];
        this.throttleQueue = [];
        this.latencyMs = 0;
        this.creationFailures.clear();
        this.provisioningMs.clear();
      },
    };
  }

  private failNextCreation(
    kind: ResourceKind,
    opts?: { message?: string; count?: number },
  ) {
    if (!FAILABLE_KINDS.includes(kind)) {
      throw new Error(
        `the creation of "${kind}" cannot be made to fail: use one of ${FAILABLE_KINDS.join(
          ', ',
        )}`,
      );
    }
    const count = opts?.count ?? 1;
    const queue = this.creationFailures.get(kind) ?? [];
    for (let i = 0; i < count; i++)
      queue.push(opts?.message || DEFAULT_FAILURE);
    this.creationFailures.set(kind, queue);
  }

  /** Consumes the next forced failure of a kind. */
  takeCreationFailure(kind: ResourceKind): string | undefined {
    const queue = this.creationFailures.get(kind);
    const message = queue?.shift();
    if (queue && !queue.length) this.creationFailures.delete(kind);
    return message;
  }

  duration(kind: ResourceKind): number {
    return this.provisioningMs.get(kind) ?? this.timing[TIMING_OF_KIND[kind]];
  }

  /** Throws the error of the next throttled or failed call, if one is queued. */
  checkCall() {
    const throttle = this.throttleQueue.shift();
    if (throttle) {
      throw new ApiError(
        400,
        'Throttling.User',
        'Request was denied due to user flow control.',
        {
          style: 'gateway',
          headers:
            throttle.retryAfterMs !== undefined
              ? { 'x-acs-retry-after': String(throttle.retryAfterMs) }
              : undefined,
        },
      );
    }
    const fail = this.failQueue.shift();
    if (fail) {
      throw new ApiError(
        fail.status ?? 500,
        fail.code ?? 'InternalError',
        fail.message ??
          'The request processing has failed due to some unknown error, exception or failure.',
      );
    }
  }
}
