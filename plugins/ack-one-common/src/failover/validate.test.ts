import {
  validateDecisionReason,
  validateFailoverClusters,
  validateFailoverInput,
} from './validate';

const NOW = new Date('2026-06-01T10:00:00Z');
const ok = {
  entityRef: 'component:default/web-demo',
  steps: [{ weights: { idc: 0, ack: 100 } }],
  reason: ' IDC maintenance ',
};
const message = (raw: unknown) =>
  validateFailoverInput(raw, NOW).error?.message;

describe('validateFailoverInput', () => {
  it('accepts a plan and normalises it', () => {
    expect(validateFailoverInput(ok, NOW).value).toEqual({
      entityRef: 'component:default/web-demo',
      steps: [{ weights: { idc: 0, ack: 100 } }],
      reason: 'IDC maintenance',
      warmUp: false,
      emergency: false,
    });
    expect(
      validateFailoverInput(
        {
          ...ok,
          window: { notBefore: '2026-06-01T22:00:00+08:00' },
          warmUp: true,
        },
        NOW,
      ).value,
    ).toMatchObject({
      window: { notBefore: '2026-06-01T14:00:00.000Z' },
      warmUp: true,
    });
  });

  it('names the field of each problem', () => {
    expect(
      message({
        ...ok,
        steps: [
          { weights: { idc: 50, ack: 50 } },
          { weights: { idc: 50, ack: 40 } },
        ],
      }),
    ).toBe('steps[1].weights sum to 90; the weights of a step must sum to 100');
    expect(
      message({ ...ok, steps: [{ weights: { idc: 110, ack: -10 } }] }),
    ).toBe('steps[0].weights.idc is 110; a weight is at most 100');
    expect(
      message({ ...ok, steps: [{ weights: { idc: 100, ack: -10 } }] }),
    ).toBe('steps[0].weights.ack is -10; a weight cannot be negative');
    expect(message({ ...ok, steps: [{ weights: { idc: 0, ack: 0 } }] })).toBe(
      'steps[0].weights give no cluster any traffic; at least one cluster must keep traffic',
    );
    expect(message({ ...ok, steps: Array(11).fill(ok.steps[0]) })).toBe(
      'steps has 11 steps; a plan has at most 10',
    );
    expect(message({ ...ok, reason: '' })).toBe('reason is empty; say why');
    expect(
      message({ ...ok, window: { notBefore: '2026-06-01T09:00:00Z' } }),
    ).toBe(
      'window.notBefore is 2026-06-01T09:00:00.000Z, in the past; leave it out to execute once approved',
    );
    expect(
      message({
        ...ok,
        window: {
          notBefore: '2026-06-02T00:00:00Z',
          notAfter: '2026-06-01T23:00:00Z',
        },
      }),
    ).toBe(
      'window.notAfter is 2026-06-01T23:00:00.000Z, not after window.notBefore (2026-06-02T00:00:00.000Z)',
    );
    expect(message({ ...ok, emergency: 'yes' })).toBe(
      'emergency must be true or false',
    );
    expect(
      message({
        ...ok,
        steps: [{ weights: ok.steps[0].weights, pauseSeconds: 7200 }],
      }),
    ).toBe('steps[0].pauseSeconds is 7200; pause between 0 and 3600 seconds');
  });

  it('checks decision reasons', () => {
    expect(validateDecisionReason({}, true).error?.message).toBe(
      'reason is missing; say why',
    );
    expect(validateDecisionReason({}, false).value).toBeUndefined();
    expect(validateDecisionReason({ reason: ' ok ' }, false).value).toBe('ok');
  });
});

describe('validateFailoverClusters', () => {
  const members = [
    { clusterId: 'idc', name: 'idc-k8s' },
    { clusterId: 'ack', name: 'ack-hangzhou' },
  ];
  it('names every member, 0 for the ones left out', () => {
    expect(
      validateFailoverClusters([{ weights: { ack: 100 } }], members, 'fleet')
        .value,
    ).toEqual([{ weights: { idc: 0, ack: 100 } }]);
  });
  it('refuses a cluster of another Fleet', () => {
    expect(
      validateFailoverClusters(
        [{ weights: { idc: 50, other: 50 } }],
        members,
        'ackone-fleet',
      ).error?.message,
    ).toBe(
      "steps[0].weights.other names a cluster that is not a member of the service's Fleet ackone-fleet (members: idc-k8s (idc), ack-hangzhou (ack))",
    );
  });
});
