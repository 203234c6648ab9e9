import https from 'node:https';
import http from 'node:http';
import { execFile, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** Minimal HTTPS JSON request against a simulated API server (tests only). */
export function kubeRequest(
  url: string,
  opts: {
    method?: string;
    token?: string;
    ca: string;
    body?: unknown;
    contentType?: string;
    accept?: string;
  },
): Promise<{
  status: number;
  body: any;
  text: string;
  headers: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve, reject) => {
    let data: string | undefined;
    if (typeof opts.body === 'string') data = opts.body;
    else if (opts.body !== undefined) data = JSON.stringify(opts.body);
    const req = https.request(
      url,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        agent: false,
        headers: {
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          ...(data
            ? {
                'Content-Type': opts.contentType ?? 'application/json',
                'Content-Length': Buffer.byteLength(data),
              }
            : {}),
          ...(opts.accept ? { Accept: opts.accept } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            body,
            text,
            headers: res.headers,
          });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export function httpGet(
  url: string,
  headers: Record<string, string>,
  agent: http.Agent,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `fn` returns a truthy value or the bound is reached. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 15000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * Path of kubectl. When it is missing, the Debian package
 * `kubernetes-client` is installed (the test environment runs as root).
 */
export function ensureKubectl(): string {
  const which = spawnSync('sh', ['-c', 'command -v kubectl']);
  if (which.status === 0) return which.stdout.toString().trim();
  const r = spawnSync(
    'sh',
    [
      '-c',
      'apt-get install -y kubernetes-client || (apt-get update && apt-get install -y kubernetes-client)',
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0)
    throw new Error(
      'kubectl is not installed and apt-get install kubernetes-client failed',
    );
  return spawnSync('sh', ['-c', 'command -v kubectl']).stdout.toString().trim();
}

export function kubectl(
  bin: string,
  kubeconfig: string,
  args: string[],
  input?: string,
  timeoutMs = 30000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = execFile(
      bin,
      ['--kubeconfig', kubeconfig, ...args],
      {
        timeout: timeoutMs,
        env: {
          ...process.env,
          HOME: process.env.HOME ?? os.tmpdir(),
          KUBECACHEDIR: path.join(os.tmpdir(), 'ack-one-sim-kubecache'),
        },
      },
      (err, stdout, stderr) => {
        resolve({
          code: exitCodeOf(err),
          stdout: String(stdout),
          stderr: String(stderr),
        });
      },
    );
    if (input !== undefined) {
      child.stdin?.write(input);
      child.stdin?.end();
    }
  });
}

function exitCodeOf(err: unknown): number {
  if (!err) return 0;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : 1;
}
