/*
 * Probes of the processes under test: free ports, /proc memory and CPU of
 * the backend, Kubernetes API requests and open watches on the simulator.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Simulator } from '@internal/ack-one-simulator';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export function procMemory(
  pid: number,
): { rss: number; hwm: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) =>
      Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in ms. */
export function procCpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) are 12 and 13 after the state field
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ; 100 on Linux for x86-64 and arm64. */
const CLOCK_TICKS = 100;

export function kubeRequests(sim: Simulator) {
  let n = 0;
  for (const e of sim.world.servers.values()) n += e.server.requestCount;
  return n;
}

/**
 * Watches open on each API server (the simulator counts them), polled every
 * 50 ms: when the DR cache has opened all of its list+watch connections.
 */
export function watchMonitor(sim: Simulator, servers: string[]) {
  const state = new Map(servers.map(n => [n, { count: 0, lastUp: NaN }]));
  const poll = () => {
    for (const [n, st] of state) {
      const c = sim.world.server(n).api.store.watcherCount();
      if (c > st.count) st.lastUp = performance.now();
      st.count = c;
    }
  };
  const timer = setInterval(poll, 50);
  return {
    stop() {
      poll();
      clearInterval(timer);
    },
    result(since: number) {
      const all = [...state.values()];
      return {
        servers: all.filter(s => s.count > 0).length,
        total: all.reduce((a, s) => a + s.count, 0),
        lastOpenMs: all.every(s => s.count > 0)
          ? Math.max(...all.map(s => s.lastUp)) - since
          : NaN,
      };
    },
  };
}
