import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterHealth,
  DrBlastRadius,
  DrGatewayOverview,
  DrOverview,
  DrStatus,
  FailoverCheckResult,
  FailoverList,
  FailoverRequest,
  FailoverRequestInput,
} from '@internal/plugin-ack-one-common';
import { AckOneApi, DrOverviewQuery, FailoverListOptions } from './AckOneApi';

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

  async getOverview(query: DrOverviewQuery = {}): Promise<DrOverview> {
    const params = new URLSearchParams();
    if (query.system) params.set('system', query.system);
    if (query.owner) params.set('owner', query.owner);
    const search = params.toString();
    return this.get<DrOverview>(`/v1/overview${search ? `?${search}` : ''}`);
  }

  async getBlastRadius(clusterId: string): Promise<DrBlastRadius> {
    const params = new URLSearchParams({ cluster: clusterId });
    return this.get<DrBlastRadius>(`/v1/overview/blast-radius?${params}`);
  }

  async getFleetGateway(fleetId: string): Promise<DrGatewayOverview> {
    return this.get<DrGatewayOverview>(
      `/v1/fleets/${encodeURIComponent(fleetId)}/gateway`,
    );
  }

  async checkFailover(
    input: FailoverRequestInput,
  ): Promise<FailoverCheckResult> {
    return this.post<FailoverCheckResult>('/v1/failovers/checks', input);
  }

  async requestFailover(input: FailoverRequestInput): Promise<FailoverRequest> {
    return this.post<FailoverRequest>('/v1/failovers', input);
  }

  async listFailovers(
    entityRef: string,
    options: FailoverListOptions = {},
  ): Promise<FailoverList> {
    const query = new URLSearchParams({ entityRef });
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor) query.set('cursor', options.cursor);
    return this.get<FailoverList>(`/v1/failovers?${query}`);
  }

  async getFailover(id: string): Promise<FailoverRequest> {
    return this.get<FailoverRequest>(`/v1/failovers/${encodeURIComponent(id)}`);
  }

  async approveFailover(id: string, reason?: string): Promise<FailoverRequest> {
    return this.decide(id, 'approve', reason);
  }

  async rejectFailover(id: string, reason: string): Promise<FailoverRequest> {
    return this.decide(id, 'reject', reason);
  }

  async cancelFailover(id: string, reason?: string): Promise<FailoverRequest> {
    return this.decide(id, 'cancel', reason);
  }

  private async decide(
    id: string,
    action: 'approve' | 'reject' | 'cancel',
    reason: string | undefined,
  ): Promise<FailoverRequest> {
    return this.post<FailoverRequest>(
      `/v1/failovers/${encodeURIComponent(id)}/${action}`,
      reason === undefined ? {} : { reason },
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ack-one');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ack-one');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
