import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

/** The largest request body the control API reads (64 KiB). */
export const MAX_CONTROL_BODY_BYTES = 64 * 1024;

/** An error the control API answers with its own HTTP status and message. */
export class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ControlError';
  }
}

/** A new random control token: 32 bytes from the system CSPRNG, base64url. */
export function createControlToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are
 * hashed first, so neither the content nor the length of the token leaks
 * through the comparison.
 */
export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (!token) throw new Error('the control API needs a non-empty token');
    this.expected = digest(token);
  }

  check(req: http.IncomingMessage) {
    const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    const given = digest(m?.[1] ?? '');
    if (!m || !crypto.timingSafeEqual(given, this.expected)) {
      throw new ControlError(
        401,
        'missing or wrong control token: send "Authorization: Bearer <token>" ' +
          'with the controlToken from the simulator.json file in the ' +
          "simulator's state folder (the CLI reads it, or takes " +
          'ACK_ONE_SIMULATOR_TOKEN)',
      );
    }
  }
}

/** True for `localhost` and loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

/**
 * The Host headers a loopback-bound control server accepts on `port`; other
 * names (a DNS-rebinding page's own host, for one) are refused.
 */
export function allowedHostHeaders(boundHost: string, port: number) {
  const b = boundHost.toLowerCase();
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(b.includes(':') && !b.startsWith('[') ? `[${b}]` : b);
  return new Set([...names].map(n => `${n}:${port}`));
}

/** Refuses a request whose Host header isn't one of `allowed` (403). */
export function checkHost(req: http.IncomingMessage, allowed: Set<string>) {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(host)) {
    throw new ControlError(
      403,
      `the control API only answers requests addressed to ${[...allowed].join(
        ', ',
      )}`,
    );
  }
}

/** Refuses a POST whose Content-Type isn't `application/json` (415). */
export function checkJsonContentType(req: http.IncomingMessage) {
  const type = (req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/json') {
    throw new ControlError(
      415,
      'POST requests to the control API need "Content-Type: application/json"',
    );
  }
}

function tooLarge(limit: number) {
  return new ControlError(
    413,
    `request body is larger than the control API's limit of ${limit} bytes`,
  );
}

function parseObject(raw: Buffer): Record<string, any> {
  const s = raw.toString('utf8').trim();
  if (!s) return {};
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    throw new ControlError(400, 'request body is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ControlError(400, 'request body must be a JSON object');
  return v as Record<string, any>;
}

/**
 * Reads a JSON object body of at most `limit` bytes. A larger declared
 * Content-Length is refused before reading; a larger streamed body stops
 * being read as soon as it passes the limit (413 either way).
 */
export function readJsonBody(
  req: http.IncomingMessage,
  limit = MAX_CONTROL_BODY_BYTES,
): Promise<Record<string, any>> {
  if (Number(req.headers['content-length']) > limit)
    return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    function onData(c: Buffer) {
      size += c.length;
      if (size > limit) {
        done();
        req.pause();
        reject(tooLarge(limit));
      } else chunks.push(c);
    }
    function onEnd() {
      done();
      try {
        resolve(parseObject(Buffer.concat(chunks)));
      } catch (e) {
        reject(e);
      }
    }
    function onError(e: Error) {
      done();
      reject(e);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * An error message that is safe to send back: the control token, PEM blocks,
 * bearer tokens and `key: value` secrets (as in a kubeconfig) are masked,
 * and the message is cut to one short line.
 */
export function redactedMessage(e: unknown, token: string): string {
  let s = e instanceof Error ? e.message : String(e);
  if (token) s = s.split(token).join('[redacted]');
  s = s
    .replace(
      /-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g,
      '[redacted]',
    )
    .replace(/\b(bearer|basic)\s+\S+/gi, '$1 [redacted]')
    .replace(
      /\b((?:client-)?(?:key|certificate)-data|token|secret|password|accessKeySecret)(["']?\s*[:=]\s*)["']?[^\s"',}]+/gi,
      '$1$2[redacted]',
    );
  const line = s.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
