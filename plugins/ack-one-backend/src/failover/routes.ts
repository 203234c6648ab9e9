import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { spec } from '../schema/openapi';
import type { FailoverService } from './FailoverService';

/**
 * The failover routes on the OpenAPI router. Reads accept users and
 * services; writes need a signed-in user (the two-person rule is about
 * people).
 */
export function registerFailoverRoutes(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; failovers: FailoverService },
): void {
  const { httpAuth, failovers } = options;
  const reader = (req: any) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const user = (req: any) => httpAuth.credentials(req, { allow: ['user'] });

  router.post('/v1/failovers/checks', async (req, res) => {
    const result = await failovers.checks(req.body, await reader(req));
    res.json(result as any);
  });

  router.post('/v1/failovers', async (req, res) => {
    const created = await failovers.create(req.body, await user(req), req);
    res.status(201).json(created as any);
  });

  router.get('/v1/failovers', async (req, res) => {
    const list = await failovers.list(
      req.query as Record<string, unknown>,
      await reader(req),
    );
    res.json(list as any);
  });

  router.get('/v1/failovers/:id', async (req, res) => {
    res.json((await failovers.get(req.params.id, await reader(req))) as any);
  });

  for (const decision of ['approve', 'reject', 'cancel'] as const) {
    router.post(`/v1/failovers/:id/${decision}`, async (req, res) => {
      const body = await failovers.decide(
        decision,
        req.params.id,
        req.body,
        await user(req),
        req,
      );
      res.json(body as any);
    });
  }
}
