import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  blastRadius,
  compareOverviewRows,
  toOverviewRow,
  type DrBlastRadius,
  type DrOverview,
  type DrOverviewFailover,
  type DrOverviewRow,
} from '@internal/plugin-ack-one-common';
import type { Request, Response } from 'express';
import type { LastFailover } from '../failover/failoverRows';
import { CLUSTER_ID } from './access';
import type { OptedInServices, ServiceFilter } from './OptedInServices';

/** Where the overview reads the last failover of each service (one query). */
export interface LastFailoverSource {
  lastPerEntity(): Promise<Map<string, LastFailover>>;
}

/** A request counts as a drill when its reason says so. */
const DRILL = /\bdrills?\b/i;

function toOverviewFailover(f: LastFailover): DrOverviewFailover {
  return {
    requestId: f.id,
    state: f.state,
    at: f.updatedAt,
    drill: DRILL.test(f.reason),
    ...(f.durationSeconds !== undefined
      ? { durationSeconds: f.durationSeconds }
      : {}),
  };
}

/** A single query parameter: absent (or empty), or one string. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !v.trim())
    throw new InputError(
      `give one "${name}" query parameter, not ${JSON.stringify(v)}`,
    );
  return v.trim();
}

/** A query parameter that must be an entity ref (`defaultKind` when it names none). */
function refParam(
  req: Request,
  name: string,
  defaultKind: string,
): string | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(v, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `"${name}" must be an entity ref such as ${defaultKind}:default/name, not "${v}"`,
    );
  }
}

/**
 * `GET /v1/overview[?system=&owner=]` and `GET /v1/overview/blast-radius?cluster=`:
 * every opted-in service the caller may read, from the DR cache's memory.
 */
export class OverviewHandler {
  readonly #httpAuth: HttpAuthService;
  readonly #services: OptedInServices;
  readonly #failovers?: LastFailoverSource;

  constructor(options: {
    httpAuth: HttpAuthService;
    services: OptedInServices;
    failovers?: LastFailoverSource;
  }) {
    this.#httpAuth = options.httpAuth;
    this.#services = options.services;
    this.#failovers = options.failovers;
  }

  overview = async (req: Request, res: Response) => {
    const credentials = await this.#credentials(req);
    const system = refParam(req, 'system', 'system');
    const owner = refParam(req, 'owner', 'group');
    const filter: ServiceFilter = meta =>
      (!system || meta.system?.toLocaleLowerCase('en-US') === system) &&
      (!owner || meta.owner?.toLocaleLowerCase('en-US') === owner);
    const now = new Date();
    const items = await this.#rows(credentials, filter, now);
    const body: DrOverview = { generatedAt: now.toISOString(), items };
    res.json(body);
  };

  blastRadius = async (req: Request, res: Response) => {
    const credentials = await this.#credentials(req);
    const cluster = single(req, 'cluster');
    if (!cluster)
      throw new InputError(
        'give the cluster to lose as ?cluster=<ACK One cluster id, or its name>',
      );
    if (!CLUSTER_ID.test(cluster))
      throw new InputError(`"${cluster}" is not an ACK One cluster id`);
    const now = new Date();
    const rows = await this.#rows(credentials, () => true, now);
    const clusterId = this.#resolveCluster(rows, cluster);
    const body: DrBlastRadius = {
      clusterId,
      generatedAt: now.toISOString(),
      items: blastRadius(rows, clusterId),
    };
    res.json(body);
  };

  #credentials(req: Request) {
    return this.#httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  async #rows(
    credentials: BackstageCredentials,
    filter: ServiceFilter,
    now: Date,
  ): Promise<DrOverviewRow[]> {
    const [services, last] = await Promise.all([
      this.#services.read(credentials, filter, now),
      this.#failovers?.lastPerEntity() ?? new Map<string, LastFailover>(),
    ]);
    return services
      .map(({ status, meta }) => {
        const f = last.get(status.entityRef);
        return toOverviewRow(status, meta, f && toOverviewFailover(f));
      })
      .sort(compareOverviewRows);
  }

  /** The cluster id `cluster` names (an id, or a cluster name when only one cluster has it). */
  #resolveCluster(rows: DrOverviewRow[], cluster: string): string {
    const byId = rows.some(r => r.clusters.some(c => c.clusterId === cluster));
    if (byId) return cluster;
    const ids = new Set(
      rows.flatMap(r =>
        r.clusters.filter(c => c.name === cluster).map(c => c.clusterId),
      ),
    );
    if (ids.size === 1) return [...ids][0];
    if (ids.size > 1)
      throw new InputError(
        `${ids.size} clusters are named ${cluster} (${[...ids].join(
          ', ',
        )}); give the cluster id`,
      );
    throw new NotFoundError(
      `cluster ${cluster} is not a member of the Fleet of any service you may read`,
    );
  }
}
