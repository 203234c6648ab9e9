import { ConfigReader } from '@backstage/config';
import { parseLabelSelector } from '@internal/plugin-ack-one-common';
import {
  argoCdApplicationsFor,
  fillPattern,
  memberInput,
  readDrLinkPatterns,
  StatusMemos,
} from './statusInputs';
import type { ApplicationSummary } from './kinds';
import { plainMessage } from './WatchedCluster';

describe('DR status inputs', () => {
  it('reads the link patterns and rejects malformed ones with the key to fix', () => {
    expect(
      readDrLinkPatterns(
        new ConfigReader({
          ackOne: {
            consoleUrlPattern:
              'https://cs.console.aliyun.com/#/k8s/cluster/{clusterId}/v2/info/overview?region={regionId}',
          },
        }),
      ),
    ).toEqual({
      consoleUrlPattern:
        'https://cs.console.aliyun.com/#/k8s/cluster/{clusterId}/v2/info/overview?region={regionId}',
      argoCdUrlPattern: undefined,
    });
    expect(() =>
      readDrLinkPatterns(
        new ConfigReader({
          ackOne: { argoCdUrlPattern: 'https://argocd/{app}' },
        }),
      ),
    ).toThrow(
      'ackOne.argoCdUrlPattern must be an http(s) URL whose only placeholders are {name} and {namespace}',
    );
    expect(() =>
      readDrLinkPatterns(
        new ConfigReader({
          ackOne: { consoleUrlPattern: 'ftp://console/{clusterId}' },
        }),
      ),
    ).toThrow(/consoleUrlPattern/);
    expect(
      fillPattern('https://x/{clusterId}?r={regionId}', {
        clusterId: 'c 1',
        regionId: 'cn',
      }),
    ).toBe('https://x/c%201?r=cn');
  });

  it('tells a cluster still connecting from one that failed', () => {
    const m = { clusterId: 'c1', name: 'idc-k8s' };
    expect(memberInput(m, undefined, undefined)).toMatchObject({
      reachable: false,
      connecting: true,
      message: 'connecting to the API server',
    });
    expect(
      memberInput(
        m,
        { reachable: false, synced: false, message: 'connection refused' },
        undefined,
      ),
    ).toMatchObject({ connecting: false, message: 'connection refused' });
    expect(
      memberInput(
        { ...m, notConnectable: 'ACK One reports the cluster failed' },
        undefined,
        'https://c',
      ),
    ).toMatchObject({
      connecting: false,
      message: 'ACK One reports the cluster failed',
      consoleUrl: 'https://c',
    });
  });

  it('puts watch failures in plain words', () => {
    expect(
      plainMessage(
        'the API server refused the connection (is it down, or is the leased line cut?)',
      ),
    ).toBe('connection refused');
    expect(plainMessage('the API server did not answer within 5000 ms')).toBe(
      'timed out after 5 s',
    );
    expect(plainMessage('the connection to the API server was reset')).toBe(
      'connection reset',
    );
  });

  it('finds the Argo CD Applications of a service by destination namespace or label, within its scope', () => {
    const apps: ApplicationSummary[] = [
      {
        namespace: 'argocd',
        name: 'idc-k8s-web',
        labels: {},
        destinationNamespace: 'web',
        syncStatus: 'Synced',
      },
      {
        namespace: 'argocd',
        name: 'idc-k8s-pay',
        labels: {},
        destinationNamespace: 'payments',
      },
      {
        namespace: 'argocd',
        name: 'labelled',
        labels: { 'backstage.io/kubernetes-id': 'web' },
        destinationNamespace: 'other',
      },
    ];
    const policy = (namespace?: string) => ({
      mode: 'active-active' as const,
      roles: {},
      minStandbyCapacity: 100,
      selector: { labelSelector: 'backstage.io/kubernetes-id=web', namespace },
    });
    const selector = parseLabelSelector('backstage.io/kubernetes-id=web');
    const all = () => true;
    expect(
      argoCdApplicationsFor(
        apps,
        { policy: policy('web'), selector, allows: all },
        'https://argocd/{namespace}/{name}',
      ),
    ).toEqual([
      {
        name: 'idc-k8s-web',
        namespace: 'argocd',
        url: 'https://argocd/argocd/idc-k8s-web',
        syncStatus: 'Synced',
      },
    ]);
    expect(
      argoCdApplicationsFor(apps, {
        policy: policy(),
        selector,
        allows: all,
      })?.map(a => a.name),
    ).toEqual(['labelled']);
    expect(
      argoCdApplicationsFor(apps, {
        policy: policy(),
        selector,
        allows: ns => ns !== 'other',
      }),
    ).toEqual([]);
    expect(
      argoCdApplicationsFor(undefined, {
        policy: policy('web'),
        selector,
        allows: all,
      }),
    ).toBeUndefined();
  });

  it('remembers a bounded number of services', () => {
    const memos = new StatusMemos(2);
    const s = (entityRef: string) =>
      ({
        entityRef,
        failedOver: { from: ['a'], to: ['b'], since: 't' },
      } as any);
    memos.remember(s('x'));
    memos.remember(s('y'));
    memos.remember(s('z'));
    expect(memos.get('x')).toBeUndefined();
    expect(memos.get('z')).toEqual({
      failedOverKey: 'a>b',
      failedOverSince: 't',
    });
  });
});
