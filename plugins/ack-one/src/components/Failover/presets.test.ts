import {
  buildSteps,
  currentSplit,
  drainSplit,
  localDateTimeToIso,
  parseCustomWeights,
  parsePauseSeconds,
  parseWindow,
  previousSplitOf,
  roundSplit,
  STEP_PLANS,
  stepSplits,
  targetPresets,
} from './presets';
import {
  deriveFailoverForm,
  initialFailoverForm,
  submitBlocker,
} from './failoverForm';

const clusters = [
  { clusterId: 'idc', name: 'idc-k8s' },
  { clusterId: 'ack', name: 'ack-hangzhou' },
];
const ids = ['idc', 'ack'];
const fractions = (key: string) =>
  STEP_PLANS.find(p => p.key === key)!.fractions;

describe('failover presets', () => {
  it('offers all traffic to each cluster, drain each, the previous split and custom', () => {
    const presets = targetPresets(
      clusters,
      { idc: 50, ack: 50 },
      { idc: 70, ack: 30 },
    );
    expect(presets).toEqual([
      {
        key: 'all:idc',
        label: 'All traffic to idc-k8s',
        weights: { idc: 100, ack: 0 },
      },
      {
        key: 'all:ack',
        label: 'All traffic to ack-hangzhou',
        weights: { idc: 0, ack: 100 },
      },
      {
        key: 'drain:idc',
        label: 'Drain idc-k8s',
        weights: { idc: 0, ack: 100 },
      },
      {
        key: 'drain:ack',
        label: 'Drain ack-hangzhou',
        weights: { idc: 100, ack: 0 },
      },
      {
        key: 'previous',
        label: 'Back to the previous split',
        weights: { idc: 70, ack: 30 },
      },
      { key: 'custom', label: 'Custom' },
    ]);
  });

  it('leaves out the previous split when no failover completed', () => {
    const keys = targetPresets(clusters, undefined, undefined).map(p => p.key);
    expect(keys).not.toContain('previous');
    expect(keys[keys.length - 1]).toBe('custom');
  });

  it('drains a cluster into the others in proportion to their share', () => {
    const three = ['a', 'b', 'c'];
    expect(drainSplit('a', three, { a: 50, b: 30, c: 20 })).toEqual({
      a: 0,
      b: 60,
      c: 40,
    });
    // Others carrying nothing (or nothing known) share evenly.
    expect(drainSplit('a', three, { a: 100, b: 0, c: 0 })).toEqual({
      a: 0,
      b: 50,
      c: 50,
    });
    expect(drainSplit('a', three, undefined)).toEqual({ a: 0, b: 50, c: 50 });
    expect(drainSplit('a', ['a'], { a: 100 })).toBeUndefined();
  });

  it('takes the previous split of the newest completed failover', () => {
    expect(
      previousSplitOf([
        { state: 'rejected', previous: { idc: 10, ack: 90 } },
        { state: 'completed', previous: { idc: 60, ack: 40 } },
        { state: 'completed', previous: { idc: 20, ack: 80 } },
      ]),
    ).toEqual({ idc: 60, ack: 40 });
    expect(previousSplitOf([{ state: 'failed' }])).toBeUndefined();
  });

  it('reads the current split from the first route, in whole percent', () => {
    expect(
      currentSplit(
        [{ effective: { idc: 2, ack: 1 } }, { effective: { idc: 100 } }],
        ids,
      ),
    ).toEqual({ idc: 67, ack: 33 });
    expect(currentSplit([{ effective: {} }], ids)).toBeUndefined();
    expect(currentSplit([], ids)).toBeUndefined();
  });

  it('rounds shares to whole percentages summing to 100', () => {
    expect(roundSplit({ a: 1, b: 1, c: 1 }, ['a', 'b', 'c'])).toEqual({
      a: 34,
      b: 33,
      c: 33,
    });
    expect(roundSplit({ a: 0 }, ['a', 'b'])).toBeUndefined();
  });
});

describe('stepwise splits', () => {
  const from = { idc: 50, ack: 50 };
  const to = { idc: 0, ack: 100 };

  it('moves 25, 50 and 100 percent of the way', () => {
    expect(stepSplits(from, to, fractions('quarters'), ids)).toEqual([
      { idc: 38, ack: 62 },
      { idc: 25, ack: 75 },
      { idc: 0, ack: 100 },
    ]);
    expect(stepSplits(from, to, fractions('halves'), ids)).toEqual([
      { idc: 25, ack: 75 },
      { idc: 0, ack: 100 },
    ]);
  });

  it('is the target alone in one step, or when the current split is unknown', () => {
    expect(stepSplits(from, to, fractions('one'), ids)).toEqual([to]);
    expect(stepSplits(undefined, to, fractions('quarters'), ids)).toEqual([to]);
  });

  it('leaves out steps that change nothing', () => {
    expect(
      stepSplits(
        { idc: 99, ack: 1 },
        { idc: 100, ack: 0 },
        [10, 25, 50, 100],
        ids,
      ),
    ).toEqual([{ idc: 100, ack: 0 }]);
    expect(stepSplits(to, to, fractions('quarters'), ids)).toEqual([to]);
  });

  it('pauses after every step but the last', () => {
    const splits = [{ idc: 25, ack: 75 }, to];
    expect(buildSteps(splits, 60)).toEqual([
      { weights: { idc: 25, ack: 75 }, pauseSeconds: 60 },
      { weights: to },
    ]);
    expect(buildSteps(splits, undefined)).toEqual([
      { weights: { idc: 25, ack: 75 } },
      { weights: to },
    ]);
  });
});

