import type { Entity } from '@backstage/catalog-model';
import {
  factsFromDrStatus,
  type DrStatus,
  type FailoverFacts,
} from '@internal/plugin-ack-one-common';
import type {
  AckOneGateway,
  AckOneInventory,
} from '@internal/plugin-ack-one-node';
import type { DrCache, ServiceLocation } from '../cache/DrCache';
import { plainReason } from '../service/reasons';
import type { FailoverConfig } from './config';
import type { FailoverStore } from './FailoverStore';

/** How long the gateways of a Fleet, once read, are taken as current. */
const GATEWAY_TTL_MS = 3_000;

/** A service's DR status and where its Fleet is, from the DR cache. */
export interface FailoverContext {
  status: DrStatus;
  location?: ServiceLocation;
}

/**
 * Gathers the facts the safety rules judge: the service's DR status from
 * the watch cache, the status of the Fleet gateway that serves its
 * Ingresses (its MseIngressConfig, read from the Fleet and kept a few
 * seconds), the other approved or executing requests, and the change
 * freezes of the configuration.
 */
export class FailoverFactsReader {
  constructor(
    private readonly deps: {
      drCache: DrCache;
      /** The Fleet gateways, read again when older than a few seconds. */
      inventory: AckOneInventory;
      store: FailoverStore;
      config: FailoverConfig;
    },
  ) {}

  context(entity: Entity, now = new Date()): FailoverContext {
    return {
      status: this.deps.drCache.getStatus(entity, now),
      location: this.deps.drCache.locate(entity),
    };
  }

  async facts(
    entityRef: string,
    ctx: FailoverContext,
    options: { exceptId?: string; load?: number; now?: Date } = {},
  ): Promise<FailoverFacts> {
    const [otherActive, gateway] = await Promise.all([
      this.deps.store.active(entityRef, options.exceptId),
      this.gatewayOf(ctx.location),
    ]);
    return factsFromDrStatus(ctx.status, {
      now: options.now ?? new Date(),
      otherActive,
      freezes: this.deps.config.changeFreezes,
      gateway,
      load: options.load,
    });
  }

  /** The MseIngressConfig serving the service's Ingresses, and its status. */
  async gatewayOf(
    location: ServiceLocation | undefined,
  ): Promise<FailoverFacts['gateway']> {
    const classes = new Set(
      (location?.ingresses ?? [])
        .map(
          i =>
            i.spec?.ingressClassName ??
            i.metadata.annotations?.['kubernetes.io/ingress.class'],
        )
        .filter((c): c is string => !!c),
    );
    if (!location || !location.ingresses.length)
      return {
        message:
          "The service has no Ingress on its Fleet's gateway, so there is no gateway to shift traffic on.",
      };
    let gateways: AckOneGateway[];
    try {
      gateways = await this.#listGateways(location);
    } catch (e) {
      return {
        message: `The status of the Fleet gateway of ${
          location.fleet.name
        } could not be read: ${plainReason(e)}.`,
      };
    }
    const gw = gateways.find(
      g =>
        g.kind === 'MseIngressConfig' &&
        (classes.size === 0 || g.ingressClasses.some(c => classes.has(c))),
    );
    if (!gw)
      return {
        message: `No MseIngressConfig of Fleet ${
          location.fleet.name
        } serves the ingress class${classes.size === 1 ? '' : 'es'} ${
          [...classes].join(', ') || '(default)'
        } of the service's Ingresses.`,
      };
    return { name: gw.name, status: gw.status ?? 'Unknown' };
  }

  #listGateways(location: ServiceLocation): Promise<AckOneGateway[]> {
    return this.deps.inventory.fleetGateways(location.fleet.clusterId, {
      maxAgeMs: GATEWAY_TTL_MS,
    });
  }
}
