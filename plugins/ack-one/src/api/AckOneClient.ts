import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DrStatus } from '@internal/plugin-ack-one-common';
import { AckOneApi, ClusterHealth } from './AckOneApi';

/**
 * Default {@link AckOneApi} implementation, talking to the `ack-one` backend
 * plugin through the discovery and fetch APIs (the latter adds the user's
 * Backstage token).
 *
 * @public
 */
export class AckOneClient implements AckOneApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getClusterHealth(clusterId: string): Promise<ClusterHealth> {
    return this.get<ClusterHealth>(
      `/v1/clusters/${encodeURIComponent(clusterId)}/health`,
    );
  }

  async getDrStatus(entityRef: CompoundEntityRef): Promise<DrStatus> {
    const { kind, namespace, name } = entityRef;
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return this.get<DrStatus>(`/v1/entities/${path}/dr-status`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ack-one');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
