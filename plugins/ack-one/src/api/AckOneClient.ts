import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
    const baseUrl = await this.discoveryApi.getBaseUrl('ack-one');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/v1/clusters/${encodeURIComponent(clusterId)}/health`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as ClusterHealth;
  }
}
