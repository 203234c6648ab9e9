import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../cli';
import { startSimulator, Simulator } from '../world/simulator';

jest.setTimeout(60_000);

describe('the CLI against a running simulator', () => {
  let sim: Simulator;
  let dir: string;
  let out: string;
  const saved = process.env.ACK_ONE_SIMULATOR_TOKEN;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-cli-'));
    sim = await startSimulator({ world: 'empty', stateDir: dir });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation(s => {
      out += String(s);
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    else process.env.ACK_ONE_SIMULATOR_TOKEN = saved;
  });

  it('reads the control URL and token from the state file', async () => {
    await expect(main(['state', '--state-dir', dir])).resolves.toBe(0);
    expect(JSON.parse(out).endpoints.control).toBe(sim.endpoints.control);
    await expect(main(['reset', '--state-dir', dir])).resolves.toBe(0);
  });

  it('saves into the state folder, and nowhere else', async () => {
    await expect(main(['save', 'cli.json', '--state-dir', dir])).resolves.toBe(
      0,
    );
    const file = path.join(dir, 'cli.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expect(
      main(['save', '../cli-escape.json', '--state-dir', dir]),
    ).rejects.toThrow(/only writes inside the simulator's state folder/);
    expect(fs.existsSync(path.join(dir, '..', 'cli-escape.json'))).toBe(false);
  });

  it('takes the token from ACK_ONE_SIMULATOR_TOKEN or --token', async () => {
    const control = sim.endpoints.control;
    const elsewhere = path.join(dir, 'no-such-folder');
    process.env.ACK_ONE_SIMULATOR_TOKEN = 'wrong';
    await expect(
      main(['state', '--state-dir', dir, '--control', control]),
    ).rejects.toThrow(/missing or wrong control token/);
    process.env.ACK_ONE_SIMULATOR_TOKEN = sim.controlToken;
    await expect(
      main(['state', '--state-dir', elsewhere, '--control', control]),
    ).resolves.toBe(0);
    delete process.env.ACK_ONE_SIMULATOR_TOKEN;
    await expect(
      main(['state', '--state-dir', elsewhere, '--control', control]),
    ).rejects.toThrow(/no control token/);
    await expect(
      main([
        'state',
        '--state-dir',
        elsewhere,
        '--control',
        control,
        '--token',
        sim.controlToken,
      ]),
    ).resolves.toBe(0);
  });
});
