import { DrOverviewRow } from '@internal/plugin-ack-one-common';
import {
  drStateLabel,
  formatPercent,
  modeLabel,
  parityLabel,
} from '../DrContent/drPresentation';
import { entityRefLabel } from './format';
import { trafficLabel } from './rows';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, with quotes doubled. A value a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
 * leading `'`, so opening the export never executes anything.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of fields as CSV text, CRLF line ends. */
export function toCsv(lines: Array<Array<string | number | undefined>>) {
  return lines.map(line => `${line.map(csvField).join(',')}\r\n`).join('');
}

const HEADER = [
  'Service',
  'Entity ref',
  'Owner',
  'System',
  'Fleet',
  'State',
  'Parity',
  'Mode',
  'Traffic now',
  'Standby capacity',
  'RTO',
  'Last failover or drill',
  'Last failover state',
  'Warnings',
  'Top warning',
];

/**
 * A time as ISO 8601 in UTC (`2026-11-26T21:59:12.000Z`), machine-readable
 * whatever the reader's time zone; the input when it is not a date.
 */
function isoTime(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** The overview rows as shown (filtered and sorted) in CSV. */
export function overviewCsv(rows: DrOverviewRow[]): string {
  return toCsv([
    HEADER,
    ...rows.map(row => [
      row.title ?? entityRefLabel(row.entityRef),
      row.entityRef,
      entityRefLabel(row.owner),
      entityRefLabel(row.system),
      row.fleet?.name,
      drStateLabel(row.state),
      parityLabel(row.parity),
      row.mode ? modeLabel(row.mode) : '',
      trafficLabel(row),
      row.standbyCapacityPercent === undefined
        ? ''
        : formatPercent(row.standbyCapacityPercent),
      row.rto ?? '',
      isoTime(row.lastFailover?.at),
      row.lastFailover
        ? `${row.lastFailover.drill ? 'drill ' : ''}${row.lastFailover.state}`
        : '',
      row.warningCount,
      row.topWarning ?? '',
    ]),
  ]);
}

/** Offers text as a file download in the browser. */
export function downloadText(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
