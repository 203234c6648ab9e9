import {
  atomicList,
  int64,
  keyedList,
  mapOf,
  named,
  open,
  setList,
  str,
  bool,
  struct,
  time,
  describe,
} from './types';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const ownerReference = named(
  `${META}.OwnerReference`,
  struct(
    {
      apiVersion: str('API version of the referent.'),
      blockOwnerDeletion: bool(),
      controller: bool('If true, this reference points to the managing controller.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
    },
    {
      description:
        'OwnerReference contains enough information to let you identify an owning object.',
      required: ['apiVersion', 'kind', 'name', 'uid'],
      atomic: true,
    },
  ),
);

export const objectMeta = named(
  `${META}.ObjectMeta`,
  struct(
    {
      annotations: mapOf(
        str(),
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
      ),
      creationTimestamp: time(
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
      deletionGracePeriodSeconds: int64(),
      deletionTimestamp: time(),
      finalizers: setList(
        str(),
        'Must be empty before the object is deleted from the registry.',
      ),
      generateName: str(
        'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
      ),
      generation: int64(
        'A sequence number representing a specific generation of the desired state.',
      ),
      labels: mapOf(
        str(),
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
      ),
      managedFields: atomicList(
        open(),
        'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
      ),
      name: str('Name must be unique within a namespace.'),
      namespace: str(
        'Namespace defines the space within which each name must be unique.',
      ),
      ownerReferences: keyedList(ownerReference, ['uid'], {
        description:
          'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      }),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed.',
      ),
      selfLink: str(),
      uid: str('UID is the unique in time and space value for this object.'),
    },
    {
      description:
        'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    },
  ),
);

export const labelSelector = named(
  `${META}.LabelSelector`,
  struct(
    {
      matchExpressions: atomicList(
        struct({
          key: str(),
          operator: str(),
          values: atomicList(str()),
        }),
        'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
      ),
      matchLabels: mapOf(
        str(),
        'matchLabels is a map of {key,value} pairs.',
      ),
    },
    {
      description:
        'A label selector is a label query over a set of resources.',
      atomic: true,
    },
  ),
);

export const metadataField = describe(
  objectMeta,
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
);

export const apiVersionField = str(
  'APIVersion defines the versioned schema of this representation of an object.',
);
export const kindField = str(
  'Kind is a string value representing the REST resource this object represents.',
);

/** `apiVersion`, `kind`, `metadata`: the fields every object has. */
export function objectFields() {
  return {
    apiVersion: apiVersionField,
    kind: kindField,
    metadata: metadataField,
  };
}

/** Status of any kind: read-only for clients, not modelled field by field. */
export const statusField = open(
  'Most recently observed status. Populated by the system. Read-only.',
);
