import fs from 'node:fs';
import path from 'node:path';
import { servedActions } from './routing';

describe('the contract table in the README', () => {
  it('lists every cloud action the simulator serves', () => {
    // eslint-disable-next-line no-restricted-syntax
    const readme = path.resolve(__dirname, '..', '..', 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const rows = text.split('\n').filter(l => l.startsWith('| `'));
    const listed = new Set(
      rows.flatMap(row =>
        [...row.split('|')[1].matchAll(/`([A-Za-z0-9]+)`/g)].map(m => m[1]),
      ),
    );
    const missing = Object.values(servedActions())
      .flat()
      .filter(action => !listed.has(action));
    expect(missing).toEqual([]);
    expect(text).toContain('## Kubernetes API');
  });
});
