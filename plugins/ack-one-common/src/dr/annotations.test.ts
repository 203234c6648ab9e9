import {
  isDrEnabled,
  parseClusterRoles,
  parseDrAnnotations,
  parseDuration,
  parseMinStandbyCapacity,
} from './annotations';
import {
  equalityOf,
  matchesLabelSelector,
  parseLabelSelector,
} from './selector';

const entity = (annotations: Record<string, string>) => ({
  metadata: { annotations },
});

const base = {
  'backstage.io/kubernetes-id': 'orders',
  'ack-one/fleet': 'ackone-fleet',
};

describe('DR opt-in annotations', () => {
  it('opts in on the fleet annotation only', () => {
    expect(isDrEnabled(entity(base))).toBe(true);
    expect(isDrEnabled(entity({ 'ack-one/fleet': '  ' }))).toBe(false);
    expect(isDrEnabled({ metadata: {} })).toBe(false);
  });

  it('reads a complete primary-standby policy', () => {
    const { policy, problems } = parseDrAnnotations(
      entity({
        ...base,
        'backstage.io/kubernetes-namespace': 'orders',
        'ack-one/cluster-roles': 'idc-k8s=primary, ack-hangzhou=standby',
        'ack-one/min-standby-capacity': '50%',
        'ack-one/rto': '5m',
      }),
    );
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      fleet: 'ackone-fleet',
      mode: 'primary-standby',
      roles: { 'idc-k8s': 'primary', 'ack-hangzhou': 'standby' },
      minStandbyCapacity: 50,
      rtoSeconds: 300,
      rto: '5m',
      selector: {
        labelSelector: 'backstage.io/kubernetes-id=orders',
        namespace: 'orders',
      },
    });
  });

  it('defaults to active-active at 100% with a warning when roles are not set', () => {
    const { policy, problems } = parseDrAnnotations(entity(base));
    expect(policy).toMatchObject({
      mode: 'active-active',
      minStandbyCapacity: 100,
    });
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        annotation: 'ack-one/cluster-roles',
      }),
    ]);
  });

  it('prefers the label selector over the id', () => {
    const { policy } = parseDrAnnotations(
      entity({
        ...base,
        'backstage.io/kubernetes-label-selector':
          'app in (orders,orders-worker),tier!=db',
        'ack-one/cluster-roles': 'active-active',
      }),
    );
    expect(policy?.selector.labelSelector).toBe(
      'app in (orders,orders-worker),tier!=db',
    );
  });

  it.each([
    [
      { 'ack-one/fleet': 'ackone-fleet' },
      'backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector is missing',
    ],
    [{ ...base, 'ack-one/fleet': 'fleet with spaces' }, 'is not a Fleet name'],
    [
      { ...base, 'backstage.io/kubernetes-id': 'a b' },
      'cannot be a label value',
    ],
    [
      { ...base, 'backstage.io/kubernetes-label-selector': 'app in ()' },
      'needs a list of values',
    ],
    [
      { ...base, 'backstage.io/kubernetes-label-selector': 'a=b=c' },
      'is not a label selector term',
    ],
    [
      { ...base, 'backstage.io/kubernetes-namespace': 'Orders_NS' },
      'is not a Kubernetes namespace name',
    ],
    [
      { ...base, 'ack-one/cluster-roles': 'idc-k8s=leader' },
      'the role "leader"',
    ],
    [{ ...base, 'ack-one/cluster-roles': 'idc-k8s' }, 'not "<cluster>=<role>"'],
    [
      { ...base, 'ack-one/cluster-roles': 'a=standby,b=standby' },
      'names no primary',
    ],
    [{ ...base, 'ack-one/cluster-roles': 'a=primary' }, 'names no standby'],
    [
      { ...base, 'ack-one/cluster-roles': 'a=primary,a=standby' },
      'names cluster "a" twice',
    ],
    [
      { ...base, 'ack-one/cluster-roles': 'a=primary,b=active' },
      'mixes "active"',
    ],
    [{ ...base, 'ack-one/cluster-roles': '' }, 'is empty'],
    [{ ...base, 'ack-one/min-standby-capacity': '0' }, 'between 1 and 100'],
    [{ ...base, 'ack-one/min-standby-capacity': '101' }, 'between 1 and 100'],
    [{ ...base, 'ack-one/min-standby-capacity': 'half' }, 'between 1 and 100'],
    [{ ...base, 'ack-one/min-standby-capacity': '50.5' }, 'between 1 and 100'],
    [{ ...base, 'ack-one/rto': '5 minutes' }, 'write a duration'],
    [{ ...base, 'ack-one/rto': '0s' }, 'write a duration'],
    [{ ...base, 'ack-one/rto': 'PT' }, 'write a duration'],
  ])('reports %j as an error naming the annotation', (annotations, text) => {
    const { policy, problems } = parseDrAnnotations(entity(annotations));
    expect(policy).toBeUndefined();
    const errors = problems.filter(p => p.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map(e => e.message).join('\n')).toContain(text);
    for (const e of errors) expect(e.message).toContain(e.annotation!);
  });

  it('collects every problem at once', () => {
    const { problems } = parseDrAnnotations(
      entity({
        'ack-one/fleet': 'ackone-fleet',
        'ack-one/cluster-roles': 'x=boss',
        'ack-one/min-standby-capacity': '500',
        'ack-one/rto': 'never',
      }),
    );
    expect(problems.map(p => p.annotation).sort()).toEqual([
      'ack-one/cluster-roles',
      'ack-one/min-standby-capacity',
      'ack-one/rto',
      'backstage.io/kubernetes-id',
    ]);
  });

  it('parses durations in short and ISO forms', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d')).toBe(86400);
    expect(parseDuration('PT5M')).toBe(300);
    expect(parseDuration('PT1H30M')).toBe(5400);
    expect(parseDuration('P1D')).toBe(86400);
    for (const bad of ['', '5', 'm5', '5 m', 'PT', 'P', 'five minutes'])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it('parses roles and capacities', () => {
    expect(parseClusterRoles('Active-Active')).toEqual({
      mode: 'active-active',
      roles: {},
    });
    expect(parseClusterRoles('a=active,b=active').mode).toBe('active-active');
    expect(
      parseClusterRoles('c0123abc=PRIMARY,resource:default/ack=standby').roles,
    ).toEqual({
      c0123abc: 'primary',
      'resource:default/ack': 'standby',
    });
    expect(parseMinStandbyCapacity(' 75 % ')).toBe(75);
    expect(parseMinStandbyCapacity('100')).toBe(100);
  });
});

