import { ResponseError } from '@backstage/errors';
import { clusterLocationOf } from '@internal/plugin-ack-one-common';

/** How a cloud-side state is shown: green, amber, red, or neutral. */
export type StateSeverity = 'ok' | 'warning' | 'error' | 'unknown';

/**
 * A state severity, or `critical` (dark red and bold: a site is unreachable
 * and what is shown for it is last-known data).
 */
export type Severity = StateSeverity | 'critical';

/**
 * Chip colours per severity, the same in the light and dark themes (the
 * text is read against the chip's own background): every pair has a
 * contrast of at least 4.5:1 (WCAG 2.1 AA), checked in the tests.
 */
export const SEVERITY_COLORS: Record<
  Severity,
  { background: string; color: string }
> = {
  ok: { background: '#2E7D32', color: '#FFFFFF' },
  warning: { background: '#FFB74D', color: '#000000' },
  error: { background: '#C62828', color: '#FFFFFF' },
  critical: { background: '#7F0000', color: '#FFFFFF' },
  unknown: { background: '#616161', color: '#FFFFFF' },
};

/** Text colours per severity on the page background (≥ 4.5:1). */
export const SEVERITY_TEXT_COLORS: Record<
  'light' | 'dark',
  Record<Severity, string>
> = {
  light: {
    ok: '#1B5E20',
    warning: '#8A4B00',
    error: '#B71C1C',
    critical: '#7F0000',
    unknown: '#424242',
  },
  dark: {
    ok: '#81C784',
    warning: '#FFB74D',
    error: '#EF9A9A',
    critical: '#FFCDD2',
    unknown: '#BDBDBD',
  },
};

/**
 * Secondary (muted) text on the page background, outside cards: the theme's
 * own secondary text is below 4.5:1 on Backstage's light page background.
 * Both are at least 4.5:1 on the page and paper backgrounds of their theme,
 * checked in the tests.
 */
export const PAGE_SECONDARY_TEXT_COLORS: Record<'light' | 'dark', string> = {
  light: '#595959',
  dark: '#C2C2C2',
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map(i => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#RRGGBB` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const timeFormat = (withDate: boolean) =>
  new Intl.DateTimeFormat(undefined, {
    ...(withDate ? { month: 'short', day: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });

/**
 * The one time format of the plugin's pages: wall-clock time with the time
 * zone (`08:00:05 UTC`, `16:00:05 GMT+8`), with the date when it is not
 * today. Empty for no value; the input itself when it is not a date.
 */
export function formatTime(iso: string | undefined, now = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return timeFormat(date.toDateString() !== now.toDateString()).format(date);
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** How long ago (or in how long) a time is, in words: `42 seconds ago`. */
export function formatRelative(
  iso: string | undefined,
  now = new Date(),
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return '';
}

const OK_STATES = new Set(['running', 'successed', 'succeeded', 'listening']);
const WARNING_STATES = new Set([
  'initial',
  'waiting',
  'updating',
  'upgrading',
  'scaling',
  'removing',
  'draining',
  'deleting',
  'installing',
  'pending',
]);
const ERROR_STATES = new Set([
  'failed',
  'disconnected',
  'unavailable',
  'inactive',
  'delete_failed',
  'deleted',
]);

/**
 * Maps an ACK One cluster/fleet state or a gateway status to a severity:
 * `running` is green, `waiting`/`initial` (and other transitions) amber,
 * `disconnected`/`failed` (and other dead ends) red.
 */
export function stateSeverity(state: string | undefined): StateSeverity {
  const s = state?.trim().toLocaleLowerCase('en-US');
  if (!s) return 'unknown';
  if (OK_STATES.has(s)) return 'ok';
  if (WARNING_STATES.has(s)) return 'warning';
  if (ERROR_STATES.has(s)) return 'error';
  return 'unknown';
}

const CLUSTER_TYPE_LABELS: Record<string, string> = {
  ExternalKubernetes: 'Registered cluster (IDC)',
  ManagedKubernetes: 'ACK managed cluster',
  Kubernetes: 'ACK dedicated cluster',
};

/** Human label of a CS cluster type, e.g. `ExternalKubernetes`. */
export function clusterTypeLabel(clusterType: string): string {
  return CLUSTER_TYPE_LABELS[clusterType] ?? clusterType;
}

/**
 * Where the cluster runs: the `location` annotation, or derived from the
 * cluster type when only that is known.
 */
export function resolveLocation(
  location: string | undefined,
  clusterType: string | undefined,
): string | undefined {
  if (location) return location;
  if (clusterType) return clusterLocationOf(clusterType);
  return undefined;
}

/** Human label of a cluster location (`idc` / `cloud`). */
export function locationLabel(location: string): string {
  switch (location) {
    case 'idc':
      return 'IDC (own data centre)';
    case 'cloud':
      return 'Alibaba Cloud';
    default:
      return location;
  }
}

/** Parses a `true`/`false` annotation; anything else is unknown. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLocaleLowerCase('en-US');
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** True when a request failed with 404 Not Found. */
export function isNotFound(error: unknown): boolean {
  if (ResponseError.is(error)) {
    return error.statusCode === 404;
  }
  return (error as Error | undefined)?.name === 'NotFoundError';
}

/** A one-line description of an error, including the server's reason. */
export function describeError(error: unknown): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    if (cause && !cause.startsWith('Request failed')) {
      return `${error.message}: ${cause}`;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * `titleTypographyProps` of an `InfoCard`: its title is a heading (level 2,
 * below the page's title), with the card title's usual look.
 */
export const CARD_TITLE_PROPS = { component: 'h2', variant: 'h5' } as const;
