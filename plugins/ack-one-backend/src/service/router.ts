import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import type { DrCache } from '../cache/DrCache';
import { ClusterHealthChecker } from './ClusterHealth';

const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  health: ClusterHealthChecker;
  catalog: CatalogService;
  drCache: DrCache;
  /** How long a request may wait for the first Fleet discovery after start. */
  discoveryWaitMs?: number;
}): Promise<express.Router> {
  const { httpAuth, health, catalog, drCache } = options;
  const discoveryWaitMs = options.discoveryWaitMs ?? 5_000;
  const router = Router();
  router.use(express.json());

  router.get('/v1/clusters/:clusterId/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { clusterId } = req.params;
    if (!CLUSTER_ID.test(clusterId)) {
      throw new InputError(`"${clusterId}" is not an ACK One cluster id`);
    }
    res.json(await health.check(clusterId));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/dr-status',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name } = req.params;
      for (const [what, v] of Object.entries({ kind, namespace, name }))
        if (!REF_PART.test(v))
          throw new InputError(`"${v}" is not a valid entity ${what}`);
      const ref = { kind, namespace, name };
      // The catalog applies its permissions: an entity the caller may not
      // read is as absent as one that does not exist.
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw new NotFoundError(
          `${stringifyEntityRef(
            ref,
          )} is not in the catalog, or you may not read it`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drCache.ready(),
        new Promise<void>(resolve => {
          timer = setTimeout(resolve, discoveryWaitMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
      res.json(drCache.getStatus(entity));
    },
  );

  return router;
}
