import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { ClusterHealthChecker } from './ClusterHealth';

const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  health: ClusterHealthChecker;
}): Promise<express.Router> {
  const { httpAuth, health } = options;
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

  return router;
}
