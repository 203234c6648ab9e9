import { DrRoute } from '@internal/plugin-ack-one-common';
import { ordersStandbyNotReady, webDemoInParity } from '../../drTestData';
import {
  blockingProblems,
  clusterIndexOf,
  clusterNamesOf,
  declaredSegments,
  describeHeaderMatch,
  effectiveSegments,
  formatClock,
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

  it('formats wall-clock times and ages', () => {
    expect(formatClock('2025-06-01T08:00:05.000Z')).toMatch(/^\d\d:\d\d:05$/);
    expect(formatClock('not a date')).toBe('not a date');
    expect(formatClock(undefined)).toBe('');
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

  it('builds weight segments in cluster order, with the share that follows pods', () => {
    const names = clusterNamesOf(webDemoInParity);
    const order = clusterIndexOf(webDemoInParity);
    const [idc, ack] = webDemoInParity.clusters;
    const route: DrRoute = {
      ...webDemoInParity.gateway.routes[0],
      declared: { [ack.clusterId]: 20 },
      declaredByPods: 80,
      effective: { [ack.clusterId]: 30, [idc.clusterId]: 70 },
    };
    expect(declaredSegments(route, names, order)).toEqual([
      { key: ack.clusterId, label: 'ack-hangzhou', percent: 20, byPods: false },
      { key: 'pods', label: 'by ready pods', percent: 80, byPods: true },
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
      { key: 'pods', label: 'by ready pods', percent: 100, byPods: true },
    ]);
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
