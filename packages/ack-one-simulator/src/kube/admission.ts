import { errors } from './status';
import type { ResourceType } from './resources';

let ipCounter = 0;

/**
 * Admission of a write: the defaults the API server fills in and a little
 * of its validation (selectors, containers, immutable fields), per kind.
 */
export function admit(
  t: ResourceType,
  obj: any,
  prev: any | undefined,
  serviceCidrPrefix = '192.168',
) {
  checkLabels(t, obj.metadata);
  switch (t.kind) {
    case 'Namespace':
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': obj.metadata.name,
      };
      obj.spec = obj.spec ?? { finalizers: ['kubernetes'] };
      obj.status = obj.status ?? { phase: 'Active' };
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      admitWorkload(t, obj, prev);
      break;
    case 'Service':
      admitService(obj, prev, serviceCidrPrefix);
      break;
    case 'Secret':
      if (obj.stringData) {
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData))
          obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      obj.type = obj.type ?? 'Opaque';
      break;
    case 'Pod':
      obj.spec = obj.spec ?? {};
      if (!nonEmptyList(obj.spec.containers))
        throw invalid(t, obj, 'spec.containers: Required value');
      obj.status = obj.status ?? {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
      };
      break;
    case 'Ingress':
      obj.status = obj.status ?? { loadBalancer: {} };
      break;
    case 'CustomResourceDefinition':
      admitCrd(t, obj);
      break;
    default:
      break;
  }
}

function invalid(t: ResourceType, obj: any, message: string) {
  return errors.invalid(t.kind, obj.metadata?.name ?? '', message);
}

function nonEmptyList(v: unknown) {
  return Array.isArray(v) && v.length > 0;
}

function checkLabels(t: ResourceType, md: any) {
  for (const [k, v] of Object.entries(md.labels ?? {})) {
    if (typeof v !== 'string') {
      throw errors.invalid(
        t.kind,
        md.name,
        `metadata.labels: Invalid value: label "${k}" must be a string`,
      );
    }
  }
}

function admitWorkload(t: ResourceType, obj: any, prev: any) {
  obj.spec = obj.spec ?? {};
  if (obj.spec.replicas === undefined) obj.spec.replicas = 1;
  if (typeof obj.spec.replicas !== 'number' || obj.spec.replicas < 0) {
    throw invalid(
      t,
      obj,
      'spec.replicas: Invalid value: must be greater than or equal to 0',
    );
  }
  const sel = obj.spec.selector;
  if (!sel || (!sel.matchLabels && !sel.matchExpressions))
    throw invalid(t, obj, 'spec.selector: Required value');
  const tl = obj.spec.template?.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (tl[k] !== v) {
      throw invalid(
        t,
        obj,
        'spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`',
      );
    }
  }
  if (!nonEmptyList(obj.spec.template?.spec?.containers))
    throw invalid(t, obj, 'spec.template.spec.containers: Required value');
  if (prev && JSON.stringify(prev.spec?.selector) !== JSON.stringify(sel))
    throw invalid(t, obj, 'spec.selector: Invalid value: field is immutable');
  if (t.kind === 'Deployment') defaultDeployment(obj.spec);
}

function defaultDeployment(spec: any) {
  const strategy = { ...(spec.strategy ?? {}) };
  strategy.type = strategy.type ?? 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate = {
      maxUnavailable: '25%',
      maxSurge: '25%',
      ...(strategy.rollingUpdate ?? {}),
    };
  }
  spec.strategy = strategy;
  spec.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
  spec.progressDeadlineSeconds = spec.progressDeadlineSeconds ?? 600;
}

function admitService(obj: any, prev: any, serviceCidrPrefix: string) {
  obj.spec = obj.spec ?? {};
  obj.spec.type = obj.spec.type ?? 'ClusterIP';
  obj.spec.sessionAffinity = obj.spec.sessionAffinity ?? 'None';
  if (prev?.spec?.clusterIP) {
    obj.spec.clusterIP = prev.spec.clusterIP;
    obj.spec.clusterIPs = prev.spec.clusterIPs;
  } else if (!obj.spec.clusterIP) {
    ipCounter++;
    const ip = `${serviceCidrPrefix}.${(ipCounter >> 8) & 255}.${
      ipCounter & 255
    }`;
    obj.spec.clusterIP = ip;
    obj.spec.clusterIPs = [ip];
  }
  obj.spec.ipFamilies = obj.spec.ipFamilies ?? ['IPv4'];
  obj.spec.ipFamilyPolicy = obj.spec.ipFamilyPolicy ?? 'SingleStack';
  obj.spec.ports = (obj.spec.ports ?? []).map((p: any) => ({
    protocol: 'TCP',
    ...p,
    targetPort: p.targetPort ?? p.port,
  }));
  obj.status = obj.status ?? { loadBalancer: {} };
}

function admitCrd(t: ResourceType, obj: any) {
  const s = obj.spec ?? {};
  if (
    !s.group ||
    !s.names?.plural ||
    !s.names?.kind ||
    !nonEmptyList(s.versions)
  ) {
    throw invalid(
      t,
      obj,
      'spec: group, names.plural, names.kind and versions are required',
    );
  }
  if (obj.metadata.name !== `${s.names.plural}.${s.group}`) {
    throw invalid(
      t,
      obj,
      `metadata.name: Invalid value: must be spec.names.plural+"."+spec.group`,
    );
  }
}
