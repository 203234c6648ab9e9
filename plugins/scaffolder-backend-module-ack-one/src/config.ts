import fs from 'node:fs';
import { Config } from '@backstage/config';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

/** An IDC cluster the actions may register, as configured. */
export interface IdcClusterTarget {
  /** A kubeconfig file with credentials for the IDC cluster (secret). */
  kubeconfigPath: string;
  /** The context to use; default: the file's current context. */
  context?: string;
}

/** `ackOne.scaffolder`. */
export interface ScaffolderAckOneConfig {
  /** How often waits poll the cloud (ms). */
  pollIntervalMs: number;
  /** Server-side apply field manager of the objects the actions write. */
  fieldManager: string;
  idcClusters: Record<string, IdcClusterTarget>;
}

export const DEFAULT_FIELD_MANAGER = 'backstage-ack-one';

/** Reads `ackOne.scaffolder`; everything is optional. */
export function readScaffolderConfig(config: Config): ScaffolderAckOneConfig {
  const c = config.getOptionalConfig('ackOne.scaffolder');
  const idc = c?.getOptionalConfig('idcClusters');
  const idcClusters: Record<string, IdcClusterTarget> = {};
  for (const name of idc?.keys() ?? []) {
    const t = idc!.getConfig(name);
    idcClusters[name] = {
      kubeconfigPath: t.getString('kubeconfigPath'),
      context: t.getOptionalString('context'),
    };
  }
  const seconds = c?.getOptionalNumber('pollIntervalSeconds') ?? 5;
  if (!(seconds > 0)) {
    throw new Error(
      `ackOne.scaffolder.pollIntervalSeconds must be greater than 0, got ${seconds}`,
    );
  }
  return {
    pollIntervalMs: Math.round(seconds * 1000),
    fieldManager: c?.getOptionalString('fieldManager') ?? DEFAULT_FIELD_MANAGER,
    idcClusters,
  };
}

/**
 * The kubeconfig of a configured IDC cluster, reduced to its context (so a
 * file with several clusters hands out only the one asked for). Secret.
 * Errors name the target and the file, never the content.
 */
export function readIdcKubeconfig(
  name: string,
  target: IdcClusterTarget,
): string {
  let raw: string;
  try {
    raw = fs.readFileSync(target.kubeconfigPath, 'utf8');
  } catch (e) {
    throw new Error(
      `ackOne.scaffolder.idcClusters.${name}: cannot read kubeconfigPath ${
        target.kubeconfigPath
      } (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!target.context) return raw;
  let doc: any;
  try {
    doc = parseYaml(raw);
  } catch {
    throw new Error(
      `ackOne.scaffolder.idcClusters.${name}: ${target.kubeconfigPath} is not valid YAML`,
    );
  }
  const contexts: any[] = Array.isArray(doc?.contexts) ? doc.contexts : [];
  if (!contexts.some(c => c?.name === target.context)) {
    throw new Error(
      `ackOne.scaffolder.idcClusters.${name}: ${
        target.kubeconfigPath
      } has no context "${target.context}" (contexts: ${
        contexts.map(c => c?.name).join(', ') || 'none'
      })`,
    );
  }
  return toYaml({ ...doc, 'current-context': target.context });
}
