/*
 * The Backstage backend of the DR status benchmark, started by run.ts as a
 * child process (so its memory is its own):
 *
 *   node --expose-gc -r @backstage/cli/config/nodeTransform.cjs \
 *     bench/dr-status/backend.ts --config <generated app-config.yaml>
 *
 * The plugins of packages/backend that the DR status and the stock
 * Kubernetes fan-out need (no app, scaffolder, search or embedded
 * simulator; without `@internal/plugin-ack-one-backend` when
 * BENCH_WITHOUT_ACK_ONE is set), plus a `bench` plugin that reports this process's memory and
 * event-loop delay at `GET /api/bench/stats` (unauthenticated; `?gc=1` runs
 * a full garbage collection first).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Router } from 'express';

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/stats', (req, res) => {
          const gc = (globalThis as { gc?: () => void }).gc;
          if (req.query.gc && gc) gc();
          const delay = {
            p50: loopDelay.percentile(50) / 1e6,
            p99: loopDelay.percentile(99) / 1e6,
            max: loopDelay.max / 1e6,
          };
          if (req.query.reset) loopDelay.reset();
          res.json({
            pid: process.pid,
            uptimeS: process.uptime(),
            memory: process.memoryUsage(),
            eventLoopDelayMs: delay,
          });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/stats', allow: 'unauthenticated' });
      },
    });
  },
});

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@internal/plugin-catalog-backend-module-ack-one'));

backend.add(import('@backstage/plugin-permission-backend'));
// The portal's own policy, as deployed.
backend.add(import('../../packages/backend/src/permissionPolicy'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@internal/plugin-kubernetes-backend-module-ack-one'));

// BENCH_WITHOUT_ACK_ONE=1: the baseline run for memory (no DR cache).
if (!process.env.BENCH_WITHOUT_ACK_ONE)
  backend.add(import('@internal/plugin-ack-one-backend'));

backend.add(benchPlugin);

backend.start().catch(e => {
  // eslint-disable-next-line no-console
  console.error('Backend failed to start', e);
  process.exit(1);
});
