import type { CloudState } from '../cloud/model';
import type { WorldPki } from '../kube/certs';
import type { SavedWorld, ServerEntry } from './World';

/** The saved form of a world (see `World.save`). */
export function saveWorld(
  cloud: CloudState,
  pki: WorldPki,
  servers: Iterable<ServerEntry>,
  accessKey?: SavedWorld['accessKey'],
): SavedWorld {
  return {
    format: 'ack-one-simulator/world@1',
    savedAt: new Date().toISOString(),
    cloud: JSON.parse(JSON.stringify(cloud)),
    pki: pki,
    accessKey,
    servers: [...servers].map(e => ({
      name: e.name,
      kind: e.kind,
      port: e.server.port,
      adminToken: e.adminToken,
      tokens: e.server
        .tokenEntries()
        .map(([t, exp]) => [t, exp ?? null] as [string, number | null]),
      resourceVersion: e.server.api.store.currentRv(),
      objects: e.server.api.store.dump(),
    })),
  };
}
