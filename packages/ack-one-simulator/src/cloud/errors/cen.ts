import { ApiError, err, notFound } from './common';

// ---- CEN ---------------------------------------------------------------------

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export const cenNotFound = (cenId: string) =>
  notFound('ParameterCenInstanceId', `CEN instance ${cenId}`);

/** UNVERIFIED (the documentation could not confirm the code): an operation on a CEN that is not Active. */
export function cenNotActive(cenId: string, status: string): ApiError {
  return err(
    400,
    'Operation.Blocking',
    `The CEN instance ${cenId} is ${status}; wait until it is Active.`,
  );
}

/** UNVERIFIED: the code used by the simulator; the documentation could not confirm it. */
export function childInstanceNotFound(id: string, region: string) {
  return err(
    404,
    'ParameterInstanceId',
    `The specified child instance ${id} does not exist in ${region}.`,
  );
}

/** Documented for AttachCenChildInstance (409). */
export function childAlreadyAttached(id: string, cenId: string): ApiError {
  return err(
    409,
    'InvalidOperation.ChildInstanceAlreadyAttached',
    `The child instance ${id} is already attached to ${cenId}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): DetachCenChildInstance of an instance that is not attached. */
export function childNotAttached(id: string, cenId: string): ApiError {
  return err(
    400,
    'InvalidOperation.ChildInstanceNotAttached',
    `The child instance ${id} is not attached to ${cenId}.`,
  );
}

/**
 * A call of one transit router edition in a region of the other (e.g.
 * AttachCenChildInstance in an Enterprise Edition region). The rule follows
 * the documentation ("The transit router must be a Basic Edition transit
 * router"); UNVERIFIED: the code is a guess.
 */
export function wrongEdition(
  action: string,
  regionId: string,
  edition: string,
  use: string,
): ApiError {
  return err(
    400,
    'OperationUnsupported.TransitRouterType',
    `${action} is not supported in ${regionId}, whose transit router is ${edition} Edition: ${use}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): DeleteCen while something is still attached. */
export function cenNotEmpty(cenId: string, what: string): ApiError {
  return err(
    400,
    'DependencyViolation.CenInstance',
    `The CEN instance ${cenId} still has ${what}; remove it first.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code). */
export const transitRouterNotFound = (id: string) =>
  notFound('InvalidTransitRouterId.NotFound', `transit router ${id}`);

/** UNVERIFIED (the documentation could not confirm the code): a second transit router for one CEN in one region (documented rule). */
export function transitRouterExists(
  cenId: string,
  regionId: string,
  id: string,
) {
  return err(
    400,
    'OperationFailed.TransitRouterExist',
    `CEN ${cenId} already has transit router ${id} in ${regionId}; one per region.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): an operation on something still in a transient state. */
export function incorrectStatus(what: string, id: string, status: string) {
  return err(
    400,
    `IncorrectStatus.${what}`,
    `The ${what} ${id} is ${status}; wait until it is ready.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code). */
export const trAttachmentNotFound = (id: string) =>
  notFound(
    'InvalidTransitRouterAttachmentId.NotFound',
    `transit router attachment ${id}`,
  );

/** UNVERIFIED (the documentation could not confirm the code). */
export const trRouteTableNotFound = (id: string) =>
  notFound(
    'InvalidTransitRouterRouteTableId.NotFound',
    `transit router route table ${id}`,
  );

/** Documented in the CEN public error codes. */
export function associationExists(attachmentId: string, tableId: string) {
  return err(
    400,
    'AssociationExist.TransitRouterTable',
    `The specified association already exists: ${attachmentId} is associated with ${tableId} (an attachment has one associated route table).`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): the same propagation twice. */
export function propagationExists(attachmentId: string, tableId: string) {
  return err(
    400,
    'PropagationExist.TransitRouterTable',
    `Route learning from ${attachmentId} to ${tableId} is already enabled.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): dissociating or disabling what does not exist. */
export function linkNotFound(
  kind: string,
  attachmentId: string,
  tableId: string,
) {
  return err(
    404,
    `${kind}NotExist.TransitRouterTable`,
    `There is no ${kind.toLowerCase()} of ${attachmentId} with ${tableId}.`,
  );
}

/**
 * Deleting an attachment that is still associated. The code is the one the
 * real service answers (seen in a DeleteTransitRouterVpcAttachment error).
 */
export function attachmentStillAssociated(id: string): ApiError {
  return err(
    400,
    'OperationFailed.RouteTableAssociationExist',
    `Operation failed because TransitRouterRouteTable exists: dissociate ${id} from its route table first.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): deleting an attachment that still propagates routes. */
export function attachmentStillPropagating(id: string): ApiError {
  return err(
    400,
    'OperationFailed.RouteTablePropagationExist',
    `Operation failed because route learning is enabled: disable the propagations of ${id} first.`,
  );
}

/** Documented for DetachCenChildInstance; used for VPC attachments as well (the prerequisite is documented). */
export function attachmentReferencedByRoute(id: string): ApiError {
  return err(
    400,
    'OperationFailed.AttachmentReferencedVpcRouteEntryExisted',
    `Operation is failed because there is at least one route entry which next hop is the specified attachment ${id}.`,
  );
}

/** UNVERIFIED (the documentation could not confirm the code): transit router or route table still in use. */
export function dependencyViolation(what: string, id: string, by: string) {
  return err(
    400,
    `DependencyViolation.${what}`,
    `The ${what} ${id} still has ${by}; remove it first.`,
  );
}
