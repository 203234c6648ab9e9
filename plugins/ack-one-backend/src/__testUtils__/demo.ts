import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/** The demo world's service entities (`examples/demo-services.yaml`). */
export const demoEntities: Entity[] = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/demo-services.yaml'),
    'utf8',
  ),
)
  .map(d => d.toJSON())
  .filter(Boolean);

/** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (v: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, intervalMs));
    last = await read();
  }
  return last;
}
