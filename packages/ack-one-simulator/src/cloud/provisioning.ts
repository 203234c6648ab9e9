import type { CloudContext } from './context';
import { rfc3339 } from './ids';

/** The fields provisioning moves: a CS cluster or a Fleet. */
interface Provisioned {
  state: string;
  updated: string;
  kubeServer?: string;
}

/**
 * Starts (or resumes) the creation of a cluster or a Fleet: provisions its
 * API server and moves it from `initial` to `running` once both the server
 * exists and `readyMs` has passed; to `failed` when the server cannot be
 * provisioned.
 */
export function provisionUntilRunning(
  ctx: CloudContext,
  opts: {
    id: string;
    /** For log lines and the timer key, e.g. `cluster`, `fleet`. */
    label: 'cluster' | 'fleet';
    serverKind: 'ack' | 'fleet';
    readyMs: number;
    /** Whether its API server exists already (a resumed creation). */
    hasServer: boolean;
    /** The object as it is now (it may have been deleted meanwhile). */
    current: () => Provisioned | undefined;
    onSettled?: (outcome: 'success' | 'fail', message?: string) => void;
    /** A forced failure: the creation ends `failed` with this message after readyMs. */
    failure?: string;
  },
) {
  const { id, label } = opts;
  if (opts.failure !== undefined) {
    const message = opts.failure;
    ctx.schedule(`${label}-ready:${id}`, opts.readyMs, () => {
      const current = opts.current();
      if (current && current.state === 'initial') {
        current.state = 'failed';
        current.updated = rfc3339();
        opts.onSettled?.('fail', message);
        ctx.logger.warn(`${label} ${id} failed: ${message}`);
      }
    });
    return;
  }
  let timerDone = false;
  let serverDone = opts.hasServer;
  const finish = () => {
    const current = opts.current();
    if (!current || current.state !== 'initial' || !timerDone || !serverDone) {
      return;
    }
    current.state = 'running';
    current.updated = rfc3339();
    opts.onSettled?.('success');
    ctx.logger.info(`${label} ${id} is running`);
  };
  ctx.schedule(`${label}-ready:${id}`, opts.readyMs, () => {
    timerDone = true;
    finish();
  });
  if (serverDone) return;
  ctx.bridge.provisionServer({ id, kind: opts.serverKind }).then(
    serverName => {
      const current = opts.current();
      if (!current) return;
      current.kubeServer = serverName;
      serverDone = true;
      finish();
    },
    err => {
      ctx.logger.warn(`provisioning server for ${label} ${id} failed: ${err}`);
      const current = opts.current();
      if (current && current.state === 'initial') {
        current.state = 'failed';
        current.updated = rfc3339();
        opts.onSettled?.('fail', `provisioning the ${label} failed: ${err}`);
      }
    },
  );
}
