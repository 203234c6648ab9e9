/* The simulator benchmark's Markdown table. */
import os from 'node:os';
import { Row } from './stats';

const HEADER: Row = ['target', 'goal', 'measured', 'notes'];

export function printReport(rows: Row[]) {
  const widths = [0, 1, 2, 3].map(i =>
    Math.max(...[HEADER[i], ...rows.map(r => r[i])].map(s => s.length)),
  );
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `ACK One simulator benchmark (node ${process.version}, ${
      os.cpus()[0]?.model ?? ''
    } x${os.cpus().length})`,
  );
  console.log(line(HEADER));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
