import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  ackOneFailoverApprovePermission,
  ackOneFailoverOverridePermission,
  ackOneFailoverRequestPermission,
} from '@internal/plugin-ack-one-common';
import useAsync from 'react-use/esm/useAsync';

/** What the signed-in user may do with the failovers of a service. */
export interface FailoverAccess {
  loading: boolean;
  /** The user's entity ref, e.g. `user:default/alice`. */
  userEntityRef?: string;
  canRequest: boolean;
  canApprove: boolean;
  canOverride: boolean;
}

/**
 * The signed-in user and their failover permissions on the service entity
 * (resource permissions: a policy may grant them to the owners only).
 * Anything that cannot be decided counts as not allowed; the backend
 * enforces the same permissions on every call.
 */
export function useFailoverAccess(entityRef: string): FailoverAccess {
  const permissionApi = useApi(permissionApiRef);
  const identityApi = useApi(identityApiRef);

  const { value, loading } = useAsync(async () => {
    const allowed = async (
      permission:
        | typeof ackOneFailoverRequestPermission
        | typeof ackOneFailoverApprovePermission
        | typeof ackOneFailoverOverridePermission,
    ) => {
      try {
        const { result } = await permissionApi.authorize({
          permission,
          resourceRef: entityRef,
        });
        return (result as string) === 'ALLOW';
      } catch {
        return false;
      }
    };
    const [canRequest, canApprove, canOverride, identity] = await Promise.all([
      allowed(ackOneFailoverRequestPermission),
      allowed(ackOneFailoverApprovePermission),
      allowed(ackOneFailoverOverridePermission),
      identityApi.getBackstageIdentity().catch(() => undefined),
    ]);
    return {
      canRequest,
      canApprove,
      canOverride,
      userEntityRef: identity?.userEntityRef,
    };
  }, [permissionApi, identityApi, entityRef]);

  return {
    loading,
    userEntityRef: value?.userEntityRef,
    canRequest: value?.canRequest ?? false,
    canApprove: value?.canApprove ?? false,
    canOverride: value?.canOverride ?? false,
  };
}
