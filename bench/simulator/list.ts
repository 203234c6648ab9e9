/* 2. A list of 5,000 Deployments over HTTPS (target < 200 ms). */
import { ClusterClient, getList, GetResult } from './client';
import { median, p95, Row } from './stats';

const PATH = '/apis/apps/v1/namespaces/bench/deployments';

export async function measureList(client: ClusterClient): Promise<Row[]> {
  await getList(client, PATH); // warm-up
  const listMs: number[] = [];
  const recvMs: number[] = [];
  let last: GetResult = { ms: 0, received: 0, bytes: 0, n: 0 };
  for (let i = 0; i < 10; i++) {
    last = await getList(client, PATH);
    listMs.push(last.ms);
    recvMs.push(last.received);
  }
  return [
    [
      'list 5,000 deployments (HTTPS, received)',
      '< 200 ms',
      `${median(recvMs).toFixed(1)} ms median`,
      `p95 ${p95(recvMs).toFixed(1)} ms, ${last.n} items, ${(
        last.bytes / 1048576
      ).toFixed(1)} MB`,
    ],
    [
      '  ... and JSON-parsed by the client',
      '',
      `${median(listMs).toFixed(1)} ms median`,
      `p95 ${p95(listMs).toFixed(1)} ms`,
    ],
  ];
}
