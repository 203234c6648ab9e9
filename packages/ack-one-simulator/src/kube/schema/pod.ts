import { metadataField, objectFields, statusField } from './meta';
import {
  atomicList,
  bool,
  int,
  int64,
  keyedList,
  mapOf,
  named,
  open,
  quantity,
  str,
  struct,
  describe,
} from './types';

const CORE = 'io.k8s.api.core.v1';

const containerPort = named(
  `${CORE}.ContainerPort`,
  struct(
    {
      containerPort: int(
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
      ),
      hostIP: str('What host IP to bind the external port to.'),
      hostPort: int('Number of port to expose on the host.'),
      name: str(
        'If specified, this must be an IANA_SVC_NAME and unique within the pod.',
      ),
      protocol: str('Protocol for port. Defaults to "TCP".', [
        'SCTP',
        'TCP',
        'UDP',
      ]),
    },
    {
      description:
        'ContainerPort represents a network port in a single container.',
      required: ['containerPort'],
    },
  ),
);

const envVar = named(
  `${CORE}.EnvVar`,
  struct(
    {
      name: str('Name of the environment variable.'),
      value: str('Variable references $(VAR_NAME) are expanded.'),
      valueFrom: open("Source for the environment variable's value."),
    },
    {
      description:
        'EnvVar represents an environment variable present in a Container.',
      required: ['name'],
    },
  ),
);

const volumeMount = named(
  `${CORE}.VolumeMount`,
  struct(
    {
      mountPath: str(
        'Path within the container at which the volume should be mounted.',
      ),
      mountPropagation: str(),
      name: str('This must match the Name of a Volume.'),
      readOnly: bool(),
      recursiveReadOnly: str(),
      subPath: str(),
      subPathExpr: str(),
    },
    {
      description:
        'VolumeMount describes a mounting of a Volume within a container.',
      required: ['name', 'mountPath'],
    },
  ),
);

const resources = named(
  `${CORE}.ResourceRequirements`,
  struct(
    {
      claims: atomicList(open()),
      limits: mapOf(
        quantity(),
        'Limits describes the maximum amount of compute resources allowed.',
      ),
      requests: mapOf(
        quantity(),
        'Requests describes the minimum amount of compute resources required.',
      ),
    },
    {
      description:
        'ResourceRequirements describes the compute resource requirements.',
    },
  ),
);

const container = named(
  `${CORE}.Container`,
  struct(
    {
      args: atomicList(str(), 'Arguments to the entrypoint.'),
      command: atomicList(str(), 'Entrypoint array. Not executed within a shell.'),
      env: keyedList(envVar, ['name'], {
        description: 'List of environment variables to set in the container.',
      }),
      envFrom: atomicList(open()),
      image: str('Container image name.'),
      imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent.', [
        'Always',
        'IfNotPresent',
        'Never',
      ]),
      lifecycle: open(),
      livenessProbe: open('Periodic probe of container liveness.'),
      name: str(
        'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL).',
      ),
      ports: keyedList(containerPort, ['containerPort', 'protocol'], {
        description: 'List of ports to expose from the container.',
        keyDefaults: { protocol: 'TCP' },
        mergeKey: 'containerPort',
      }),
      readinessProbe: open('Periodic probe of container service readiness.'),
      resizePolicy: atomicList(open()),
      resources: describe(
        resources,
        'Compute Resources required by this container.',
      ),
      restartPolicy: str(),
      securityContext: open(),
      startupProbe: open(),
      stdin: bool(),
      stdinOnce: bool(),
      terminationMessagePath: str(),
      terminationMessagePolicy: str(),
      tty: bool(),
      volumeDevices: keyedList(open(), ['devicePath']),
      volumeMounts: keyedList(volumeMount, ['mountPath'], {
        description: "Pod volumes to mount into the container's filesystem.",
      }),
      workingDir: str(),
    },
    {
      description:
        'A single application container that you want to run within a pod.',
      required: ['name'],
    },
  ),
);

const volume = named(
  `${CORE}.Volume`,
  struct(
    { name: str("name of the volume. Must be a DNS_LABEL and unique within the pod.") },
    {
      description:
        'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
      required: ['name'],
      open: true,
    },
  ),
);

export const podSpec = named(
  `${CORE}.PodSpec`,
  struct(
    {
      activeDeadlineSeconds: int64(),
      affinity: open("If specified, the pod's scheduling constraints"),
      automountServiceAccountToken: bool(),
      containers: keyedList(container, ['name'], {
        description:
          'List of containers belonging to the pod. There must be at least one container in a Pod.',
      }),
      dnsConfig: open(),
      dnsPolicy: str('Set DNS policy for the pod. Defaults to "ClusterFirst".'),
      enableServiceLinks: bool(),
      ephemeralContainers: keyedList(open(), ['name']),
      hostAliases: keyedList(open(), ['ip']),
      hostIPC: bool(),
      hostNetwork: bool(),
      hostPID: bool(),
      hostUsers: bool(),
      hostname: str(),
      imagePullSecrets: keyedList(struct({ name: str() }), ['name']),
      initContainers: keyedList(container, ['name'], {
        description: 'List of initialization containers belonging to the pod.',
      }),
      nodeName: str(
        'NodeName indicates in which node this pod is scheduled.',
      ),
      nodeSelector: mapOf(
        str(),
        "NodeSelector is a selector which must be true for the pod to fit on a node.",
        true,
      ),
      os: open(),
      overhead: mapOf(quantity()),
      preemptionPolicy: str(),
      priority: int(),
      priorityClassName: str(),
      readinessGates: atomicList(open()),
      resourceClaims: keyedList(open(), ['name']),
      resources: open(),
      restartPolicy: str('Restart policy for all containers within the pod.', [
        'Always',
        'Never',
        'OnFailure',
      ]),
      runtimeClassName: str(),
      schedulerName: str(),
      schedulingGates: keyedList(open(), ['name']),
      securityContext: open(),
      serviceAccount: str(),
      serviceAccountName: str(
        'ServiceAccountName is the name of the ServiceAccount to use to run this pod.',
      ),
      setHostnameAsFQDN: bool(),
      shareProcessNamespace: bool(),
      subdomain: str(),
      terminationGracePeriodSeconds: int64(),
      tolerations: atomicList(open(), "If specified, the pod's tolerations."),
      topologySpreadConstraints: keyedList(
        open(),
        ['topologyKey', 'whenUnsatisfiable'],
      ),
      volumes: keyedList(volume, ['name'], {
        description:
          'List of volumes that can be mounted by containers belonging to the pod.',
      }),
    },
    {
      description: 'PodSpec is a description of a pod.',
      required: ['containers'],
    },
  ),
);

export const podTemplateSpec = named(
  `${CORE}.PodTemplateSpec`,
  struct(
    {
      metadata: metadataField,
      spec: describe(
        podSpec,
        'Specification of the desired behavior of the pod.',
      ),
    },
    {
      description:
        'PodTemplateSpec describes the data a pod should have when created from a template',
    },
  ),
);

export const pod = named(
  `${CORE}.Pod`,
  struct(
    {
      ...objectFields(),
      spec: describe(podSpec, 'Specification of the desired behavior of the pod.'),
      status: statusField,
    },
    {
      description:
        'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    },
  ),
  [{ group: '', version: 'v1', kind: 'Pod' }],
);
