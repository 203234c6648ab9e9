import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  ackOneClusterHealthReadPermission,
  ackOneDrStatusReadPermission,
  ackOneFailoverApprovePermission,
  ackOneFailoverOverridePermission,
  ackOneFailoverRequestPermission,
} from '@internal/plugin-ack-one-common';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { AckOnePermissionPolicy } from './AckOnePermissionPolicy';
import { readPolicyConfig } from './config';

function user(ref: string, groups: string[] = []): PolicyQueryUser {
  return {
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
    identity: {
      type: 'user',
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...groups],
    },
    token: 'token',
    credentials: {} as any,
  } as PolicyQueryUser;
}

const perm = (name: string, action?: 'read' | 'create' | 'update' | 'delete') =>
  createPermission({ name, attributes: action ? { action } : {} });
const entityPerm = (name: string, action: 'read' | 'update' | 'delete') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: 'catalog-entity',
  });

function policy(data: object = {}) {
  return new AckOnePermissionPolicy(
    readPolicyConfig(new ConfigReader({ ackOne: { permissionPolicy: data } })),
  );
}

const alice = user('user:default/alice', ['group:default/team-a']);
const root = user('user:default/root', ['group:default/platform-admins']);

async function decide(
  p: AckOnePermissionPolicy,
  permission: Permission,
  u?: PolicyQueryUser,
) {
  return p.handle({ permission }, u);
}

describe('AckOnePermissionPolicy', () => {
  it('refuses the Kubernetes proxy to everyone but admins and the configured proxy users', async () => {
    const p = policy({
      admins: ['platform-admins'],
      kubernetesProxy: ['user:default/bob'],
    });
    expect((await decide(p, kubernetesProxyPermission, alice)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await decide(p, kubernetesProxyPermission, root)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(
      (await decide(p, kubernetesProxyPermission, user('user:default/bob')))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await decide(policy(), kubernetesProxyPermission, root)).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('lets signed-in users read the catalog, DR status and cluster health, and nobody without an identity', async () => {
    const p = policy();
    for (const permission of [
      entityPerm('catalog.entity.read', 'read'),
      ackOneDrStatusReadPermission,
      ackOneClusterHealthReadPermission,
      perm('kubernetes.resources.read', 'read'),
      perm('catalog.entity.validate', 'create'),
    ]) {
      expect((await decide(p, permission, alice)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await decide(p, permission, undefined)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('gives failover decisions to the owners of the entity, as a catalog condition', async () => {
    const p = policy();
    for (const permission of [
      ackOneFailoverRequestPermission,
      ackOneFailoverApprovePermission,
      ackOneFailoverOverridePermission,
    ]) {
      const d = await decide(p, permission, alice);
      expect(d).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/alice', 'group:default/team-a'] },
        },
      });
    }
  });

  it('denies writes nothing allows: registration and templates by default, unknown permissions always', async () => {
    const p = policy();
    for (const name of [
      'catalog.location.create',
      'catalog.location.delete',
      'catalog.entity.create',
      'scaffolder.task.create',
      'scaffolder.action.execute',
      'some-plugin.thing.delete',
    ]) {
      expect((await decide(p, perm(name, 'create'), alice)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
    const open = policy({
      catalogRegistration: 'signed-in',
      scaffolder: 'signed-in',
    });
    for (const name of ['catalog.location.create', 'scaffolder.task.create']) {
      expect((await decide(open, perm(name, 'create'), alice)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
    expect(
      (await decide(open, perm('some-plugin.thing.delete', 'delete'), alice))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('lets owners refresh and unregister their own entities only', async () => {
    const d = await decide(
      policy(),
      entityPerm('catalog.entity.delete', 'delete'),
      alice,
    );
    expect(d.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('names the bad setting when the configuration is wrong', () => {
    expect(() => policy({ scaffolder: 'everyone' })).toThrow(
      'ackOne.permissionPolicy.scaffolder is "everyone"; it must be one of admins, signed-in',
    );
    expect(() => policy({ admins: ['group:'] })).toThrow(
      'ackOne.permissionPolicy.admins[0] is "group:", which is not an entity ref',
    );
  });
});
