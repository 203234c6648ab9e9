import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  getKubeconfigFor,
  type AckOneClusterRef,
  type AckOneKubeconfig,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import { errorText, fromAuthMetadata, sameServer } from './clusterMetadata';

export interface AckOneAuthStrategyOptions {
  ackOne: AckOneService;
  logger: LoggerService;
  /** Test seam. */
  now?: () => number;
}

const ANONYMOUS: KubernetesCredential = { type: 'anonymous' };

/**
 * Kubernetes auth strategy for ACK One clusters: the credential of each
 * request comes from the cluster's kubeconfig, fetched from ACK One on the
 * backend (cached by the ACK One service until shortly before it expires).
 * Nothing secret is configured, stored in the catalog or sent to the browser.
 *
 * The credential is only released for the API server ACK One reports for
 * that cluster id: cluster details whose URL differs (a stale list, or a
 * cluster from another source that names this strategy) get an anonymous
 * request and a logged warning instead. When ACK One cannot be reached, the
 * last kubeconfig is reused while it has not expired; otherwise the request
 * is anonymous too, so the cluster shows an authorization error while the
 * other clusters still answer.
 */
export class AckOneAuthStrategy implements AuthenticationStrategy {
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #last = new Map<string, AckOneKubeconfig>();
  readonly #problems = new Set<string>();

  constructor(options: AckOneAuthStrategyOptions) {
    this.#ackOne = options.ackOne;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  async getCredential(
    clusterDetails: ClusterDetails,
    _authConfig: KubernetesRequestAuth,
  ): Promise<KubernetesCredential> {
    const { ref, problems } = fromAuthMetadata(clusterDetails.authMetadata);
    if (!ref) {
      throw new Error(
        `cluster "${
          clusterDetails.name
        }" uses the ACK One auth strategy but ${problems.join(', ')}`,
      );
    }
    const k = keyOf(ref);
    const kubeconfig = await this.#kubeconfig(ref, k, clusterDetails.name);
    if (!kubeconfig) return ANONYMOUS;

    const { connection } = kubeconfig;
    if (!sameServer(connection.server, clusterDetails.url)) {
      this.#problem(
        `url:${clusterDetails.name}`,
        `cluster "${clusterDetails.name}": its URL is not the API server ACK One reports for ${ref.clusterId}; its credentials are not sent there`,
      );
      return ANONYMOUS;
    }
    this.#problems.delete(`url:${clusterDetails.name}`);
    if (connection.token) {
      return { type: 'bearer token', token: connection.token };
    }
    if (connection.clientCertData && connection.clientKeyData) {
      return {
        type: 'x509 client certificate',
        cert: Buffer.from(connection.clientCertData, 'base64').toString('utf8'),
        key: Buffer.from(connection.clientKeyData, 'base64').toString('utf8'),
      };
    }
    throw new Error(
      `the kubeconfig ACK One returned for ${ref.kind} ${ref.clusterId} (cluster "${clusterDetails.name}") has neither a token nor a client certificate`,
    );
  }

  async #kubeconfig(
    ref: AckOneClusterRef,
    k: string,
    name: string,
  ): Promise<AckOneKubeconfig | undefined> {
    try {
      const kc = await getKubeconfigFor(this.#ackOne, ref);
      this.#last.set(k, kc);
      if (this.#problems.delete(`kubeconfig:${k}`)) {
        this.#logger.info(
          `ACK One credentials for cluster "${name}" can be fetched again`,
        );
      }
      return kc;
    } catch (e) {
      const last = this.#last.get(k);
      const usable =
        last && (!last.expiration || last.expiration.getTime() > this.#now());
      this.#problem(
        `kubeconfig:${k}`,
        `cannot fetch ACK One credentials for cluster "${name}" (${
          ref.clusterId
        }); ${
          usable
            ? 'reusing the last ones until they expire'
            : 'its requests go out anonymous'
        }: ${errorText(e)}`,
      );
      return usable ? last : undefined;
    }
  }

  /**
   * Forgets the kubeconfigs kept for clusters not in `refs` (the clusters
   * the supplier lists now) and those that have expired.
   */
  retain(refs: Iterable<AckOneClusterRef>): void {
    const keep = new Set([...refs].map(keyOf));
    const now = this.#now();
    for (const [k, kc] of this.#last) {
      const expired = kc.expiration && kc.expiration.getTime() <= now;
      if (!keep.has(k) || expired) {
        this.#last.delete(k);
        this.#problems.delete(`kubeconfig:${k}`);
      }
    }
  }

  validateCluster(authMetadata: AuthMetadata): Error[] {
    const { ref, problems } = fromAuthMetadata(authMetadata);
    const errors = problems.map(p => new Error(`ACK One auth strategy: ${p}`));
    if (ref) {
      const account = this.#ackOne
        .listAccounts()
        .find(a => a.id === ref.account);
      if (!account) {
        errors.push(
          new Error(
            `ACK One auth strategy: account "${ref.account}" is not in ackOne.accounts`,
          ),
        );
      } else if (!account.regions.includes(ref.region)) {
        errors.push(
          new Error(
            `ACK One auth strategy: region "${ref.region}" is not configured for account "${ref.account}"`,
          ),
        );
      }
    }
    return errors;
  }

  presentAuthMetadata(_authMetadata: AuthMetadata): AuthMetadata {
    return {};
  }

  #problem(id: string, message: string) {
    if (this.#problems.has(id)) return;
    this.#problems.add(id);
    this.#logger.warn(message);
  }
}

function keyOf(ref: AckOneClusterRef): string {
  return `${ref.account}/${ref.region}/${ref.kind}/${ref.clusterId}`;
}
