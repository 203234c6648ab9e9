import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ackOneSimulatorPlugin } from './plugin';

jest.setTimeout(60_000);

describe('ackOneSimulatorPlugin', () => {
  const nodeEnv = process.env.NODE_ENV;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-sim-backend-'));
  });

  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (simulator: Record<string, unknown>) =>
    startTestBackend({
      features: [
        ackOneSimulatorPlugin,
        mockServices.rootConfig.factory({
          data: {
            ackOne: {
              simulator: { world: 'empty', stateDir: dir, ...simulator },
            },
          },
        }),
      ],
    });

  it('refuses to start in production unless allowInProduction is set', async () => {
    process.env.NODE_ENV = 'production';
    await expect(start({ enabled: true })).rejects.toThrow(
      /ackOne\.simulator\.enabled is true but NODE_ENV is production.*ackOne\.simulator\.allowInProduction/s,
    );
    expect(fs.existsSync(path.join(dir, 'simulator.json'))).toBe(false);
  });

  it('starts in production when allowInProduction is set on purpose', async () => {
    process.env.NODE_ENV = 'production';
    const backend = await start({ enabled: true, allowInProduction: true });
    const info = JSON.parse(
      fs.readFileSync(path.join(dir, 'simulator.json'), 'utf8'),
    );
    expect(info.controlToken).toEqual(expect.any(String));
    await backend.stop();
  });

  it('stays off in production when disabled', async () => {
    process.env.NODE_ENV = 'production';
    const backend = await start({ enabled: false });
    expect(fs.existsSync(path.join(dir, 'simulator.json'))).toBe(false);
    await backend.stop();
  });

  it('starts outside production without the flag', async () => {
    process.env.NODE_ENV = 'test';
    const backend = await start({ enabled: true });
    expect(fs.existsSync(path.join(dir, 'simulator.json'))).toBe(true);
    await backend.stop();
  });
});
