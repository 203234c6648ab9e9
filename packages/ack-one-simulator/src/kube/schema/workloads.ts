import { labelSelector, objectFields, statusField } from './meta';
import { podTemplateSpec } from './pod';
import {
  atomicList,
  bool,
  describe,
  int,
  intOrString,
  named,
  open,
  str,
  struct,
} from './types';

const APPS = 'io.k8s.api.apps.v1';

const selector = describe(
  labelSelector,
  'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.',
);
const template = describe(
  podTemplateSpec,
  'Template describes the pods that will be created.',
);
const replicas = int(
  'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
);
const minReadySeconds = int(
  'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.',
);
const revisionHistoryLimit = int(
  'The number of old ReplicaSets to retain to allow rollback. Defaults to 10.',
);

const rollingUpdate = struct(
  {
    maxSurge: intOrString(
      'The maximum number of pods that can be scheduled above the desired number of pods.',
    ),
    maxUnavailable: intOrString(
      'The maximum number of pods that can be unavailable during the update.',
    ),
  },
  { description: 'Rolling update config params.' },
);

const deploymentSpec = named(
  `${APPS}.DeploymentSpec`,
  struct(
    {
      minReadySeconds,
      paused: bool('Indicates that the deployment is paused.'),
      progressDeadlineSeconds: int(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed.',
      ),
      replicas,
      revisionHistoryLimit,
      selector,
      strategy: struct(
        {
          rollingUpdate,
          type: str('Type of deployment. Can be "Recreate" or "RollingUpdate".', [
            'Recreate',
            'RollingUpdate',
          ]),
        },
        {
          description:
            'The deployment strategy to use to replace existing pods with new ones.',
        },
      ),
      template,
    },
    {
      description:
        'DeploymentSpec is the specification of the desired behavior of the Deployment.',
      required: ['selector', 'template'],
    },
  ),
);

named(
  `${APPS}.Deployment`,
  struct(
    {
      ...objectFields(),
      spec: describe(
        deploymentSpec,
        'Specification of the desired behavior of the Deployment.',
      ),
      status: statusField,
    },
    { description: 'Deployment enables declarative updates for Pods and ReplicaSets.' },
  ),
  [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
);

const replicaSetSpec = named(
  `${APPS}.ReplicaSetSpec`,
  struct(
    { minReadySeconds, replicas, selector, template },
    {
      description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
      required: ['selector'],
    },
  ),
);

named(
  `${APPS}.ReplicaSet`,
  struct(
    {
      ...objectFields(),
      spec: describe(
        replicaSetSpec,
        'Spec defines the specification of the desired behavior of the ReplicaSet.',
      ),
      status: statusField,
    },
    {
      description:
        'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    },
  ),
  [{ group: 'apps', version: 'v1', kind: 'ReplicaSet' }],
);

const statefulSetSpec = named(
  `${APPS}.StatefulSetSpec`,
  struct(
    {
      minReadySeconds,
      ordinals: open(),
      persistentVolumeClaimRetentionPolicy: open(),
      podManagementPolicy: str(),
      replicas,
      revisionHistoryLimit,
      selector,
      serviceName: str(
        'serviceName is the name of the service that governs this StatefulSet.',
      ),
      template,
      updateStrategy: open(),
      volumeClaimTemplates: atomicList(open()),
    },
    {
      description: 'A StatefulSetSpec is the specification of a StatefulSet.',
      required: ['selector', 'template'],
    },
  ),
);

named(
  `${APPS}.StatefulSet`,
  struct(
    {
      ...objectFields(),
      spec: describe(
        statefulSetSpec,
        'Spec defines the desired identities of pods in this set.',
      ),
      status: statusField,
    },
    {
      description:
        'StatefulSet represents a set of pods with consistent identities.',
    },
  ),
  [{ group: 'apps', version: 'v1', kind: 'StatefulSet' }],
);

named(
  `${APPS}.DaemonSet`,
  struct(
    {
      ...objectFields(),
      spec: struct(
        {
          minReadySeconds,
          revisionHistoryLimit,
          selector,
          template,
          updateStrategy: open(),
        },
        {
          description:
            'The desired behavior of this daemon set.',
          required: ['selector', 'template'],
        },
      ),
      status: statusField,
    },
    {
      description:
        'DaemonSet represents the configuration of a daemon set.',
    },
  ),
  [{ group: 'apps', version: 'v1', kind: 'DaemonSet' }],
);

named(
  'io.k8s.api.batch.v1.Job',
  struct(
    {
      ...objectFields(),
      spec: open('Specification of the desired behavior of a job.'),
      status: statusField,
    },
    { description: 'Job represents the configuration of a single job.' },
  ),
  [{ group: 'batch', version: 'v1', kind: 'Job' }],
);

named(
  'io.k8s.api.batch.v1.CronJob',
  struct(
    {
      ...objectFields(),
      spec: open('Specification of the desired behavior of a cron job.'),
      status: statusField,
    },
    { description: 'CronJob represents the configuration of a single cron job.' },
  ),
  [{ group: 'batch', version: 'v1', kind: 'CronJob' }],
);

named(
  'io.k8s.api.policy.v1.PodDisruptionBudget',
  struct(
    {
      ...objectFields(),
      spec: struct(
        {
          maxUnavailable: intOrString(),
          minAvailable: intOrString(),
          selector: describe(labelSelector, 'Label query over pods whose evictions are managed by the disruption budget.'),
          unhealthyPodEvictionPolicy: str(),
        },
        { description: 'Specification of the desired behavior of the PodDisruptionBudget.' },
      ),
      status: statusField,
    },
    {
      description:
        'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
    },
  ),
  [{ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }],
);

const hpaSpec = named(
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec',
  struct(
    {
      behavior: open('behavior configures the scaling behavior of the target in both Up and Down directions.'),
      maxReplicas: int(
        'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
      ),
      metrics: atomicList(
        open(),
        'metrics contains the specifications for which to use to calculate the desired replica count.',
      ),
      minReplicas: int(
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
      ),
      scaleTargetRef: struct(
        {
          apiVersion: str('apiVersion is the API version of the referent'),
          kind: str('kind is the kind of the referent'),
          name: str('name is the name of the referent'),
        },
        {
          description:
            'scaleTargetRef points to the target resource to scale.',
          required: ['kind', 'name'],
        },
      ),
    },
    {
      description:
        'HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.',
      required: ['scaleTargetRef', 'maxReplicas'],
    },
  ),
);

named(
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  struct(
    {
      ...objectFields(),
      spec: describe(hpaSpec, 'spec is the specification for the behaviour of the autoscaler.'),
      status: statusField,
    },
    {
      description:
        'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.',
    },
  ),
  [{ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }],
);
