import {
  describeFailedChecks,
  evaluateFailoverChecks,
  FailoverFacts,
  predictLoads,
  requiredReplicas,
  roundTrafficSplit,
  serviceLoad,
} from './rules';

const NOW = new Date('2026-06-01T10:00:00Z');

/** web-demo in the demo world: 2 + 2 replicas (HPA up to 4), 50/50. */
function facts(extra: Partial<FailoverFacts> = {}): FailoverFacts {
  const clusters = [
    {
      clusterId: 'idc',
      name: 'idc-k8s',
      reachable: true,
      desired: 2,
      ready: 2,
      max: 4,
    },
    {
      clusterId: 'ack',
      name: 'ack-hangzhou',
      reachable: true,
      desired: 2,
      ready: 2,
      max: 4,
    },
  ];
  const current = { idc: 50, ack: 50 };
  return {
    now: NOW,
    clusters,
    current,
    minStandbyCapacity: 100,
    load: serviceLoad(current, clusters),
    otherActive: [],
    freezes: [],
    gateway: { name: 'gw', status: 'Listening' },
    ...extra,
  };
}

const to = (idc: number, ack: number) => ({
  steps: [{ weights: { idc, ack } }],
});
const failed = (checks: ReturnType<typeof evaluateFailoverChecks>) =>
  checks.filter(c => !c.passed).map(c => c.rule);

describe('capacity formula', () => {
  it('required = ceil(load × share/100 × minStandbyCapacity/100)', () => {
    expect(requiredReplicas(4, 100, 100)).toBe(4);
    expect(requiredReplicas(4, 50, 100)).toBe(2);
    expect(requiredReplicas(4, 25, 100)).toBe(1);
    expect(requiredReplicas(3, 50, 50)).toBe(1);
    expect(requiredReplicas(5, 33, 100)).toBe(2);
    expect(requiredReplicas(4, 0, 100)).toBe(0);
  });

  it('counts as load the desired replicas of the clusters serving now (all when none serves)', () => {
    const cs = [
      { clusterId: 'idc', desired: 3 },
      { clusterId: 'ack', desired: 1 },
    ];
    expect(serviceLoad({ idc: 100, ack: 0 }, cs)).toBe(3);
    expect(serviceLoad({ idc: 75, ack: 25 }, cs)).toBe(4);
    expect(serviceLoad({}, cs)).toBe(4);
  });
});

describe('evaluateFailoverChecks', () => {
  it('passes every rule for a plan within capacity', () => {
    const checks = evaluateFailoverChecks(
      to(0, 100),
      facts({ current: { idc: 100, ack: 0 }, load: 2 }),
    );
    expect(failed(checks)).toEqual([]);
    expect(checks.map(c => c.rule)).toEqual([
      'traffic-kept',
      'targets-reachable',
      'capacity',
      'no-other-failover',
      'change-freeze',
      'gateway-listening',
    ]);
  });

  it('refuses capacity without warm-up and allows it with warm-up up to the HPA maximum', () => {
    const without = evaluateFailoverChecks(to(0, 100), facts());
    expect(failed(without)).toEqual(['capacity']);
    const cap = without.find(c => c.rule === 'capacity')!;
    expect(cap).toMatchObject({
      clusterId: 'ack',
      numbers: {
        share: 100,
        load: 4,
        required: 4,
        ready: 2,
        max: 4,
        minStandbyCapacity: 100,
      },
    });
    expect(
      failed(evaluateFailoverChecks({ ...to(0, 100), warmUp: true }, facts())),
    ).toEqual([]);
    const small = facts();
    small.clusters[1].max = 3;
    expect(
      failed(evaluateFailoverChecks({ ...to(0, 100), warmUp: true }, small)),
    ).toEqual(['capacity']);
  });

  it('judges every step by its largest share per cluster', () => {
    const plan = {
      steps: [
        { weights: { idc: 25, ack: 75 } },
        { weights: { idc: 50, ack: 50 } },
      ],
    };
    const cap = evaluateFailoverChecks(plan, facts()).filter(
      c => c.rule === 'capacity',
    );
    expect(
      cap.map(c => [
        c.clusterId,
        c.numbers?.share,
        c.numbers?.required,
        c.passed,
      ]),
    ).toEqual([
      ['idc', 50, 2, true],
      ['ack', 75, 3, false],
    ]);
  });

  it('fails traffic-kept when a step sends everything where nothing runs', () => {
    const f = facts();
    f.clusters[1] = { ...f.clusters[1], desired: 0, ready: 0, max: 0 };
    const checks = evaluateFailoverChecks(to(0, 100), f);
    expect(checks[0]).toMatchObject({
      rule: 'traffic-kept',
      passed: false,
      message:
        'Step 1 sends all traffic to ack-hangzhou, where no replica of the service is ready: nothing would serve it.',
    });
  });

  it('fails for an unreachable target, another active failover, a change freeze and a gateway not listening', () => {
    const f = facts({
      otherActive: [{ id: 'r1', state: 'executing' }],
      freezes: [
        {
          from: '2026-06-01T00:00:00.000Z',
          to: '2026-06-02T00:00:00.000Z',
          reason: 'sale',
        },
      ],
      gateway: { name: 'gw', status: 'Running' },
      current: { idc: 100, ack: 0 },
      load: 2,
    });
    f.clusters[1] = {
      ...f.clusters[1],
      reachable: false,
      message: 'connection refused',
    };
    const checks = evaluateFailoverChecks(to(0, 100), f);
    expect(failed(checks)).toEqual([
      'targets-reachable',
      'no-other-failover',
      'change-freeze',
      'gateway-listening',
    ]);
    expect(describeFailedChecks(checks)).toBe(
      'The failover is refused by 4 safety checks: ' +
        '(1) targets-reachable: ack-hangzhou, which would carry up to 100% of the traffic, is unreachable (connection refused). ' +
        '(2) no-other-failover: Another failover of this service is executing (request r1); wait until it ends, or cancel it. ' +
        '(3) change-freeze: A change freeze is in force from 2026-06-01T00:00:00.000Z until 2026-06-02T00:00:00.000Z: sale. ' +
        '(4) gateway-listening: The Fleet gateway gw is Running, not Listening: it would not apply the new weights.',
    );
    const freeze = checks.find(c => c.rule === 'change-freeze')!;
    expect(freeze.numbers).toEqual({ active: 1, minutesLeft: 840 });
  });
});

describe('predictLoads and roundTrafficSplit', () => {
  it('predicts the load of each cluster after the plan', () => {
    expect(predictLoads(to(0, 100), facts())).toEqual([
      {
        clusterId: 'idc',
        name: 'idc-k8s',
        weight: 0,
        requiredReplicas: 0,
        readyReplicas: 2,
        maxReplicas: 4,
      },
      {
        clusterId: 'ack',
        name: 'ack-hangzhou',
        weight: 100,
        requiredReplicas: 4,
        readyReplicas: 2,
        maxReplicas: 4,
      },
    ]);
  });

  it('rounds a measured split to whole percentages summing to 100', () => {
    expect(roundTrafficSplit({ a: 33.4, b: 33.3, c: 33.3 })).toEqual({
      a: 34,
      b: 33,
      c: 33,
    });
    expect(roundTrafficSplit({ a: 100 }, ['a', 'b'])).toEqual({ a: 100, b: 0 });
    expect(roundTrafficSplit({})).toEqual({});
  });
});
