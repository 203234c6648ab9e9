/* Steady load on the gateway data plane: `rate` requests/s, each timed and classified. */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sinceStart } from './config';

export class Load {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  #timer?: NodeJS.Timeout;
  #inflight = 0;
  sent = 0;
  /** [time (ms since the start), ok, cluster] of every answered request. */
  readonly results: Array<[number, boolean, string]> = [];

  constructor(private readonly url: URL, private readonly rate: number) {}

  /** When the load started and stopped (ms since the start). */
  startedAt = 0;
  stoppedAt = 0;

  start() {
    // Paced by the clock, not by the timer's ticks, so a late tick sends
    // what is owed and the rate holds.
    this.startedAt = sinceStart();
    let last = performance.now();
    let owed = 0;
    this.#timer = setInterval(() => {
      const now = performance.now();
      owed += (this.rate * (now - last)) / 1000;
      last = now;
      while (owed >= 1) {
        owed -= 1;
        this.#one();
      }
    }, 5);
  }

  async stop() {
    if (this.#timer) clearInterval(this.#timer);
    this.stoppedAt = sinceStart();
    while (this.#inflight > 0) await sleep(10);
    this.#agent.destroy();
  }

  #one() {
    this.sent++;
    this.#inflight++;
    const req = http.request(
      {
        host: this.url.hostname,
        port: this.url.port,
        path: '/svc1',
        headers: { Host: 'example.com' },
        agent: this.#agent,
        timeout: 5000,
      },
      res => {
        res.resume();
        res.on('end', () => {
          this.#inflight--;
          this.results.push([
            sinceStart(),
            res.statusCode === 200,
            String(res.headers['x-ack-one-cluster'] ?? ''),
          ]);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      this.#inflight--;
      this.results.push([sinceStart(), false, '']);
    });
    req.end();
  }

  /** Answers between two instants (ms since the start). */
  between(from: number, to: number): LoadWindow {
    const rs = this.results.filter(r => r[0] >= from && r[0] <= to);
    const byCluster: Record<string, number> = {};
    for (const r of rs) if (r[1]) byCluster[r[2]] = (byCluster[r[2]] ?? 0) + 1;
    return {
      total: rs.length,
      failed: rs.filter(r => !r[1]).length,
      byCluster,
    };
  }
}

export interface LoadWindow {
  total: number;
  failed: number;
  /** successful answers per cluster id */
  byCluster: Record<string, number>;
}
