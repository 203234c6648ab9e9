import { DrRoute } from '@internal/plugin-ack-one-common';
import { ordersStandbyNotReady, webDemoInParity } from '../../drTestData';
import {
  blockingProblems,
  clusterIndexOf,
  clusterNamesOf,
  declaredSegments,
  declaredShares,
  describeHeaderMatch,
  drStateLabel,
  drStateSeverity,
  kubernetesTabPath,
  staleMark,
  unresolvedByPods,
  effectiveSegments,
  formatPercent,
  formatRto,
  formatSeconds,
  formatStaleness,
  locationShortLabel,
  parityLabel,
  paritySeverity,
} from './drPresentation';

describe('DR presentation helpers', () => {
  it('labels and colours parity states', () => {
    expect(parityLabel('in-parity')).toBe('In parity');
    expect(paritySeverity('in-parity')).toBe('ok');
    expect(paritySeverity('standby-not-ready')).toBe('warning');
    expect(paritySeverity('degraded')).toBe('error');
    expect(paritySeverity('one-sided')).toBe('error');
    expect(paritySeverity('unknown')).toBe('unknown');
  });

  it('formats percentages with at most one decimal', () => {
    expect(formatPercent(50)).toBe('50%');
    expect(formatPercent(33.333)).toBe('33.3%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(99.96)).toBe('100%');
  });

  it('formats ages', () => {
    expect(formatStaleness(42)).toBe('data 42 s old');
    expect(formatStaleness(600)).toBe('data 600 s old (about 10 min)');
    expect(formatStaleness(10800)).toBe('data 10800 s old (about 3 h)');
  });

  it('formats the RTO', () => {
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(300)).toBe('5 min');
    expect(formatSeconds(5400)).toBe('1 h 30 min');
    expect(formatSeconds(7200)).toBe('2 h');
    const policy = webDemoInParity.policy!;
    expect(formatRto(policy)).toBe('5m (5 min)');
    expect(formatRto({ ...policy, rto: undefined })).toBe('5 min');
    expect(
      formatRto({ ...policy, rto: undefined, rtoSeconds: undefined }),
    ).toBe('not set');
  });

  it('labels locations', () => {
    expect(locationShortLabel('idc')).toBe('IDC');
    expect(locationShortLabel('cloud')).toBe('Cloud');
    expect(locationShortLabel(undefined)).toBeUndefined();
  });

  it('names clusters by id, falling back to the id', () => {
    const names = clusterNamesOf(webDemoInParity);
    const [idc, ack] = webDemoInParity.clusters;
    expect(names(idc.clusterId)).toBe('idc-k8s');
    expect(names(ack.clusterId)).toBe('ack-hangzhou');
    expect(names('cunknown')).toBe('cunknown');
    const order = clusterIndexOf(webDemoInParity);
    expect(order(idc.clusterId)).toBe(0);
    expect(order(ack.clusterId)).toBe(1);
    expect(order('cunknown')).toBe(2);
  });

  it('builds weight segments in cluster order, the by-pods share split per cluster', () => {
    const names = clusterNamesOf(webDemoInParity);
    const order = clusterIndexOf(webDemoInParity);
    const [idc, ack] = webDemoInParity.clusters;
    const route: DrRoute = {
      ...webDemoInParity.gateway.routes[0],
      declared: { [ack.clusterId]: 20 },
      declaredByPods: 80,
      byPods: { [ack.clusterId]: 10, [idc.clusterId]: 70 },
      effective: { [ack.clusterId]: 30, [idc.clusterId]: 70 },
    };
    // declared + byPods per cluster.
    expect(declaredShares(route)).toEqual({
      [ack.clusterId]: 30,
      [idc.clusterId]: 70,
    });
    expect(declaredSegments(route, names, order)).toEqual([
      { key: idc.clusterId, label: 'idc-k8s', percent: 70, byPods: true },
      { key: ack.clusterId, label: 'ack-hangzhou', percent: 30, byPods: true },
    ]);
    expect(
      effectiveSegments(route, names, order).map(s => [s.label, s.percent]),
    ).toEqual([
      ['idc-k8s', 70],
      ['ack-hangzhou', 30],
    ]);
    expect(
      declaredSegments(ordersStandbyNotReady.gateway.routes[0], names, order),
    ).toEqual([
      { key: idc.clusterId, label: 'idc-k8s', percent: 75, byPods: true },
      { key: ack.clusterId, label: 'ack-hangzhou', percent: 25, byPods: true },
    ]);
    // Nothing ready anywhere: the by-pods share stays unassigned.
    const nothingReady = { ...route, byPods: {}, effective: {} };
    expect(unresolvedByPods(nothingReady)).toBe(80);
    expect(declaredSegments(nothingReady, names, order)).toEqual([
      { key: ack.clusterId, label: 'ack-hangzhou', percent: 20, byPods: false },
      {
        key: 'pods',
        label: 'by ready pods (none ready)',
        percent: 80,
        byPods: true,
      },
    ]);
  });

  it('labels DR states, an unreachable site above everything', () => {
    expect(drStateLabel('site-unreachable')).toBe('Site unreachable');
    expect(drStateSeverity('site-unreachable')).toBe('critical');
    expect(drStateLabel('failed-over')).toBe('Failed over');
    expect(drStateSeverity('failed-over')).toBe('error');
    expect(drStateLabel('in-parity')).toBe('In parity');
    expect(drStateSeverity('unknown')).toBe('unknown');
  });

  it('links to the Kubernetes tab and marks stale values', () => {
    expect(kubernetesTabPath('component:default/orders')).toBe(
      '/catalog/default/component/orders/kubernetes',
    );
    expect(kubernetesTabPath('nonsense')).toBeUndefined();
    expect(staleMark({ staleSeconds: 42 })).toBe('last known, data 42 s old');
    expect(staleMark({})).toBe('last known');
  });

  it('describes header matches', () => {
    expect(describeHeaderMatch({ header: 'x-env', value: 'dr' })).toBe(
      'x-env = dr',
    );
    expect(describeHeaderMatch({ header: 'x-env', pattern: '^dr.*' })).toBe(
      'x-env ~ ^dr.*',
    );
    expect(describeHeaderMatch({ header: 'x-env' })).toBe('x-env');
  });

  it('keeps only blocking problems', () => {
    expect(
      blockingProblems([
        { severity: 'warning', message: 'w' },
        { severity: 'error', annotation: 'ack-one/rto', message: 'e' },
      ]),
    ).toEqual([{ severity: 'error', annotation: 'ack-one/rto', message: 'e' }]);
  });
});
