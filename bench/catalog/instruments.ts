/* What the catalog benchmark counts: log messages and service calls. */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AckOneService } from '@internal/plugin-ack-one-node';

/** A LoggerService that counts messages and keeps a few warnings. */
export function countingLogger() {
  const counts = { debug: 0, info: 0, warn: 0, error: 0 };
  const samples: string[] = [];
  const logger: LoggerService = {
    debug: () => {
      counts.debug++;
    },
    info: () => {
      counts.info++;
    },
    warn: (m: string) => {
      counts.warn++;
      if (samples.length < 5) samples.push(m);
    },
    error: (m: string) => {
      counts.error++;
      if (samples.length < 5) samples.push(m);
    },
    child: () => logger,
  };
  return { logger, counts, samples };
}

export type MethodStats = Map<string, { calls: number; ms: number }>;

/** Wraps the service: calls and cumulative time per method. */
export function timedService(inner: AckOneService) {
  const stats: MethodStats = new Map();
  const wrapped = new Proxy(inner as any, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        const r = v.apply(target, args);
        if (!(r instanceof Promise)) return r;
        const t0 = performance.now();
        const done = () => {
          const s = stats.get(prop) ?? { calls: 0, ms: 0 };
          s.calls++;
          s.ms += performance.now() - t0;
          stats.set(prop, s);
        };
        r.then(done, done);
        return r;
      };
    },
  }) as AckOneService;
  return { wrapped, stats };
}
