import {
  clusterLocationOf,
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_LABELS,
} from './catalog';

describe('catalog vocabulary', () => {
  it('places registered clusters in the IDC and the others in the cloud', () => {
    expect(clusterLocationOf('ExternalKubernetes')).toBe('idc');
    expect(clusterLocationOf('ManagedKubernetes')).toBe('cloud');
    expect(clusterLocationOf('Kubernetes')).toBe('cloud');
  });

  it('uses valid annotation and label keys', () => {
    // prefix/name, where name is at most 63 characters of [A-Za-z0-9-_.]
    const key = /^[a-z0-9.-]+\/[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
    for (const k of [
      ...Object.values(ACK_ONE_ANNOTATIONS),
      ...Object.values(ACK_ONE_LABELS),
    ]) {
      expect(k).toMatch(key);
    }
  });
});