describe('form values', () => {
  it('accepts custom weights only as whole percentages summing to 100', () => {
    expect(parseCustomWeights({ idc: '30', ack: '70' }, clusters)).toEqual({
      weights: { idc: 30, ack: 70 },
    });
    expect(parseCustomWeights({ idc: '30', ack: '60' }, clusters)).toEqual({
      error: 'The weights sum to 90%; they must sum to 100%.',
    });
    expect(parseCustomWeights({ idc: '30.5', ack: '69.5' }, clusters)).toEqual({
      error: 'The weight of idc-k8s must be a whole number from 0 to 100.',
    });
    expect(parseCustomWeights({ idc: '100', ack: '' }, clusters).error).toBe(
      'The weight of ack-hangzhou must be a whole number from 0 to 100.',
    );
  });

  it('reads the pause', () => {
    expect(parsePauseSeconds('')).toEqual({});
    expect(parsePauseSeconds('0')).toEqual({ value: undefined });
    expect(parsePauseSeconds(' 90 ')).toEqual({ value: 90 });
    expect(parsePauseSeconds('-1').error).toMatch(/whole seconds from 0/);
    expect(parsePauseSeconds('3601').error).toMatch(/to 3600/);
  });

  it('reads the window as ISO times, "not after" after "not before"', () => {
    const from = localDateTimeToIso('2030-01-01T10:00')!;
    const to = localDateTimeToIso('2030-01-01T12:00')!;
    expect(new Date(from).getTime()).toBeLessThan(new Date(to).getTime());
    expect(parseWindow('', '')).toEqual({});
    expect(parseWindow('2030-01-01T10:00', '')).toEqual({
      window: { notBefore: from },
    });
    expect(parseWindow('2030-01-01T10:00', '2030-01-01T12:00')).toEqual({
      window: { notBefore: from, notAfter: to },
    });
    expect(parseWindow('2030-01-01T12:00', '2030-01-01T10:00').error).toBe(
      '"Not after" must be later than "not before".',
    );
  });
});

describe('deriveFailoverForm', () => {
  const current = { idc: 50, ack: 50 };
  const context = {
    entityRef: 'component:default/web-demo',
    clusters,
    current,
    presets: targetPresets(clusters, current, undefined),
  };
  const form = {
    ...initialFailoverForm(clusters, current),
    preset: 'all:ack',
    plan: 'halves',
    pause: '30',
    reason: '  IDC maintenance ',
  };

  it('builds the request input from the form', () => {
    const derived = deriveFailoverForm(form, context);
    expect(derived.blockers).toEqual([]);
    expect(derived.input).toEqual({
      entityRef: 'component:default/web-demo',
      steps: [
        { weights: { idc: 25, ack: 75 }, pauseSeconds: 30 },
        { weights: { idc: 0, ack: 100 } },
      ],
      reason: 'IDC maintenance',
      warmUp: false,
      emergency: false,
    });
  });

  it('checks the plan before the reason is written, but submits nothing without one', () => {
    const derived = deriveFailoverForm({ ...form, reason: ' ' }, context);
    expect(derived.checkInput?.steps).toHaveLength(2);
    expect(derived.input).toBeUndefined();
    expect(derived.blockers).toEqual(['Give a reason.']);
  });

  it('blocks on a missing target, bad custom weights or a bad window', () => {
    expect(
      deriveFailoverForm({ ...form, preset: '' }, context).blockers[0],
    ).toBe('Choose a target.');
    const custom = deriveFailoverForm(
      { ...form, preset: 'custom', custom: { idc: '10', ack: '10' } },
      context,
    );
    expect(custom.checkInput).toBeUndefined();
    expect(custom.blockers[0]).toBe(
      'The weights sum to 20%; they must sum to 100%.',
    );
    expect(
      deriveFailoverForm(
        {
          ...form,
          notBefore: '2030-01-02T00:00',
          notAfter: '2030-01-01T00:00',
        },
        context,
      ).windowError,
    ).toBe('"Not after" must be later than "not before".');
  });

  it('says so when the target is the current split', () => {
    const derived = deriveFailoverForm(
      { ...form, preset: 'custom', custom: { idc: '50', ack: '50' } },
      context,
    );
    expect(derived.unchanged).toBe(true);
    expect(derived.splits).toEqual([{ idc: 50, ack: 50 }]);
  });
});

describe('submitBlocker', () => {
  const pass = { rule: 'capacity', passed: true, message: 'ok' };
  const fail = { rule: 'capacity', passed: false, message: 'too few' };
  const result = (...checks: (typeof pass)[]) => ({ checks, predicted: [] });

  it('names the first problem of the form, then of the checks', () => {
    expect(
      submitBlocker({ blockers: ['Give a reason.'] }, { checking: true }),
    ).toBe('Give a reason.');
    expect(submitBlocker({ blockers: [] }, { checking: true })).toBe(
      'Waiting for the safety checks.',
    );
    expect(
      submitBlocker(
        { blockers: [] },
        { checking: false, value: result(pass, fail, fail) },
      ),
    ).toBe('2 safety checks fail; change the plan or fix the cause first.');
  });

  it('lets the server decide when the checks could not be evaluated', () => {
    expect(
      submitBlocker(
        { blockers: [] },
        { checking: false, error: new Error('down') },
      ),
    ).toBeUndefined();
    expect(
      submitBlocker({ blockers: [] }, { checking: false, value: result(pass) }),
    ).toBeUndefined();
  });
});
