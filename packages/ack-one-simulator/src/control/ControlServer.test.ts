import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, Simulator } from '../world/simulator';
import { controlRequest } from './testUtils';
import {
  allowedHostHeaders,
  isLoopbackHost,
  MAX_CONTROL_BODY_BYTES,
  redactedMessage,
} from './guard';

jest.setTimeout(60_000);

describe('control API', () => {
  let sim: Simulator;
  let dir: string;
  let outside: string;
  let base: string;
  let port: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-control-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-outside-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 50,
      gatewayStepMs: 50,
    });
    base = sim.endpoints.control;
    port = new URL(base).port;
  });

  afterAll(async () => {
    await sim?.stop();
    for (const d of [dir, outside])
      if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  const post = (p: string, body: unknown = {}) =>
    controlRequest(base, p, { token: sim.controlToken, body });

  describe('token', () => {
    it('is random, base64url, and in the 0600 state file', () => {
      expect(sim.controlToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      const file = path.join(dir, 'simulator.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const info = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(info.controlToken).toBe(sim.controlToken);
      expect(info.endpoints.control).toBe(base);
    });

    it('refuses every call without a token (401)', async () => {
      const state = await controlRequest(base, '/state', { method: 'GET' });
      expect(state.status).toBe(401);
      expect(state.headers['www-authenticate']).toBe('Bearer');
      expect(state.body.error).toMatch(
        /^missing or wrong control token: send "Authorization: Bearer <token>"/,
      );
      const reset = await controlRequest(base, '/reset', { body: {} });
      expect(reset.status).toBe(401);
    });

    it('refuses a wrong token (401) without echoing either token', async () => {
      const wrong = `${sim.controlToken.slice(0, -1)}x`;
      for (const token of [wrong, 'short', `${sim.controlToken}extra`]) {
        const r = await controlRequest(base, '/state', {
          method: 'GET',
          token,
        });
        expect(r.status).toBe(401);
        expect(r.text).not.toContain(token);
        expect(r.text).not.toContain(sim.controlToken);
      }
      const basic = await controlRequest(base, '/state', {
        method: 'GET',
        headers: { Authorization: `Basic ${sim.controlToken}` },
      });
      expect(basic.status).toBe(401);
    });
  });

  describe('Host header', () => {
    it('refuses a foreign Host header (403), even with the token', async () => {
      for (const host of [
        `evil.example:${port}`,
        'evil.example',
        '127.0.0.1:1',
      ]) {
        const r = await controlRequest(base, '/state', {
          method: 'GET',
          token: sim.controlToken,
          headers: { Host: host },
        });
        expect(r.status).toBe(403);
      }
    });

    it('answers the loopback names', async () => {
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `[::1]:${port}`,
      ]) {
        const r = await controlRequest(base, '/state', {
          method: 'GET',
          token: sim.controlToken,
          headers: { Host: host },
        });
        expect(r.status).toBe(200);
      }
    });
  });

  describe('request bodies', () => {
    it('needs Content-Type: application/json on POST (415)', async () => {
      const cases: Array<Record<string, string>> = [
        { 'Content-Type': 'text/plain' },
        { 'Content-Type': 'application/x-www-form-urlencoded' },
        { 'Content-Type': 'multipart/form-data; boundary=x' },
        {},
      ];
      for (const headers of cases) {
        const r = await controlRequest(base, '/faults/clusters/idc/offline', {
          token: sim.controlToken,
          body: '{"mode":"503"}',
          headers,
        });
        expect(r.status).toBe(415);
      }
      expect(sim.faults.state().clusters as any).toMatchObject({
        idc: { offline: false },
      });
      const charset = await controlRequest(base, '/reset', {
        token: sim.controlToken,
        body: '{}',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      expect(charset.status).toBe(200);
    });

    it('refuses a declared body over 64 KiB before reading it (413)', async () => {
      const r = await controlRequest(base, '/reset', {
        token: sim.controlToken,
        headers: { 'Content-Type': 'application/json' },
        declaredLength: 10 * 1024 * 1024,
      });
      expect(r.status).toBe(413);
      expect(r.body.error).toMatch(/larger than/);
    });

    it('stops reading a streamed body once it passes 64 KiB (413)', async () => {
      const chunk = Buffer.alloc(16 * 1024, ' ');
      const r = await controlRequest(base, '/reset', {
        token: sim.controlToken,
        headers: { 'Content-Type': 'application/json' },
        chunks: Array.from({ length: 8 }, () => chunk),
      });
      expect(r.status).toBe(413);
      expect(MAX_CONTROL_BODY_BYTES).toBe(64 * 1024);
    });

    it('refuses a body that is not a JSON object (400)', async () => {
      for (const body of ['not json', '[1]', 'null']) {
        const r = await controlRequest(base, '/reset', {
          token: sim.controlToken,
          body,
          headers: { 'Content-Type': 'application/json' },
        });
        expect(r.status).toBe(400);
      }
    });
  });

  describe('/save', () => {
    const before = () => new Set(fs.readdirSync(outside));

    it('refuses paths outside the state folder (400) and writes nothing', async () => {
      fs.symlinkSync(outside, path.join(dir, 'link'));
      const names = before();
      const requests = [
        '../escape.json',
        'drills/../../escape.json',
        path.join(outside, 'abs.json'),
        'link/through-symlink.json',
      ];
      for (const p of requests) {
        const r = await post('/save', { path: p });
        expect(r.status).toBe(400);
        expect(r.body.error).toMatch(
          /only writes inside the simulator's state folder/,
        );
      }
      expect(before()).toEqual(names);
      expect(fs.existsSync(path.join(path.dirname(dir), 'escape.json'))).toBe(
        false,
      );
    });

    it('refuses a symbolic link as the file, and the state files', async () => {
      const victim = path.join(outside, 'victim.json');
      fs.writeFileSync(victim, 'untouched');
      fs.symlinkSync(victim, path.join(dir, 'trap.json'));
      const trap = await post('/save', { path: 'trap.json' });
      expect(trap.status).toBe(400);
      expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');
      for (const p of ['simulator.json', 'kubeconfig', '']) {
        const r = await post('/save', { path: p });
        expect(r.status).toBe(400);
      }
      expect(
        JSON.parse(fs.readFileSync(path.join(dir, 'simulator.json'), 'utf8'))
          .controlToken,
      ).toBe(sim.controlToken);
    });

    it('writes inside the state folder, 0600', async () => {
      const r = await post('/save', { path: 'drills/before.json' });
      expect(r.status).toBe(200);
      const file = path.join(fs.realpathSync(dir), 'drills', 'before.json');
      expect(r.body.path).toBe(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(saved.servers.map((s: any) => s.name)).toEqual([
        'idc',
        'ack',
        'fleet',
      ]);

      const loose = path.join(dir, 'loose.json');
      fs.writeFileSync(loose, '{}', { mode: 0o644 });
      fs.chmodSync(loose, 0o644);
      expect((await post('/save', { path: loose })).status).toBe(200);
      expect(fs.statSync(loose).mode & 0o777).toBe(0o600);
    });
  });

  describe('with the token', () => {
    it('answers GET /state', async () => {
      const r = await controlRequest(base, '/state', {
        method: 'GET',
        token: sim.controlToken,
      });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body.endpoints.control).toBe(base);
      expect(Object.keys(r.body.faults.clusters)).toEqual([
        'idc',
        'ack',
        'fleet',
      ]);
      expect(r.body.cloud.fleets).toHaveLength(1);
    });

    it('injects and clears faults', async () => {
      const off = await post('/faults/clusters/ack/offline', { mode: '503' });
      expect(off.status).toBe(200);
      expect(off.body.faults.clusters.ack.offline).toBeTruthy();
      const slow = await post('/faults/clusters/idc/latency', { ms: 5 });
      expect(slow.status).toBe(200);
      const pods = await post('/faults/clusters/idc/pods', { ready: false });
      expect(pods.status).toBe(200);
      expect((await post('/faults/cloud', { fail: 1 })).status).toBe(200);
      const reset = await post('/reset');
      expect(reset.status).toBe(200);
      expect(reset.body.faults.clusters.ack.offline).toBeFalsy();
      const on = await post('/faults/clusters/ack/online');
      expect(on.status).toBe(200);
    });

    it('makes the next creation of a kind fail and sets provisioning times, until /reset', async () => {
      const fail = await post('/faults/cloud/creation', {
        kind: 'cluster',
        message: 'no capacity',
        count: 2,
      });
      expect(fail.status).toBe(200);
      expect(fail.body.faults.cloud.creationFailures).toEqual({ cluster: 2 });
      const slow = await post('/faults/cloud/provisioning', {
        kind: 'bgp-session',
        seconds: 2.5,
      });
      expect(slow.body.faults.cloud.provisioningMs).toEqual({
        'bgp-session': 2500,
      });
      const back = await post('/faults/cloud/provisioning', {
        kind: 'bgp-session',
        seconds: null,
      });
      expect(back.body.faults.cloud.provisioningMs).toEqual({});
      // the demo world keeps the fast timing
      expect(back.body.faults.cloud.timing.clusterReadyMs).toBe(2000);
      const reset = await post('/reset');
      expect(reset.body.faults.cloud.creationFailures).toEqual({});
    });

    it('refuses unknown kinds and bad values, and a flap without a session (400)', async () => {
      const kind = await post('/faults/cloud/creation', { kind: 'volcano' });
      expect(kind.status).toBe(400);
      expect(kind.body.error).toMatch(
        /unknown kind "volcano": use one of cluster, fleet/,
      );
      expect(
        (await post('/faults/cloud/creation', { kind: 'agent' })).status,
      ).toBe(400);
      expect(
        (
          await post('/faults/cloud/provisioning', {
            kind: 'cluster',
            seconds: -1,
          })
        ).status,
      ).toBe(400);
      const flap = await post('/faults/cloud/bgp-flap', { target: 'vbr-none' });
      expect(flap.status).toBe(400);
      expect(flap.body.error).toMatch(
        /no Established BGP session matches "vbr-none"/,
      );
    });

    it('shows the leased line and its IDC router, never a router key', async () => {
      const r = await controlRequest(base, '/state', {
        method: 'GET',
        token: sim.controlToken,
      });
      expect(r.body.cloud.network.physicalConnections).toEqual([
        expect.objectContaining({
          status: 'Enabled',
          idcRouter: { asn: 65010, ipAddress: '10.254.0.2', authKey: 'none' },
        }),
      ]);
    });

    it('scales a Deployment', async () => {
      const r = await post('/scale', {
        cluster: 'ack',
        namespace: 'web-demo',
        name: 'web-demo',
        replicas: 3,
      });
      expect(r.status).toBe(200);
      expect(r.body.scale.spec.replicas).toBe(3);
    });

    it('answers user errors with 400 and unknown paths with 404', async () => {
      const mode = await post('/faults/clusters/idc/offline', { mode: 'x' });
      expect(mode.status).toBe(400);
      expect(mode.body.error).toBe('mode must be "refuse" or "503"');
      const unknown = await post('/faults/clusters/nope/online');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatch(/unknown cluster "nope"/);
      expect((await post('/nothing')).status).toBe(404);
      const put = await controlRequest(base, '/reset', {
        method: 'PUT',
        token: sim.controlToken,
        body: {},
      });
      expect(put.status).toBe(405);
    });
  });
});

describe('control API guards', () => {
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com'])
      expect(isLoopbackHost(h)).toBe(false);
    expect([...allowedHostHeaders('127.0.0.1', 8)]).toEqual([
      '127.0.0.1:8',
      'localhost:8',
      '[::1]:8',
    ]);
    expect(allowedHostHeaders('::1', 8).has('[::1]:8')).toBe(true);
  });

  it('masks secrets in error messages', () => {
    const token = 'tok_abcdefghijklmnopqrstuvwxyz0123456789';
    const message = [
      `bad ${token} Bearer abc.def`,
      'client-key-data: QUJDREVG token: xyz "accessKeySecret":"s3cr3t"',
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
    ].join(' ');
    const s = redactedMessage(new Error(message), token);
    for (const secret of [
      token,
      'abc.def',
      'QUJDREVG',
      'xyz',
      's3cr3t',
      'MIIE',
    ])
      expect(s).not.toContain(secret);
    expect(s).toMatch(/^bad \[redacted\] Bearer \[redacted\]/);
  });
});
