import { ResponseError } from '@backstage/errors';
import {
  clusterTypeLabel,
  describeError,
  isNotFound,
  locationLabel,
  parseBoolean,
  resolveLocation,
  stateSeverity,
} from './presentation';

function jsonResponse(status: number, statusText: string, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('stateSeverity', () => {
  it.each([
    ['running', 'ok'],
    ['Running', 'ok'],
    ['Listening', 'ok'],
    ['waiting', 'warning'],
    ['initial', 'warning'],
    ['updating', 'warning'],
    ['Pending', 'warning'],
    ['disconnected', 'error'],
    ['failed', 'error'],
    ['Failed', 'error'],
    ['something-new', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('%s is %s', (state, severity) => {
    expect(stateSeverity(state)).toBe(severity);
  });
});

describe('labels', () => {
  it('names cluster types', () => {
    expect(clusterTypeLabel('ExternalKubernetes')).toBe(
      'Registered cluster (IDC)',
    );
    expect(clusterTypeLabel('ManagedKubernetes')).toBe('ACK managed cluster');
    expect(clusterTypeLabel('Odd')).toBe('Odd');
  });

  it('derives the location from the cluster type when not annotated', () => {
    expect(resolveLocation('cloud', 'ExternalKubernetes')).toBe('cloud');
    expect(resolveLocation(undefined, 'ExternalKubernetes')).toBe('idc');
    expect(resolveLocation(undefined, 'ManagedKubernetes')).toBe('cloud');
    expect(resolveLocation(undefined, undefined)).toBeUndefined();
    expect(locationLabel('idc')).toBe('IDC (own data centre)');
    expect(locationLabel('cloud')).toBe('Alibaba Cloud');
  });

  it('parses booleans', () => {
    expect(parseBoolean('true')).toBe(true);
    expect(parseBoolean('False')).toBe(false);
    expect(parseBoolean('yes')).toBeUndefined();
    expect(parseBoolean(undefined)).toBeUndefined();
  });
});

describe('errors', () => {
  it('recognises 404 responses', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(404, 'Not Found', {
        error: { name: 'NotFoundError', message: 'no route' },
        response: { statusCode: 404 },
      }),
    );
    expect(isNotFound(error)).toBe(true);
    expect(isNotFound(new Error('x'))).toBe(false);
  });

  it('includes the server reason', async () => {
    const error = await ResponseError.fromResponse(
      jsonResponse(500, 'Internal Server Error', {
        error: { name: 'Error', message: 'simulator exploded' },
        response: { statusCode: 500 },
      }),
    );
    expect(describeError(error)).toBe(
      'Request failed with 500 Internal Server Error: simulator exploded',
    );
    expect(describeError(new Error('plain'))).toBe('plain');
  });
});
