/* HTTP client of the benchmark and the DR status answer check. */
import type { BenchCluster, BenchService } from './world';

export class Client {
  token?: string;
  constructor(readonly baseUrl: string) {}

  async request(
    p: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: any; ms: number; bytes: number }> {
    const t = performance.now();
    const res = await fetch(`${this.baseUrl}${p}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    const dt = performance.now() - t;
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep text
    }
    return { status: res.status, body, ms: dt, bytes: text.length };
  }
}

export const drPath = (s: BenchService) =>
  `/api/ack-one/v1/entities/component/default/${s.name}/dr-status`;

/** Problems with a DR status answer for the bench world, or [] when it is right. */
export function checkDr(
  body: any,
  s: BenchService,
  clusters: BenchCluster[],
): string[] {
  const issues: string[] = [];
  if (!body || typeof body !== 'object') return ['not JSON'];
  if (body.entityRef !== `component:default/${s.name}`)
    issues.push(`entityRef ${body.entityRef}`);
  const cs: any[] = body.clusters ?? [];
  if (cs.length !== clusters.length)
    issues.push(`${cs.length}/${clusters.length} clusters`);
  const unreachable = cs.filter(c => !c.reachable).map(c => c.name);
  if (unreachable.length) issues.push(`unreachable: ${unreachable.join(',')}`);
  const w = (body.workloads ?? []).find(
    (x: any) => x.kind === 'Deployment' && x.name === s.name,
  );
  if (!w) issues.push('workload missing');
  else if ((w.clusters ?? []).length !== clusters.length)
    issues.push(`workload in ${(w.clusters ?? []).length} clusters`);
  if ((body.problems ?? []).some((p: any) => p.severity === 'error'))
    issues.push(
      `problem: ${
        body.problems.find((p: any) => p.severity === 'error').message
      }`,
    );
  return issues;
}
