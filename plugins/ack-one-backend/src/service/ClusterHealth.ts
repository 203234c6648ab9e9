import type { LoggerService } from '@backstage/backend-plugin-api';
import { probeApiServer } from '../util';
import { NotFoundError } from '@backstage/errors';
import {
  AckOneService,
  getKubeconfigFor,
  redact,
} from '@internal/plugin-ack-one-node';
import { plainReason } from './reasons';

/** The answer of `GET /v1/clusters/:clusterId/health`. */
export interface ClusterHealth {
  clusterId: string;
  reachable: boolean;
  checkedAt: string;
  latencyMs?: number;
  /**
   * Why it is unreachable, in plain words ("connection refused", "timed out
   * after 5 s"). Never a secret, an address or a server's own text.
   */
  message?: string;
}

interface Located {
  account: string;
  region: string;
  kind: 'cluster' | 'fleet';
  clusterType?: string;
}

/**
 * Checks whether a member cluster's or a Fleet's API server answers, through
 * the kubeconfig ACK One issues for it (the private endpoint for IDC
 * clusters, as the backend reaches them over the leased line).
 */
export class ClusterHealthChecker {
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #timeoutMs: number;
  readonly #inventoryTtlMs: number;
  readonly #unknownTtlMs: number;
  readonly #unknown = new Map<string, number>();
  #inventory?: { at: number; byId: Map<string, Located> };
  #reading?: Promise<void>;

  constructor(options: {
    ackOne: AckOneService;
    logger: LoggerService;
    timeoutMs?: number;
    inventoryTtlMs?: number;
    /** How long an id the inventory does not know is answered from memory. */
    unknownTtlMs?: number;
  }) {
    this.#ackOne = options.ackOne;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#inventoryTtlMs = options.inventoryTtlMs ?? 60_000;
    this.#unknownTtlMs = options.unknownTtlMs ?? 60_000;
  }

  async check(clusterId: string): Promise<ClusterHealth> {
    const where = await this.#locate(clusterId);
    const checkedAt = new Date();
    const started = Date.now();
    try {
      const kubeconfig = await getKubeconfigFor(this.#ackOne, {
        ...where,
        clusterId,
      });
      const kc = await this.#ackOne.toKubeConfig(kubeconfig);
      await probeApiServer(kc, this.#timeoutMs);
      return {
        clusterId,
        reachable: true,
        checkedAt: checkedAt.toISOString(),
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
        checkedAt: checkedAt.toISOString(),
        message: plainReason(e),
      };
    }
  }

  /**
   * Where a cluster lives. The inventory is re-read when it is old or does
   * not know the id, one read at a time however many requests wait for it;
   * an id it still does not know is remembered as unknown for a while, so
   * repeated unknown ids cost no further cloud call.
   */
  async #locate(clusterId: string): Promise<Located> {
    const now = Date.now();
    const knownUnknown = (this.#unknown.get(clusterId) ?? 0) > now;
    const fresh =
      this.#inventory && now - this.#inventory.at < this.#inventoryTtlMs;
    if (!fresh || (!this.#inventory!.byId.has(clusterId) && !knownUnknown)) {
      await this.#refresh();
    }
    const found = this.#inventory?.byId.get(clusterId);
    if (!found) {
      this.#unknown.set(clusterId, Date.now() + this.#unknownTtlMs);
      throw new NotFoundError(
        `cluster ${clusterId} is not in any configured ACK One account (ackOne.accounts)`,
      );
    }
    return found;
  }

  #refresh(): Promise<void> {
    if (!this.#reading) {
      this.#reading = this.#readInventory()
        .then(byId => {
          this.#inventory = { at: Date.now(), byId };
          for (const [id, until] of this.#unknown)
            if (byId.has(id) || until <= Date.now()) this.#unknown.delete(id);
        })
        .finally(() => {
          this.#reading = undefined;
        });
    }
    return this.#reading;
  }

  async #readInventory(): Promise<Map<string, Located>> {
    const byId = new Map<string, Located>();
    for (const account of this.#ackOne.listAccounts()) {
      for (const region of account.regions) {
        const [clusters, fleets] = await Promise.allSettled([
          this.#ackOne.listClusters(account.id, region),
          this.#ackOne.listFleets(account.id, region),
        ]);
        if (clusters.status === 'fulfilled') {
          for (const c of clusters.value) {
            byId.set(c.clusterId, {
              account: account.id,
              region,
              kind: 'cluster',
              clusterType: c.clusterType,
            });
          }
        }
        if (fleets.status === 'fulfilled') {
          for (const f of fleets.value) {
            byId.set(f.clusterId, {
              account: account.id,
              region,
              kind: 'fleet',
            });
          }
        }
        for (const r of [clusters, fleets]) {
          if (r.status === 'rejected') {
            this.#logger.warn(
              `cannot list ACK One ${account.id}/${region}: ${redact(
                String(r.reason?.message ?? r.reason),
              )}`,
            );
          }
        }
      }
    }
    return byId;
  }
}
