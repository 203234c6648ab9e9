import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ClusterHealth } from '@internal/plugin-ack-one-common';
import {
  AckOneInventory,
  AckOneService,
  getKubeconfigFor,
  redact,
} from '@internal/plugin-ack-one-node';
import { probeApiServer } from '../util';
import { plainReason } from './reasons';

/** What the DR cache knows of a cluster it watches. */
export interface WatchedLiveness {
  liveness(
    clusterId: string,
  ): { reachable: boolean; lastSyncAt?: Date; message?: string } | undefined;
}

/**
 * Whether a member cluster's or a Fleet's API server answers. For a cluster
 * the DR cache watches, its answer is the DR cache's (the same source as
 * the DR tab); otherwise the API server is probed through the kubeconfig
 * ACK One issues for it (the private endpoint for IDC clusters, as the
 * backend reaches them over the leased line).
 */
export class ClusterHealthChecker {
  readonly #ackOne: AckOneService;
  readonly #inventory: AckOneInventory;
  readonly #watched?: WatchedLiveness;
  readonly #logger: LoggerService;
  readonly #timeoutMs: number;

  constructor(options: {
    ackOne: AckOneService;
    inventory: AckOneInventory;
    /** The DR cache: its liveness is used for the clusters it watches. */
    watched?: WatchedLiveness;
    logger: LoggerService;
    timeoutMs?: number;
  }) {
    this.#ackOne = options.ackOne;
    this.#inventory = options.inventory;
    this.#watched = options.watched;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  async check(clusterId: string): Promise<ClusterHealth> {
    const ref = await this.#inventory.findRef(clusterId);
    if (!ref) {
      throw new NotFoundError(
        `cluster ${clusterId} is not in any configured ACK One account (ackOne.accounts)`,
      );
    }
    const checkedAt = new Date().toISOString();
    const watched = this.#watched?.liveness(clusterId);
    if (watched) {
      return {
        clusterId,
        reachable: watched.reachable,
        checkedAt,
        lastSyncAt: watched.lastSyncAt?.toISOString(),
        // the DR tab's own words (plain, redacted)
        ...(watched.reachable || !watched.message
          ? {}
          : { message: watched.message }),
      };
    }
    const started = Date.now();
    try {
      const kubeconfig = await getKubeconfigFor(this.#ackOne, ref);
      const kc = await this.#ackOne.toKubeConfig(kubeconfig);
      await probeApiServer(kc, this.#timeoutMs);
      return {
        clusterId,
        reachable: true,
        checkedAt,
        lastSyncAt: new Date().toISOString(),
        latencyMs: Date.now() - started,
      };
    } catch (e) {
      this.#logger.info(
        `cluster ${clusterId} is unreachable: ${redact(
          e instanceof Error ? e.message : String(e),
        )}`,
      );
      return {
        clusterId,
        reachable: false,
        checkedAt,
        message: plainReason(e),
      };
    }
  }
}
