import {
  labelSelectorFromObject,
  matchesLabelSelector,
  parseLabelSelector,
} from './selector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };

  it('reads set-based string selectors as the API servers do', () => {
    const s = parseLabelSelector('app=web,tier in (front, edge),!legacy,env');
    expect(matchesLabelSelector(s, labels)).toBe(true);
    expect(matchesLabelSelector(s, { ...labels, legacy: '' })).toBe(false);
    // != and notin match objects without the label
    const ne = parseLabelSelector('env!=dev,zone notin (a)');
    expect(matchesLabelSelector(ne, {})).toBe(true);
    expect(matchesLabelSelector(ne, { env: 'dev' })).toBe(false);
    expect(matchesLabelSelector(parseLabelSelector('app='), { app: '' })).toBe(
      true,
    );
  });

  it('reads metav1.LabelSelector objects', () => {
    const s = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'name', operator: 'NotIn', values: ['in-cluster'] },
        { key: 'env', operator: 'Exists' },
      ],
    });
    expect(matchesLabelSelector(s, labels)).toBe(true);
    expect(matchesLabelSelector(s, { ...labels, name: 'in-cluster' })).toBe(
      false,
    );
    expect(matchesLabelSelector(labelSelectorFromObject({}), {})).toBe(true);
  });

  it('rejects unknown operators and set operators without values', () => {
    expect(() =>
      labelSelectorFromObject({
        matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }],
      }),
    ).toThrow('"Gt" is not a label selector operator');
    expect(() =>
      labelSelectorFromObject({
        matchExpressions: [{ key: 'a', operator: 'In' }],
      }),
    ).toThrow('has no values');
  });
});