describe('label selectors', () => {
  it('parses equality, set and existence terms and matches labels', () => {
    const s = parseLabelSelector(
      'app=web, tier in (front, edge), env notin (dev), !legacy, team, v!=2',
    );
    expect(s.requirements).toHaveLength(6);
    const ok = { app: 'web', tier: 'edge', env: 'prod', team: 'a', v: '1' };
    expect(matchesLabelSelector(s, ok)).toBe(true);
    expect(matchesLabelSelector(s, { ...ok, app: 'api' })).toBe(false);
    expect(matchesLabelSelector(s, { ...ok, tier: 'back' })).toBe(false);
    expect(matchesLabelSelector(s, { ...ok, env: 'dev' })).toBe(false);
    expect(matchesLabelSelector(s, { ...ok, legacy: 'true' })).toBe(false);
    const { team: _t, ...noTeam } = ok;
    expect(matchesLabelSelector(s, noTeam)).toBe(false);
    expect(matchesLabelSelector(s, { ...ok, v: '2' })).toBe(false);
    expect(matchesLabelSelector(s, undefined)).toBe(false);
  });

  it('finds the single equality for indexed lookups', () => {
    expect(
      equalityOf(parseLabelSelector('backstage.io/kubernetes-id==web')),
    ).toEqual({
      key: 'backstage.io/kubernetes-id',
      value: 'web',
    });
    expect(equalityOf(parseLabelSelector('a=b,c=d'))).toBeUndefined();
    expect(equalityOf(parseLabelSelector('a in (b,c)'))).toBeUndefined();
  });

  it.each(['', 'a=b,', '=b', 'a in b', 'bad key!=x', `a=${'x'.repeat(64)}`])(
    'rejects %j with a message',
    raw => {
      expect(() => parseLabelSelector(raw)).toThrow(/./);
    },
  );
});
