import { ResponseError } from '@backstage/errors';
import grey from '@material-ui/core/colors/grey';
import { CLUSTER_COLORS, BY_PODS_COLOR } from './DrContent/clusterColors';
import {
  contrastRatio,
  PAGE_SECONDARY_TEXT_COLORS,
  formatRelative,
  formatTime,
  SEVERITY_COLORS,
  SEVERITY_TEXT_COLORS,
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

describe('colours (WCAG 2.1 AA)', () => {
  it('every chip reads at 4.5:1 or more, in both themes', () => {
    // White on MUI's green, the old "ok" chip, did not.
    expect(contrastRatio('#FFFFFF', '#4CAF50')).toBeLessThan(3);
    for (const { background, color } of Object.values(SEVERITY_COLORS)) {
      expect(contrastRatio(color, background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('every status text reads at 4.5:1 on the light and dark backgrounds', () => {
    // Backstage's paper and page backgrounds.
    const backgrounds = {
      light: ['#FFFFFF', '#F8F8F8'],
      dark: ['#424242', '#333333'],
    };
    for (const theme of ['light', 'dark'] as const) {
      for (const color of Object.values(SEVERITY_TEXT_COLORS[theme])) {
        for (const background of backgrounds[theme]) {
          expect(contrastRatio(color, background)).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('muted text on the page background reads at 4.5:1, in both themes', () => {
    // Backstage's light secondary text (rgba(0, 0, 0, 0.54) on #F8F8F8) did not.
    expect(contrastRatio('#737373', '#F8F8F8')).toBeLessThan(4.5);
    const backgrounds = {
      light: ['#FFFFFF', '#F8F8F8'],
      dark: ['#424242', '#333333'],
    };
    for (const theme of ['light', 'dark'] as const) {
      for (const background of backgrounds[theme]) {
        expect(
          contrastRatio(PAGE_SECONDARY_TEXT_COLORS[theme], background),
        ).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('white text reads on every cluster colour of the weight bars', () => {
    for (const color of [...CLUSTER_COLORS, BY_PODS_COLOR]) {
      expect(contrastRatio('#FFFFFF', color)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio('#FFFFFF', grey[600])).toBeGreaterThanOrEqual(4.5);
  });
});

describe('times', () => {
  const now = new Date('2025-06-01T08:00:47Z');

  it('has one format, with the time zone, and the date when not today', () => {
    const time = formatTime('2025-06-01T08:00:05Z', now);
    expect(time).toMatch(/^\d\d:\d\d:05 \S+/);
    expect(time).toBe(
      new Intl.DateTimeFormat(undefined, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }).format(new Date('2025-06-01T08:00:05Z')),
    );
    expect(formatTime('2025-05-20T08:00:05Z', now)).not.toBe(
      formatTime('2025-06-01T08:00:05Z', now),
    );
    expect(formatTime('2025-05-20T08:00:05Z', now)).toContain('20');
    expect(formatTime('not a date', now)).toBe('not a date');
    expect(formatTime(undefined, now)).toBe('');
  });

  it('says how long ago in words', () => {
    expect(formatRelative('2025-06-01T08:00:05Z', now)).toBe('42 seconds ago');
    expect(formatRelative('2025-06-01T07:55:47Z', now)).toBe('5 minutes ago');
    expect(formatRelative(undefined, now)).toBe('');
  });
});
