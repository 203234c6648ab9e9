import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Who may do a kind of write: only admins, or every signed-in user. */
export type Audience = 'admins' | 'signed-in';

/** `ackOne.permissionPolicy`, read and checked. */
export interface PolicyConfig {
  /** Users and groups (entity refs) that may do everything. */
  admins: string[];
  /** Users and groups that may use `/api/kubernetes/proxy`, besides admins. */
  kubernetesProxy: string[];
  /** Who may register and unregister catalog locations. */
  catalogRegistration: Audience;
  /** Who may run software templates (create, dry-run, cancel tasks). */
  scaffolder: Audience;
}

const AUDIENCES: Audience[] = ['admins', 'signed-in'];

function refs(config: Config | undefined, key: string): string[] {
  const values = config?.getOptionalStringArray(key) ?? [];
  return values.map((v, i) => {
    try {
      // Bare names are groups, the usual case for admins.
      return stringifyEntityRef(
        parseEntityRef(v, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new Error(
        `ackOne.permissionPolicy.${key}[${i}] is "${v}", which is not an entity ref; write group:default/<name> or user:default/<name>`,
      );
    }
  });
}

function audience(config: Config | undefined, key: string): Audience {
  const value = config?.getOptionalString(key) ?? 'admins';
  if (!AUDIENCES.includes(value as Audience)) {
    throw new Error(
      `ackOne.permissionPolicy.${key} is "${value}"; it must be one of ${AUDIENCES.join(
        ', ',
      )}`,
    );
  }
  return value as Audience;
}

/**
 * Reads `ackOne.permissionPolicy`. Every setting defaults to the safe
 * choice: no admins, nobody may use the Kubernetes proxy, only admins may
 * register catalog locations or run templates.
 */
export function readPolicyConfig(root: Config): PolicyConfig {
  const config = root.getOptionalConfig('ackOne.permissionPolicy');
  return {
    admins: refs(config, 'admins'),
    kubernetesProxy: refs(config, 'kubernetesProxy'),
    catalogRegistration: audience(config, 'catalogRegistration'),
    scaffolder: audience(config, 'scaffolder'),
  };
}
